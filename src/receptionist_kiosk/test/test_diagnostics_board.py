"""Operator view logic: which node is fine, degraded, failing or silent."""

from receptionist_kiosk.diagnostics_board import ERROR, NEVER_SEEN_MESSAGE, OK, STALE, WARN, DiagnosticsBoard


def by_id(rows):
    return {row["hardware_id"]: row for row in rows}


def test_worst_check_of_a_node_wins():
    board = DiagnosticsBoard(stale_after_s=5.0)
    board.update("/service_bridge", "/service_bridge: alive", OK, "running", now=10.0)
    board.update("/service_bridge", "/service_bridge: center", WARN, "center unreachable", now=10.0)
    row = by_id(board.rows(now=11.0))["/service_bridge"]
    assert (row["level_name"], row["message"], row["stale"]) == ("WARN", "center unreachable", False)
    assert [check["name"] for check in row["checks"]] == ["/service_bridge: alive", "/service_bridge: center"]


def test_a_silent_node_becomes_stale_and_a_new_message_revives_it():
    board = DiagnosticsBoard(stale_after_s=5.0)
    board.update("/tts", "/tts: alive", OK, "running", now=10.0)
    row = by_id(board.rows(now=16.0))["/tts"]
    assert row["level"] == STALE and row["stale"] and "6 giây" in row["message"]
    assert row["level_text"] == "Mất tín hiệu"
    board.update("/tts", "/tts: alive", OK, "running", now=16.5)
    assert by_id(board.rows(now=17.0))["/tts"]["level_name"] == "OK"


def test_expected_nodes_never_heard_are_listed_as_stale():
    board = DiagnosticsBoard(stale_after_s=5.0, expected=["/dialog_manager", "", "/kiosk"])
    board.update("/kiosk", "/kiosk: web", OK, "serving", now=1.0)
    rows = by_id(board.rows(now=1.5))
    assert rows["/dialog_manager"]["never_seen"] and rows["/dialog_manager"]["level"] == STALE
    assert rows["/dialog_manager"]["message"] == NEVER_SEEN_MESSAGE
    assert not rows["/kiosk"]["never_seen"]
    assert "" not in rows


def test_rows_are_sorted_worst_first_and_summary_counts():
    board = DiagnosticsBoard(stale_after_s=5.0, expected=["/vision"])
    board.update("/a", "/a: x", OK, "ok", now=1.0)
    board.update("/b", "/b: x", ERROR, "camera lost", now=1.0)
    board.update("/c", "/c: x", WARN, "slow", now=1.0)
    summary = board.summary(now=2.0)
    assert [row["hardware_id"] for row in summary["nodes"]] == ["/vision", "/b", "/c", "/a"]
    assert summary["counts"] == {"OK": 1, "WARN": 1, "ERROR": 1, "STALE": 1}
    assert summary["all_ok"] is False


def test_all_ok_only_when_every_node_is_ok():
    board = DiagnosticsBoard()
    assert board.summary(now=0.0)["all_ok"] is False  # nothing heard is not "all fine"
    board.update("/a", "/a: x", OK, "ok", now=1.0)
    assert board.summary(now=1.0)["all_ok"] is True


def test_status_without_hardware_id_is_grouped_by_name_and_bad_level_is_an_error():
    board = DiagnosticsBoard()
    board.update("", "camera_driver: fps", 7, "weird", now=1.0)
    row = by_id(board.rows(now=1.0))["camera_driver"]
    assert row["level_name"] == "ERROR"
