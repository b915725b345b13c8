"""Plain decisions of the dialog node without ROS: what it publishes for a turn, the catalog refresh
schedule, a guide goal's response against its timeout, and the objects built from the parameters."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import yaml

from receptionist_dialog.catalog_refresh import CatalogRefresh
from receptionist_dialog.dialog_manager import ANSWERING, IDLE, Conversation, Say, Turn
from receptionist_dialog.dialog_settings import PARAMETERS, bridge_services, build_nlu, dialog_config
from receptionist_dialog.goal_watch import GoalResponseWatch
from receptionist_dialog.turn_messages import ask_fields, heard, is_spoken, state_fields

ROOT = Path(__file__).resolve().parents[3]
PROCEDURE = {"id": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch"}


def answer_turn(session_id: str = "s1", ticket: str = "") -> Turn:
    says = [Say("u1", "Dạ, mời bác đến quầy số 3 ạ.", "Dạ, mời bác đến quầy số ba ạ.", 0.8)]
    return Turn(
        session_id,
        ANSWERING,
        says=says,
        intent="ask_counter",
        procedure=dict(PROCEDURE),
        counter_id="counter_3",
        ticket_number=ticket,
    )


def test_low_confidence_voice_counts_as_not_heard():
    assert heard("khai sinh", 0.2, True, 0.35) == ""
    assert heard("khai sinh", 0.5, True, 0.35) == "khai sinh"
    assert heard("khai sinh", 0.0, True, 0.35) == "khai sinh"  # no confidence given: trusted
    assert heard("khai sinh", 0.2, False, 0.35) == "khai sinh"  # typed text has no confidence


def test_only_the_conversation_in_front_of_the_robot_is_spoken():
    assert is_spoken(answer_turn("s1"), None)
    assert is_spoken(answer_turn("s1"), Conversation("s1"))
    assert not is_spoken(answer_turn("screen-7"), Conversation("s1"))


def test_idle_state_has_no_turn_fields():
    assert state_fields(None, None, "") == {"state": IDLE}


def test_state_shows_the_turn_and_the_conversation():
    conv = Conversation("s1", person_id="person_4", elderly=True, tickets={"counter_3": "A012"})
    fields = state_fields(answer_turn("s1"), conv, "khai sinh o dau")
    assert fields == {
        "state": ANSWERING,
        "session_id": "s1",
        "person_id": "person_4",
        "elderly_mode": True,
        "ticket_number": "A012",  # the conversation's ticket when the turn issued none
        "last_user_text": "khai sinh o dau",
        "last_robot_text": "Dạ, mời bác đến quầy số 3 ạ.",  # the displayed text, with digits
        "intent": "ask_counter",
        "counter_id": "counter_3",
        "procedure_id": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
    }
    assert state_fields(answer_turn("s1", ticket="A013"), conv, "")["ticket_number"] == "A013"
    ended = state_fields(Turn("s9", IDLE), None, "tạm biệt")  # the conversation just ended
    assert ended["session_id"] == "s9" and "person_id" not in ended and "procedure_id" not in ended


def test_ask_response_fields_carry_the_details_as_json():
    fields = ask_fields(answer_turn("screen-1", ticket="A013"))
    assert (fields["procedure_id"], fields["procedure_field"]) == ("1.001193", "Hộ tịch")
    assert (fields["counter_id"], fields["ticket_number"]) == ("counter_3", "A013")
    assert fields["state"] == ANSWERING
    details = json.loads(fields["details_json"])
    assert details["procedure"]["name"] == "Đăng ký khai sinh" and "Đăng ký" in fields["details_json"]


def test_catalog_is_fetched_until_it_comes_then_refreshed_now_and_then():
    refresh = CatalogRefresh(retry_s=2.0, refresh_s=300.0)
    assert refresh.is_due(0.0)
    refresh.failed(10.0, have_catalog=False)
    assert not refresh.is_due(11.9) and refresh.is_due(12.0)
    refresh.fetched(12.0)
    assert not refresh.is_due(311.9) and refresh.is_due(312.0)
    refresh.failed(312.0, have_catalog=True)  # answers still come from the catalog held: no hurry
    assert not refresh.is_due(321.9) and refresh.is_due(322.0)


def test_goal_response_or_timeout_whichever_comes_first():
    in_time = GoalResponseWatch()
    assert in_time.answer() is False  # answered in time
    assert in_time.time_out() is False  # the timer firing afterwards does nothing
    late = GoalResponseWatch()
    assert late.time_out() is True
    assert late.time_out() is False  # reported once
    assert late.answer() is True  # a late acceptance is canceled by the node


def test_goal_response_watch_has_one_winner_across_threads():
    watch = GoalResponseWatch()
    start = threading.Barrier(8)
    outcomes: list[bool] = []

    def fire() -> None:
        start.wait()
        outcomes.append(watch.time_out())

    threads = [threading.Thread(target=fire) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(True) == 1 and len(outcomes) == 8


@pytest.fixture(scope="module")
def configured() -> dict:
    """The parameter defaults overlaid with the operator's config/dialog.yaml."""
    values = {name: default for name, (default, _) in PARAMETERS.items()}
    node = yaml.safe_load((ROOT / "config/dialog.yaml").read_text(encoding="utf-8"))["dialog_manager"]
    values.update(node["ros__parameters"])
    return values


def test_every_configured_parameter_is_declared(configured):
    assert set(configured) == set(PARAMETERS), "config/dialog.yaml sets a parameter the node does not declare"


def test_settings_build_the_dialog_from_the_configured_values(configured):
    config = dialog_config(configured)
    assert config.silence_timeout_s == float(configured["silence_timeout_s"])
    assert config.guide_after_arrival == int(configured["guide_after_arrival"])
    assert bridge_services(configured)["ticket"] == configured["ticket_service"]
    nlu = build_nlu(configured)
    assert nlu.config.clarify_margin == float(configured["clarify_margin"])
