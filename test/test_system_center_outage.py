"""System test: the center's service goes down mid-morning while the whole robot keeps running.

The center's process is killed. Procedure questions are still answered (the dialog keeps the catalog
it fetched, the bridge answers from its cache and says the data is stale), a ticket request gets a
clear apology and issues nothing, no process dies; once the center is back, tickets work again and
none is issued twice.
"""

from __future__ import annotations

import time

import pytest

from fixtures.stack import SimStack, destination_of, mentions, procedure_entry
from harness.graph import call_service, wait_for_service

pytestmark = pytest.mark.timeout(150)


def lookup(stack: SimStack, query: str):
    from receptionist_interfaces.srv import LookupProcedure

    client = wait_for_service(stack.node, LookupProcedure, "/receptionist/lookup_procedure")
    return call_service(stack.node, client, LookupProcedure.Request(query=query, max_results=3), timeout=15)


def test_center_down_mid_morning_then_back(sim_stack: SimStack):
    from receptionist_interfaces.srv import LookupProcedure

    stack = sim_stack
    birth, record = destination_of("dang_ky_khai_sinh"), destination_of("cap_phieu_ly_lich_tu_phap")
    stack.engage("p0003")
    stack.wait_state("greeting")

    # Morning as usual: a ticket from the center.
    first, _ = stack.ask("cho tôi lấy số thứ tự làm khai sinh")
    assert first.intent == "take_ticket" and first.counter_id == birth.counter_id, first
    assert first.ticket_number and first.ticket_number in first.last_robot_text, first
    assert [t["number"] for t in stack.center.tickets()] == [first.ticket_number]

    stack.center.kill()  # a crash: SIGKILL, mid-morning

    # Procedure questions: still answered with the catalog's own facts.
    state, spoken = stack.ask("Làm lý lịch tư pháp cần giấy tờ gì")
    assert (state.intent, state.procedure_id) == ("ask_documents", record.procedure_id), state
    documents = procedure_entry(record.procedure_id)["documents"]
    for document in documents:
        assert mentions(state.last_robot_text, document.strip().rstrip(".;")[1:]), (document, state)
    assert spoken.text
    # The bridge serves lookups from its cache, flagged as possibly outdated.
    cached = lookup(stack, "lý lịch tư pháp")
    assert cached.error_code == LookupProcedure.Response.OK and cached.stale, cached
    assert record.procedure_id in [p.id for p in cached.procedures]

    # A ticket cannot be issued: a clear apology, nothing issued, nobody crashed.
    asked = time.monotonic()
    sorry, spoken = stack.ask("cho tôi lấy số làm lý lịch tư pháp")
    assert time.monotonic() - asked < 10, "the citizen waited too long for the apology"
    assert sorry.intent == "take_ticket" and "xin lỗi" in sorry.last_robot_text, sorry
    assert "xin lỗi" in spoken.text
    assert len(stack.center.tickets()) == 1
    stack.assert_running(except_=("center_service",))

    # The center is back: once the bridge sees it (its circuit breaker probes again), tickets work.
    stack.center.start()
    stack.wait_for(lambda: not lookup(stack, "lý lịch tư pháp").stale, 40, "fresh answers from the bridge")
    second, _ = stack.ask("cho tôi lấy số làm lý lịch tư pháp")
    assert second.counter_id == record.counter_id and second.ticket_number, second
    assert second.ticket_number in second.last_robot_text and "xin lỗi" not in second.last_robot_text
    again, _ = stack.ask("lấy số cho tôi")  # the same request again: the same ticket, not a new one
    assert again.ticket_number == second.ticket_number, again

    tickets = stack.center.tickets()
    assert [(t["number"], t["counter_id"]) for t in tickets] == [
        (first.ticket_number, birth.counter_id),
        (second.ticket_number, record.counter_id),
    ], tickets
    assert len({t["request_key"] for t in tickets}) == len(tickets)
    stack.assert_running()
