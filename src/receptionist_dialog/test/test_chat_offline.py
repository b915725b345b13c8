"""The terminal chat in offline mode answers like the robot, with the robot's own parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from receptionist_dialog import chat
from receptionist_dialog.dialog_settings import PARAMETERS, settings_from_file

CONFIG = Path(__file__).resolve().parents[3] / "config"


def one_shot(capsys, text: str, *extra: str) -> dict:
    with pytest.raises(SystemExit) as exited:
        chat.main(["--offline", str(CONFIG), "--json", text, *extra])
    assert exited.value.code == 0
    return json.loads(capsys.readouterr().out)


def test_offline_one_shot_answers_with_and_without_diacritics(capsys):
    with_marks = one_shot(capsys, "làm giấy khai sinh ở quầy nào ạ")
    without = one_shot(capsys, "lam giay khai sinh o quay nao a")
    assert with_marks["procedure"]["id"] == without["procedure"]["id"] == "dang_ky_khai_sinh"
    assert with_marks["counter"] == without["counter"] == "counter_1"
    assert "quầy số 1" in with_marks["answer"]


def test_settings_come_from_the_robot_parameters_file(tmp_path):
    values = settings_from_file(CONFIG / "dialog.yaml")
    assert set(values) == set(PARAMETERS)
    strict = tmp_path / "dialog.yaml"
    strict.write_text("dialog_manager:\n  ros__parameters:\n    procedure_min_score: 0.99\n")
    assert settings_from_file(strict)["procedure_min_score"] == 0.99
    assert (
        settings_from_file(tmp_path / "missing.yaml")["procedure_min_score"]
        == PARAMETERS["procedure_min_score"][0]
    )


def test_an_unknown_parameter_is_a_clear_error(tmp_path):
    wrong = tmp_path / "dialog.yaml"
    wrong.write_text("dialog_manager:\n  ros__parameters:\n    procedure_min_scor: 0.5\n")
    with pytest.raises(ValueError, match="procedure_min_scor"):
        settings_from_file(wrong)


def test_the_parameters_file_changes_the_chat_answer(capsys, tmp_path):
    question = "làm giấy khai sinh ở quầy nào ạ"
    assert "lấy số thứ tự" in one_shot(capsys, question)["answer"]  # config/dialog.yaml offers a ticket
    no_ticket = tmp_path / "dialog.yaml"
    no_ticket.write_text("dialog_manager:\n  ros__parameters:\n    offer_ticket_with_guide: false\n")
    answer = one_shot(capsys, question, "--params-file", str(no_ticket))["answer"]
    assert "quầy số 1" in answer and "lấy số thứ tự" not in answer
