"""A scripted morning in the lobby: who comes in, what they say, and what the robot must do.

Read from a YAML file (e.g. config/scenarios/morning.yaml) and checked before anything runs, so a typo
in a script is reported with the citizen and line it is in, not discovered halfway through a morning.
Every expectation here (intent, procedure, counter, guide destination) is compared with what the
running stack really did (scenario_director.py); nothing in a script is an outcome by itself.
No ROS import.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# DialogState.STATE_* (receptionist_interfaces), kept plain here.
DIALOG_STATES = (
    "idle",
    "greeting",
    "listening",
    "answering",
    "clarifying",
    "offering_guide",
    "guiding",
    "handover",
    "farewell",
)
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file, the citizen and the line."""


@dataclass(frozen=True)
class Expect:
    """What the robot's reply to one line must show (empty fields are not checked)."""

    intent: tuple[str, ...] = ()  # any of these DialogState.intent values
    procedure: tuple[str, ...] = ()  # any of these DialogState.procedure_id values
    counter: str = ""  # DialogState.counter_id
    state: tuple[str, ...] = ()  # any of these DialogState.state values
    ticket: bool | None = None  # True: a ticket number was issued in this turn
    elderly: bool | None = None  # DialogState.elderly_mode
    answer_contains: tuple[str, ...] = ()  # substrings (case-insensitive) of what the robot said

    @property
    def empty(self) -> bool:
        return self == Expect()


@dataclass(frozen=True)
class Line:
    say: str  # what the citizen says (delivered as the ASR's final transcript)
    expect: Expect = Expect()
    confidence: float = 0.9  # the simulated ASR's confidence
    clarify_reply: str = ""  # said only if the robot asks which procedure (state clarifying)


@dataclass(frozen=True)
class Guide:
    destination: str  # POI id the robot must lead the citizen to (e.g. counter_6)
    accompany: bool = True  # the citizen walks along (follows the robot)


@dataclass(frozen=True)
class CitizenScript:
    id: str  # simulation id (spawned for the scenario, removed when done)
    name: str  # how the conversation log calls them, e.g. "Bà Lan"
    request: str  # short label of what they came for (summary table)
    lines: tuple[Line, ...]
    photo: int = 0  # which real photo the simulated camera shows
    walk_speed: float = 0.0  # own pace in m/s (0: the simulation's); an elderly visitor walks slower
    guide: Guide | None = None
    stand: tuple[float, float] = (0.0, 0.0)  # (extra distance, lateral offset) where they stop, metres
    enter: tuple[float, float] | None = None  # where they appear (default: the stage's entrance)
    about: str = ""  # a note for readers of the script


@dataclass(frozen=True)
class Stage:
    home_poi: str = "home"
    entrance: tuple[float, float] = (12.0, 0.5)  # where citizens appear (inside the main door)
    stand_distance: float = 1.2  # citizens stop this far in front of the robot waiting at home
    exit_path: tuple[tuple[float, float], ...] = ((11.4, 2.2), (11.9, 6.0))  # then they leave


@dataclass(frozen=True)
class Morning:
    title: str
    citizens: tuple[CitizenScript, ...]
    stage: Stage = Stage()
    background: tuple[str, ...] = ()  # simulation commands before the first citizen (sim/README.md)
    source: str = ""  # the file it was read from

    @property
    def destinations(self) -> set[str]:
        return {c.guide.destination for c in self.citizens if c.guide is not None}


@dataclass
class _Where:
    path: str
    parts: list[str] = field(default_factory=list)

    def at(self, *more: str) -> _Where:
        return _Where(self.path, [*self.parts, *more])

    def error(self, message: str) -> ScenarioError:
        return ScenarioError(f"{self.path}: {' > '.join(self.parts) + ': ' if self.parts else ''}{message}")


def _strings(value: Any, where: _Where, name: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise where.error(f"'{name}' must be a string or a list of strings, got {value!r}")


def _point(value: Any, where: _Where, name: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and math.isfinite(v) for v in value)
    ):
        raise where.error(f"'{name}' must be [x, y] in metres, got {value!r}")
    return float(value[0]), float(value[1])


def _keys(entry: Any, allowed: set[str], where: _Where, required: tuple[str, ...] = ()) -> dict:
    if not isinstance(entry, dict):
        raise where.error(f"must be a mapping, got {entry!r}")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise where.error(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
    missing = [k for k in required if entry.get(k) in (None, "", [])]
    if missing:
        raise where.error(f"missing {', '.join(missing)}")
    return entry


def parse_expect(entry: Any, where: _Where) -> Expect:
    if entry is None:
        return Expect()
    allowed = {"intent", "procedure", "counter", "state", "ticket", "elderly", "answer_contains"}
    entry = _keys(entry, allowed, where)
    states = _strings(entry.get("state"), where, "state")
    bad = [s for s in states if s not in DIALOG_STATES]
    if bad:
        raise where.error(f"unknown dialog state(s) {bad} (known: {', '.join(DIALOG_STATES)})")
    for flag in ("ticket", "elderly"):
        if flag in entry and not isinstance(entry[flag], bool):
            raise where.error(f"'{flag}' must be true or false")
    counter = entry.get("counter", "")
    if not isinstance(counter, str):
        raise where.error("'counter' must be a counter id")
    return Expect(
        intent=_strings(entry.get("intent"), where, "intent"),
        procedure=_strings(entry.get("procedure"), where, "procedure"),
        counter=counter,
        state=states,
        ticket=entry.get("ticket"),
        elderly=entry.get("elderly"),
        answer_contains=_strings(entry.get("answer_contains"), where, "answer_contains"),
    )


def parse_line(entry: Any, where: _Where) -> Line:
    if isinstance(entry, str):
        entry = {"say": entry}
    entry = _keys(entry, {"say", "expect", "confidence", "clarify_reply"}, where, ("say",))
    if not isinstance(entry["say"], str) or not entry["say"].strip():
        raise where.error("'say' must be a non-empty string")
    confidence = entry.get("confidence", 0.9)
    if not isinstance(confidence, int | float) or not 0.0 < confidence <= 1.0:
        raise where.error(f"'confidence' must be in (0, 1], got {confidence!r}")
    return Line(
        say=entry["say"].strip(),
        expect=parse_expect(entry.get("expect"), where.at("expect")),
        confidence=float(confidence),
        clarify_reply=str(entry.get("clarify_reply", "") or "").strip(),
    )


def parse_citizen(entry: Any, where: _Where) -> CitizenScript:
    allowed = {"id", "name", "request", "lines", "photo", "walk_speed", "guide", "stand", "enter", "about"}
    entry = _keys(entry, allowed, where, ("id", "name", "lines"))
    citizen_id = str(entry["id"])
    if not _ID.match(citizen_id):
        raise where.error(f"id {citizen_id!r} must be a letter then letters, digits or '_'")
    where = where.at(citizen_id)
    lines = entry["lines"]
    if not isinstance(lines, list) or not lines:
        raise where.error("'lines' must be a non-empty list")
    guide = None
    if entry.get("guide") is not None:
        g = _keys(entry["guide"], {"destination", "accompany"}, where.at("guide"), ("destination",))
        guide = Guide(str(g["destination"]), bool(g.get("accompany", True)))
    walk_speed = entry.get("walk_speed", 0.0)
    if not isinstance(walk_speed, int | float) or not 0.0 <= walk_speed <= 2.0:
        raise where.error(f"'walk_speed' must be between 0 and 2 m/s, got {walk_speed!r}")
    photo = entry.get("photo", 0)
    if not isinstance(photo, int) or photo < 0:
        raise where.error(f"'photo' must be a non-negative integer, got {photo!r}")
    parsed = tuple(parse_line(line, where.at(f"line {i + 1}")) for i, line in enumerate(lines))
    return CitizenScript(
        id=citizen_id,
        name=str(entry["name"]),
        request=str(entry.get("request") or parsed[0].say),
        lines=parsed,
        photo=photo,
        walk_speed=float(walk_speed),
        guide=guide,
        stand=_point(entry["stand"], where, "stand") if "stand" in entry else (0.0, 0.0),
        enter=_point(entry["enter"], where, "enter") if "enter" in entry else None,
        about=str(entry.get("about", "")),
    )


# Simulation commands (receptionist_sim.citizens.Crowd.command): verb -> allowed numbers of arguments.
SIM_COMMANDS = {
    "follow": (0,),
    "stop": (0,),
    "wander": (0,),
    "remove": (0,),
    "place": (2, 3),
    "walk": (2,),
    "speed": (1,),
    "spawn": (2, 3, 4),
}


def check_sim_command(command: Any, where: _Where) -> None:
    """A background command must be one the simulation knows, with numeric arguments."""
    parts = command.split() if isinstance(command, str) else []
    if len(parts) < 2 or parts[0] not in SIM_COMMANDS:
        raise where.error(f"{command!r} is not a simulation command ({', '.join(SIM_COMMANDS)} <id> ...)")
    arguments = parts[2:]
    if len(arguments) not in SIM_COMMANDS[parts[0]]:
        raise where.error(f"{command!r}: wrong number of arguments for '{parts[0]}'")
    try:
        values = [float(a) for a in arguments]
    except ValueError:
        raise where.error(f"{command!r}: arguments must be numbers") from None
    if not all(math.isfinite(v) for v in values):
        raise where.error(f"{command!r}: arguments must be finite")


def parse_morning(
    document: Any,
    source: str = "<scenario>",
    poi_ids: set[str] | None = None,
    counter_ids: set[str] | None = None,
) -> Morning:
    """Validate a scenario document; `poi_ids`/`counter_ids` (when given) are the site's known ids."""
    where = _Where(source)
    document = _keys(document, {"title", "stage", "background", "citizens"}, where, ("citizens",))
    stage_entry = _keys(
        document.get("stage") or {},
        {"home_poi", "entrance", "stand_distance", "exit_path"},
        where.at("stage"),
    )
    default = Stage()
    stand_distance = stage_entry.get("stand_distance", default.stand_distance)
    if not isinstance(stand_distance, int | float) or not 0.6 <= stand_distance <= 3.0:
        raise where.at("stage").error(f"'stand_distance' must be 0.6..3.0 m, got {stand_distance!r}")
    exit_path = stage_entry.get("exit_path", [list(p) for p in default.exit_path])
    if not isinstance(exit_path, list):
        raise where.at("stage").error("'exit_path' must be a list of [x, y]")
    stage = Stage(
        home_poi=str(stage_entry.get("home_poi", default.home_poi)),
        entrance=_point(stage_entry.get("entrance", list(default.entrance)), where.at("stage"), "entrance"),
        stand_distance=float(stand_distance),
        exit_path=tuple(_point(p, where.at("stage"), "exit_path") for p in exit_path),
    )
    background = document.get("background") or []
    if not isinstance(background, list):
        raise where.error("'background' must be a list of simulation commands (strings)")
    for command in background:
        check_sim_command(command, where.at("background"))
    entries = document["citizens"]
    if not isinstance(entries, list):
        raise where.error("'citizens' must be a list")
    citizens = tuple(parse_citizen(c, where.at(f"citizen {i + 1}")) for i, c in enumerate(entries))
    ids = [c.id for c in citizens]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise where.error(f"duplicate citizen id(s) {duplicates}")
    if poi_ids is not None:
        if stage.home_poi not in poi_ids:
            raise where.at("stage").error(f"home_poi {stage.home_poi!r} is not a point of interest")
        for citizen in citizens:
            if citizen.guide is not None and citizen.guide.destination not in poi_ids:
                raise where.at(citizen.id, "guide").error(
                    f"destination {citizen.guide.destination!r} is not a point of interest"
                )
    if counter_ids is not None:
        for citizen in citizens:
            for number, line in enumerate(citizen.lines, 1):
                if line.expect.counter and line.expect.counter not in counter_ids:
                    raise where.at(citizen.id, f"line {number}").error(
                        f"counter {line.expect.counter!r} is not one of the site's counters"
                    )
    return Morning(
        title=str(document.get("title") or Path(source).stem),
        citizens=citizens,
        stage=stage,
        background=tuple(c.strip() for c in background),
        source=source,
    )


def load_morning(
    path: str | Path, poi_ids: set[str] | None = None, counter_ids: set[str] | None = None
) -> Morning:
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ScenarioError(f"{path}: cannot read the scenario: {error}") from error
    return parse_morning(document, str(path), poi_ids, counter_ids)


def load_counter_ids(path: str | Path) -> set[str]:
    """Counter ids of config/site/counters.yaml."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ScenarioError(f"{path}: cannot read the counters: {error}") from error
    return {str(c["id"]) for c in data.get("counters") or [] if isinstance(c, dict) and "id" in c}
