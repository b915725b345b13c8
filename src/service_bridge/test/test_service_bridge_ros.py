"""The bridge node as a separate process, over real DDS, in front of the real center service.

Each service is called; then the center is stopped and the node must keep answering procedure and
amenity questions from its cache (stale) and refuse tickets plainly.
"""

from __future__ import annotations

import pytest

pytest.importorskip("rclpy")

from harness.graph import call_service, wait_for_service
from receptionist_interfaces.msg import Procedure
from receptionist_interfaces.srv import (
    ApplicationStatus,
    IssueTicket,
    ListAmenities,
    LookupProcedure,
    QueueStatus,
)


@pytest.fixture
def bridge_node(service_bridge_factory):
    return service_bridge_factory(request_timeout_s=0.5, max_retries=1, breaker_reset_timeout_s=30.0)


def test_services_live_then_center_down(ros_context, bridge_node, center_service):
    node = ros_context.node
    lookup = wait_for_service(node, LookupProcedure, "/receptionist/lookup_procedure")
    amenities = wait_for_service(node, ListAmenities, "/receptionist/list_amenities")
    ticket = wait_for_service(node, IssueTicket, "/receptionist/issue_ticket")
    queues = wait_for_service(node, QueueStatus, "/receptionist/queue_status")
    application = wait_for_service(node, ApplicationStatus, "/receptionist/application_status")

    response = call_service(
        node, lookup, LookupProcedure.Request(query="tôi muốn làm giấy khai sinh cho con")
    )
    assert (response.error_code, response.stale) == (LookupProcedure.Response.OK, False)
    best = response.procedures[0]
    assert (best.id, best.counter_id, best.fee_vnd) == ("dang_ky_khai_sinh", "counter_1", 0)
    assert len(response.scores) == len(response.procedures) and response.scores[0] == pytest.approx(1.0)
    unknown_fee = call_service(
        node, lookup, LookupProcedure.Request(procedure_id="dang_ky_the_chap_quyen_su_dung_dat")
    )
    assert unknown_fee.procedures[0].fee_vnd == Procedure.FEE_UNKNOWN
    missing = call_service(node, lookup, LookupProcedure.Request(procedure_id="khong_co"))
    assert missing.error_code == LookupProcedure.Response.NOT_FOUND and missing.error_message

    listed = call_service(node, amenities, ListAmenities.Request())
    assert listed.error_code == 0 and len(listed.amenities) == 16 and not listed.stale

    issued = call_service(
        node, ticket, IssueTicket.Request(request_key="ros-1", procedure_id="dang_ky_ket_hon")
    )
    assert (issued.error_code, issued.ticket_number, issued.counter_id) == (0, "1-0001", "counter_1")
    again = call_service(
        node, ticket, IssueTicket.Request(request_key="ros-1", procedure_id="dang_ky_ket_hon")
    )
    assert (again.ticket_number, again.duplicate) == ("1-0001", True)
    bad = call_service(node, ticket, IssueTicket.Request(request_key="", counter_id="counter_1"))
    assert bad.error_code == IssueTicket.Response.INVALID_REQUEST

    queue = call_service(node, queues, QueueStatus.Request(counter_id="counter_1"))
    assert queue.error_code == 0 and queue.counters[0].waiting == 1
    assert len(call_service(node, queues, QueueStatus.Request()).counters) == 9

    status = call_service(
        node, application, ApplicationStatus.Request(application_code="000.00.12.H26-250801-0002")
    )
    assert (status.error_code, status.status, status.counter_id) == (0, "ready", "counter_9")
    assert status.status_text.endswith("ạ.")
    garbage = call_service(node, application, ApplicationStatus.Request(application_code="xin chào"))
    assert garbage.error_code == ApplicationStatus.Response.INVALID_REQUEST

    center_service.stop()

    offline = call_service(node, lookup, LookupProcedure.Request(query="nhap ho khau"), timeout=10)
    assert (offline.error_code, offline.stale) == (LookupProcedure.Response.OK, True)
    assert offline.procedures[0].id == "dang_ky_thuong_tru" and offline.error_message
    offline_amenities = call_service(node, amenities, ListAmenities.Request(), timeout=10)
    assert offline_amenities.stale and len(offline_amenities.amenities) == 16
    refused = call_service(
        node, ticket, IssueTicket.Request(request_key="ros-2", counter_id="counter_2"), timeout=10
    )
    assert refused.error_code == IssueTicket.Response.BACKEND_UNAVAILABLE and refused.ticket_number == ""
    assert "chưa lấy được số thứ tự" in refused.error_message
    offline_queue = call_service(node, queues, QueueStatus.Request(counter_id="counter_1"), timeout=10)
    assert offline_queue.error_code == QueueStatus.Response.BACKEND_UNAVAILABLE
    offline_status = call_service(
        node, application, ApplicationStatus.Request(application_code="000.00.12.H26-250801-0002"), timeout=10
    )
    assert offline_status.error_code == ApplicationStatus.Response.BACKEND_UNAVAILABLE
    assert bridge_node.is_running()
