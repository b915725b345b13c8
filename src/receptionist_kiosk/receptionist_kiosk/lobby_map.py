"""The small lobby map of the screen: the Nav2 occupancy grid and the points of interest drawn as SVG.

The files are read with the project's own readers (the map_server format reader of the simulation and
the points-of-interest reader of the navigation package), so the screen shows exactly the map the robot
navigates on. Either file may be missing on a new site: the map then shows what is there and says why.
Each point of interest is an SVG group `id="poi-<id>"` so the page can highlight the current counter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from receptionist_common.occupancy import FREE, OCCUPIED, MapError, OccupancyMap, load_map
from receptionist_common.points_of_interest import Poi, PoiError, load_pois

LONG_SIDE_UNITS = 1000.0  # SVG user units along the longer side of the drawn area
HERE_LABEL = "Bạn đang ở đây"
NO_MAP_LABEL = "Chưa có sơ đồ sảnh"
# Styles travel inside the SVG so /map.svg renders alone too; selectors are scoped to the map.
MAP_STYLE = (
    "<style>"
    ".lobby-map text{font-family:'Noto Sans','DejaVu Sans','Liberation Sans',Arial,sans-serif;"
    "font-weight:700}"
    ".lobby-map .unknown{fill:#c8c8c8}.lobby-map .free{fill:#ffffff}.lobby-map .wall{fill:#2b2b2b}"
    ".lobby-map .counter .mark{fill:#0b3d91;stroke:#ffffff;stroke-width:3}"
    ".lobby-map .counter text{fill:#ffffff}"
    ".lobby-map .halo{display:none}"
    ".lobby-map .highlight .halo{display:inline;fill:rgba(255,176,0,0.35);stroke:#8a4b00;stroke-width:4}"
    ".lobby-map .counter.highlight .mark{fill:#ffb000;stroke:#111111;stroke-width:5}"
    ".lobby-map .counter.highlight text{fill:#111111}"
    ".lobby-map .amenity .mark{fill:#00695c}.lobby-map .dock .mark{fill:#555555}"
    ".lobby-map .amenity.highlight .mark{fill:#ffb000;stroke:#111111;stroke-width:5}"
    ".lobby-map .home .mark{fill:#ad1457;stroke:#ffffff;stroke-width:3}"
    ".lobby-map .home text{fill:#111111;stroke:#ffffff;stroke-width:8;paint-order:stroke}"
    "</style>"
)
_READ_ERRORS = (MapError, PoiError, OSError, ValueError, KeyError, TypeError, IndexError)


@dataclass
class Lobby:
    grid: OccupancyMap | None = None
    pois: dict[str, Poi] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def counter_names(self) -> dict[str, str]:
        """{poi id: Vietnamese name} for the screen's 'Quầy tiếp nhận' line."""
        return {poi.id: poi.name for poi in self.pois.values()}


def load_lobby(map_yaml: Path | None, poi_file: Path | None) -> Lobby:
    """Read what exists; every problem becomes a warning naming the file, never an exception."""
    lobby = Lobby()
    if map_yaml is None or not map_yaml.is_file():
        lobby.warnings.append(f"lobby map {map_yaml} not found: the screen map shows no floor plan")
    else:
        try:
            lobby.grid = load_map(map_yaml)
        except _READ_ERRORS as error:
            lobby.warnings.append(
                f"lobby map {map_yaml} unreadable ({error}): the screen map shows no floor plan"
            )
    if poi_file is None or not poi_file.is_file():
        lobby.warnings.append(f"points of interest {poi_file} not found: no counter can be highlighted")
    else:
        try:
            _, lobby.pois = load_pois(poi_file)
        except _READ_ERRORS as error:
            lobby.warnings.append(
                f"points of interest {poi_file} unreadable ({error}): no counter can be highlighted"
            )
    return lobby


def counter_label(poi: Poi) -> str:
    """The number painted on a counter marker: from 'Quầy số 3 - ...' or the id 'counter_3'."""
    match = re.search(r"(\d+)", poi.name) or re.search(r"(\d+)", poi.id)
    return match.group(1) if match else "?"


class _Frame:
    """World (metres, REP-103: x right, y up on the drawing) to SVG units (y down)."""

    def __init__(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.scale = LONG_SIDE_UNITS / max(x1 - x0, y1 - y0, 1e-6)
        self.width = (x1 - x0) * self.scale
        self.height = (y1 - y0) * self.scale

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.scale, (self.y1 - y) * self.scale


def _frame(lobby: Lobby) -> _Frame | None:
    if lobby.grid is not None:
        grid = lobby.grid
        return _Frame(
            grid.origin_x,
            grid.origin_y,
            grid.origin_x + grid.width * grid.resolution,
            grid.origin_y + grid.height * grid.resolution,
        )
    if lobby.pois:
        xs = [poi.x for poi in lobby.pois.values()]
        ys = [poi.y for poi in lobby.pois.values()]
        margin = 1.5
        return _Frame(min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)
    return None


def _runs_path(mask: np.ndarray, block: float, height_blocks: int) -> str:
    """SVG path of the True cells of `mask` (row 0 = lowest y) as horizontal runs, one subpath each."""
    parts: list[str] = []
    for row in range(mask.shape[0]):
        line = mask[row]
        if not line.any():
            continue
        padded = np.concatenate(([False], line, [False]))
        edges = np.flatnonzero(padded[1:] != padded[:-1])
        y = (height_blocks - 1 - row) * block
        for start, stop in zip(edges[0::2], edges[1::2], strict=True):
            width = (stop - start) * block
            parts.append(f"M{start * block:.2f} {y:.2f}h{width:.2f}v{block:.2f}h{-width:.2f}z")
    return "".join(parts)


def _downsample(data: np.ndarray, factor: int) -> tuple[np.ndarray, np.ndarray]:
    """(occupied, free) masks of factor x factor blocks: a block is occupied if any cell is."""
    rows = -(-data.shape[0] // factor) * factor
    cols = -(-data.shape[1] // factor) * factor
    padded = np.full((rows, cols), -1, dtype=np.int8)
    padded[: data.shape[0], : data.shape[1]] = data
    blocks = padded.reshape(rows // factor, factor, cols // factor, factor)
    occupied = (blocks == OCCUPIED).any(axis=(1, 3))
    free = (blocks == FREE).any(axis=(1, 3)) & ~occupied
    return occupied, free


def _background(frame: _Frame) -> str:
    return f'<rect class="unknown" x="0" y="0" width="{frame.width:.1f}" height="{frame.height:.1f}"/>'


def _grid_layer(grid: OccupancyMap, frame: _Frame, max_blocks: int) -> str:
    factor = max(1, -(-max(grid.width, grid.height) // max_blocks))
    occupied, free = _downsample(grid.data, factor)
    block = grid.resolution * factor * frame.scale
    return (
        f'<g class="floor">{_background(frame)}'
        f'<path class="free" d="{_runs_path(free, block, occupied.shape[0])}"/>'
        f'<path class="wall" d="{_runs_path(occupied, block, occupied.shape[0])}"/></g>'
    )


def _poi_layer(pois: dict[str, Poi], frame: _Frame, highlight: str) -> str:
    metre = frame.scale
    parts: list[str] = []
    # Amenities and the dock first (small), counters and "you are here" on top.
    order = {"amenity": 0, "dock": 1, "counter": 2, "home": 3}
    for poi in sorted(pois.values(), key=lambda p: (order.get(p.kind, 0), p.id)):
        x, y = frame.point(poi.x, poi.y)
        classes = f"poi {poi.kind}" + (" highlight" if poi.id == highlight else "")
        title = f"<title>{escape(poi.name)}</title>"
        if poi.kind == "counter":
            body = (
                f'<circle class="halo" cx="{x:.1f}" cy="{y:.1f}" r="{1.6 * metre:.1f}"/>'
                f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{0.95 * metre:.1f}"/>'
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="{1.25 * metre:.1f}" text-anchor="middle" '
                f'dominant-baseline="central">{escape(counter_label(poi))}</text>'
            )
        elif poi.kind == "home":
            body = (
                f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{0.7 * metre:.1f}"/>'
                f'<text x="{x:.1f}" y="{y - 1.1 * metre:.1f}" font-size="{1.0 * metre:.1f}" '
                f'text-anchor="middle">{escape(HERE_LABEL)}</text>'
            )
        else:
            body = f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{0.4 * metre:.1f}"/>'
        parts.append(f'<g id={quoteattr("poi-" + poi.id)} class="{classes}">{title}{body}</g>')
    return "".join(parts)


def render_svg(lobby: Lobby, highlight: str = "", max_blocks: int = 200) -> str:
    """The lobby as a standalone SVG document; `highlight` is a POI id (e.g. a counter) to mark."""
    frame = _frame(lobby)
    if frame is None:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" class="lobby-map" viewBox="0 0 1000 400" role="img" '
            f'aria-label="{NO_MAP_LABEL}">{MAP_STYLE}'
            f'<text x="500" y="200" font-size="60" text-anchor="middle">{NO_MAP_LABEL}</text></svg>'
        )
    layers = _grid_layer(lobby.grid, frame, max_blocks) if lobby.grid is not None else _background(frame)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lobby-map" viewBox="0 0 {frame.width:.1f} '
        f'{frame.height:.1f}" role="img" aria-label="Sơ đồ sảnh tiếp dân">'
        f"<title>Sơ đồ sảnh tiếp dân</title>{MAP_STYLE}{layers}"
        f"{_poi_layer(lobby.pois, frame, highlight)}</svg>"
    )
