"""Site files named relative to the bringup package are found from any working directory."""

import os
from pathlib import Path

from receptionist_common.site_paths import bringup_share, resolve_site_path


def test_relative_path_found_in_working_directory(tmp_path: Path, monkeypatch):
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "x.yaml").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert resolve_site_path("maps/x.yaml") == Path("maps/x.yaml")


def test_relative_path_falls_back_to_bringup_share(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing here: the installed share directory must answer
    share = bringup_share()
    assert share is not None, "receptionist_bringup must be built (scripts/setup.sh)"
    resolved = resolve_site_path("config/site/counters.yaml")
    assert resolved == share / "config/site/counters.yaml"
    assert resolved.is_file()


def test_missing_file_keeps_its_name_for_the_error(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_site_path("maps/none.yaml") == Path("maps/none.yaml")
    assert resolve_site_path("~/x") == Path(os.path.expanduser("~/x"))
