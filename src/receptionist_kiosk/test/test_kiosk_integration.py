"""The kiosk node as a real process over DDS, its counterpart services in the test's node, and the page
in headless Chromium: typing on the screen goes through the dialog's Ask service like speech does."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import struct
import time
from pathlib import Path
from typing import Any

import pytest
from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy

from harness.graph import wait_for_topic_subscriber
from receptionist_interfaces.msg import Amenity, DialogState, Procedure, SayRequest, Transcript
from receptionist_interfaces.srv import Ask, ListAmenities, LookupProcedure

REPO = Path(__file__).resolve().parents[3]
QUESTION = "Tôi muốn làm giấy khai sinh cho con"
ANSWER = "Dạ, để đăng ký khai sinh, anh/chị mời đến Quầy số 1 - Hộ tịch ạ. Số thứ tự của anh/chị là A-015."
BUTTON_QUESTION = "Tôi muốn hỏi về thủ tục Đăng ký khai sinh"
CATALOG = [("dang_ky_khai_sinh", "Đăng ký khai sinh"), ("cap_the_can_cuoc", "Cấp thẻ căn cước")]


class Counterpart:
    """The test's side of the kiosk: the dialog's Ask service and the bridge's catalog services."""

    def __init__(self, node: Any) -> None:
        self.node = node
        self.asked: list[str] = []
        self.ask_service = None
        node.create_service(LookupProcedure, "/receptionist/lookup_procedure", self._lookup)
        node.create_service(ListAmenities, "/receptionist/list_amenities", self._amenities)

    def serve_ask(self) -> None:
        self.ask_service = self.node.create_service(Ask, "/receptionist/ask", self._ask)

    def _ask(self, request: Ask.Request, response: Ask.Response) -> Ask.Response:
        self.asked.append(request.text)
        if request.text in (QUESTION, BUTTON_QUESTION):
            response.answer = ANSWER
            response.intent = "procedure_info"
            response.procedure_id = "dang_ky_khai_sinh"
            response.procedure_name = "Đăng ký khai sinh"
            response.counter_id = "counter_1"
            response.ticket_number = "A-015"
            response.state = DialogState.STATE_OFFERING_GUIDE
        else:
            response.answer = "Dạ, robot chưa hiểu rõ ý anh/chị, mời anh/chị nói lại giúp robot ạ."
            response.state = DialogState.STATE_CLARIFYING
        return response

    @staticmethod
    def _lookup(
        request: LookupProcedure.Request, response: LookupProcedure.Response
    ) -> LookupProcedure.Response:
        if request.query or request.procedure_id:
            response.error_code = LookupProcedure.Response.NOT_FOUND
            return response
        response.procedures = [
            Procedure(id=pid, name=name, counter_id="counter_1", fee_vnd=Procedure.FEE_UNKNOWN)
            for pid, name in CATALOG
        ]
        response.scores = [1.0] * len(CATALOG)
        return response

    @staticmethod
    def _amenities(
        _request: ListAmenities.Request, response: ListAmenities.Response
    ) -> ListAmenities.Response:
        response.amenities = [Amenity(id="wifi", name="Wifi tốc độ cao miễn phí", poi_id="waiting_area")]
        return response


class Kiosk:
    def __init__(self, process: Any) -> None:
        self.process = process
        match = process.wait_for_log(r"kiosk serving on http://([\d.]+):(\d+)/", timeout=30)
        self.host, self.port = match.group(1), int(match.group(2))
        self.url = f"http://{self.host}:{self.port}/"

    def request(
        self, method: str, path: str, document: Any = None, raw: bytes | None = None
    ) -> tuple[int, Any]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=20)
        body = raw if raw is not None else (json.dumps(document).encode() if document is not None else None)
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, json.loads(data) if data else None

    def state(self) -> dict[str, Any]:
        return self.request("GET", "/api/state")[1]

    def wait_state(self, predicate, timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state()
            if predicate(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"page state never matched; last: {json.dumps(state, ensure_ascii=False)}")


@pytest.fixture
def counterpart(ros_context) -> Counterpart:
    return Counterpart(ros_context.node)


@pytest.fixture
def kiosk(launch_node, counterpart) -> Kiosk:
    process = launch_node(
        "receptionist_kiosk",
        "kiosk",
        params_files=[REPO / "config" / "kiosk.yaml"],
        parameters={
            "port": 0,
            "map_yaml": str(REPO / "maps" / "lobby.yaml"),
            "poi_file": str(REPO / "config" / "site" / "points_of_interest.yaml"),
            "procedure_buttons": ["dang_ky_khai_sinh", "khong_co_thu_tuc_nay", "cap_the_can_cuoc"],
            "amenity_buttons": ["wifi"],
            "ask_timeout_s": 3.0,
            "catalog_retry_s": 0.5,
            "stale_after_s": 2.0,
            "expected_nodes": ["/kiosk", "/dialog_manager"],
        },
    )
    return Kiosk(process)


def texts(state: dict[str, Any]) -> list[tuple[str, str]]:
    return [(turn["role"], turn["text"]) for turn in state["turns"]]


def test_typed_text_goes_through_the_dialog_and_a_dead_dialog_gets_an_apology(kiosk, counterpart):
    status, body = kiosk.request("POST", "/api/ask", {"text": "wifi ở đâu"})
    assert status == 503 and body["answer"].startswith("Xin lỗi, hệ thống đang bận")
    kiosk.process.wait_for_log(r"dialog did not answer 'wifi ở đâu'", timeout=5)

    counterpart.serve_ask()
    deadline = time.monotonic() + 15
    while (status := kiosk.request("POST", "/api/ask", {"text": QUESTION})[0]) == 503:
        assert time.monotonic() < deadline, "the kiosk never reached the Ask service"
        time.sleep(0.2)
    status, body = kiosk.request("POST", "/api/ask", {"text": QUESTION, "source": "screen"})
    assert status == 200
    assert body["answer"] == ANSWER and body["counter_id"] == "counter_1" and body["ticket_number"] == "A-015"
    assert counterpart.asked[-1] == QUESTION
    state = kiosk.state()
    assert texts(state)[-2:] == [("citizen", QUESTION), ("robot", ANSWER)]
    assert state["ticket_number"] == "A-015"
    assert state["counter_name"] == "Quầy số 1 - Hộ tịch"  # from config/site/points_of_interest.yaml


def test_bad_posts_are_refused_by_the_running_node(kiosk, counterpart):
    assert kiosk.request("POST", "/api/ask", raw=b"{not json")[0] == 400
    status, body = kiosk.request("POST", "/api/ask", {"text": "   "})
    assert status == 400 and body["error"] == "empty_text"
    assert kiosk.request("POST", "/api/ask", raw=b"{" + b" " * 10000 + b"}")[0] == 413
    assert counterpart.asked == []
    assert kiosk.process.is_running()


def test_what_the_robot_says_and_hears_appears_on_the_page(kiosk, ros_context):
    node = ros_context.node
    say = node.create_publisher(SayRequest, "/receptionist/say", 10)
    speech = node.create_publisher(Transcript, "/receptionist/speech", 10)
    latched = QoSProfile(
        depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL, reliability=ReliabilityPolicy.RELIABLE
    )
    dialog_state = node.create_publisher(DialogState, "/receptionist/dialog_state", latched)
    dialog_state.publish(
        DialogState(
            state=DialogState.STATE_GUIDING,
            session_id="s-42",
            counter_id="counter_3",
            ticket_number="C-007",
            elderly_mode=True,
        )
    )
    wait_for_topic_subscriber(node, "/receptionist/say")
    wait_for_topic_subscriber(node, "/receptionist/speech")
    speech.publish(Transcript(text="lam can cuoc", is_final=False, source=Transcript.SOURCE_VOICE))
    speech.publish(Transcript(text="bác muốn làm căn cước", is_final=True, confidence=0.8, source="voice"))
    say.publish(SayRequest(text="Dạ, mời bác đi theo robot đến Quầy số 3 ạ.", rate_scale=0.8))

    state = kiosk.wait_state(lambda s: len(s["turns"]) >= 2 and s["ticket_number"] == "C-007")
    # Two topics: their relative order is not defined by DDS, both must be there (the partial is not).
    assert sorted(texts(state)) == [
        ("citizen", "bác muốn làm căn cước"),
        ("robot", "Dạ, mời bác đi theo robot đến Quầy số 3 ạ."),
    ]
    assert state["state"] == "guiding" and state["status_text"] == "Mời anh/chị đi theo robot"
    assert state["counter_id"] == "counter_3" and state["counter_name"].startswith("Quầy số 3")
    assert state["elderly_mode"] is True


def test_buttons_come_from_the_bridges_catalog(kiosk):
    state = kiosk.wait_state(lambda s: len(s["buttons"]) > 1)
    assert [(b["id"], b["label"]) for b in state["buttons"]] == [
        ("procedure:dang_ky_khai_sinh", "Đăng ký khai sinh"),
        ("procedure:cap_the_can_cuoc", "Cấp thẻ căn cước"),
        ("amenity:wifi", "Wifi tốc độ cao miễn phí"),
        ("staff", "Gọi nhân viên hỗ trợ"),
    ]
    kiosk.process.wait_for_log(r"not in the bridge's catalog, not shown: procedure:khong_co_thu_tuc_nay", 5)


def test_operator_view_shows_which_node_is_down(kiosk, ros_context):
    node = ros_context.node
    diagnostics = node.create_publisher(DiagnosticArray, "/diagnostics", 10)
    wait_for_topic_subscriber(node, "/diagnostics")
    status = DiagnosticStatus(
        level=DiagnosticStatus.ERROR,
        name="/vision: camera",
        message="no image for 5 s",
        hardware_id="/vision",
    )
    diagnostics.publish(DiagnosticArray(status=[status]))

    def nodes(board: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {row["hardware_id"]: row for row in board["nodes"]}

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        board = nodes(kiosk.request("GET", "/api/diagnostics")[1])
        if "/vision" in board and not board["/kiosk"]["never_seen"]:
            break
        diagnostics.publish(DiagnosticArray(status=[status]))
        time.sleep(0.2)
    assert board["/vision"]["level_name"] == "ERROR" and board["/vision"]["message"] == "no image for 5 s"
    assert board["/kiosk"]["level_name"] in ("OK", "WARN") and not board["/kiosk"]["stale"]
    assert board["/dialog_manager"]["never_seen"] and board["/dialog_manager"]["level_name"] == "STALE"
    # /vision goes silent: after stale_after_s (2 s) it is shown as lost, while the kiosk keeps reporting.
    time.sleep(2.5)
    board = nodes(kiosk.request("GET", "/api/diagnostics")[1])
    assert board["/vision"]["level_name"] == "STALE" and board["/vision"]["stale"]
    assert not board["/kiosk"]["stale"]


# --- the page in headless Chromium --------------------------------------------------------------------
CONTRAST_JS = """(() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(SELECTOR)].filter((el) => el.offsetParent !== null)
    .map((el) => ({ what: (el.id || el.className) + ': ' + el.textContent.trim().slice(0, 30),
                    color: parse(getComputedStyle(el).color).slice(0, 3), background: background(el),
                    font: parseFloat(getComputedStyle(el).fontSize),
                    height: el.getBoundingClientRect().height,
                    bottom: el.getBoundingClientRect().bottom, right: el.getBoundingClientRect().right }));
})()"""
TEXT_SELECTOR = (
    "h1, h2, .status, .turn .text, .turn .speaker, .ticket-number, .counter-name, .empty-hint, figcaption"
)
TOUCH_SELECTOR = "button, input"


def luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255.0
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def keep(shot: Path) -> None:
    """Copy a screenshot to $KIOSK_SCREENSHOT_DIR when set, for a person to look at."""
    target = os.environ.get("KIOSK_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / shot.name).write_bytes(shot.read_bytes())


def test_the_page_in_headless_chromium(kiosk, counterpart, headless_chromium, tmp_path):
    counterpart.serve_ask()
    page = headless_chromium.open_page(kiosk.url)
    page.wait_for("document.querySelectorAll('#procedure-buttons .shortcut').length === 2")
    page.wait_for("document.getElementById('poi-counter_1') !== null")  # the map is drawn

    # Type a question and touch "Gửi": the answer of the dialog (over DDS) appears in the page.
    page.type_text("#ask-input", QUESTION)
    page.click("#ask-send")
    page.wait_for(f"document.getElementById('turns').innerText.includes({json.dumps(ANSWER)})", timeout=20)
    assert counterpart.asked[-1] == QUESTION
    assert page.evaluate("document.getElementById('ticket-number').textContent") == "A-015"
    assert page.evaluate("document.getElementById('counter-name').textContent") == "Quầy số 1 - Hộ tịch"
    page.wait_for("document.getElementById('poi-counter_1').classList.contains('highlight')")
    page.wait_for("document.getElementById('ask-input').value === ''")  # cleared when /api/ask returns
    assert page.evaluate("document.querySelectorAll('.poi.highlight').length") == 1

    # Readability for the elderly: text >= 24px, touch targets >= 48px, WCAG AA contrast (>= 4.5:1).
    texts_seen = page.evaluate(CONTRAST_JS.replace("SELECTOR", json.dumps(TEXT_SELECTOR)))
    touch = page.evaluate(CONTRAST_JS.replace("SELECTOR", json.dumps(TOUCH_SELECTOR)))
    assert len(texts_seen) >= 8 and len(touch) >= 6
    for item in texts_seen + touch:
        assert item["font"] >= 24, item
        assert contrast(item["color"], item["background"]) >= 4.5, item
    for item in touch:
        assert item["height"] >= 48, item
        assert item["bottom"] <= 800 and item["right"] <= 1280, item  # on screen without scrolling
    assert page.evaluate("document.documentElement.lang") == "vi"

    shot = page.screenshot(tmp_path / "kiosk_page.png")
    assert png_size(shot) == (1280, 800)
    assert shot.stat().st_size > 30_000  # a rendered page, not a blank one
    keep(shot)

    # A touch button asks the dialog the question a citizen would say; an empty send is refused politely.
    page.click("#btn-procedure-dang_ky_khai_sinh")
    deadline = time.monotonic() + 10
    while BUTTON_QUESTION not in counterpart.asked:
        assert time.monotonic() < deadline, counterpart.asked
        time.sleep(0.1)
    page.wait_for("!document.getElementById('ask-send').disabled")  # the button's answer has come back
    page.click("#ask-send")
    assert "vui lòng nhập câu hỏi" in page.wait_for("document.getElementById('form-error').textContent")


def test_operator_page_in_headless_chromium(kiosk, headless_chromium, tmp_path):
    page = headless_chromium.open_page(kiosk.url + "operator")
    rows = page.wait_for(
        "(() => { const r = [...document.querySelectorAll('#nodes tr')].map((tr) => tr.dataset.hardwareId);"
        " return r.includes('/kiosk') && r.includes('/dialog_manager') ? r : null; })()"
    )
    assert rows[0] == "/dialog_manager"  # never heard from: listed first, as lost
    summary = page.evaluate("document.getElementById('summary').textContent")
    assert re.search(r"\d+ mất tín hiệu", summary), summary
    shot = page.screenshot(tmp_path / "kiosk_operator.png")
    assert png_size(shot) == (1280, 800)
    keep(shot)


def test_page_state_is_pushed_without_reload(kiosk, ros_context, headless_chromium):
    """Server-Sent Events: a SayRequest shows up on an open page with no request from the page."""
    page = headless_chromium.open_page(kiosk.url)
    state_fetches = (
        "performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/state')).length"
    )
    page.wait_for(
        f"document.body.dataset.version !== undefined && {state_fetches} === 1"
    )  # the initial fetch
    say = ros_context.node.create_publisher(SayRequest, "/receptionist/say", 10)
    wait_for_topic_subscriber(ros_context.node, "/receptionist/say")
    say.publish(SayRequest(text="Xin kính chào bác, bác cần robot giúp gì ạ?"))
    page.wait_for("document.getElementById('turns').innerText.includes('Xin kính chào bác')", timeout=10)
    assert page.evaluate(state_fetches) == 1  # pushed by the event stream, not fetched


def test_missing_site_files_are_logged_and_the_page_still_works(launch_node, tmp_path):
    missing = {
        "map_yaml": str(tmp_path / "maps" / "lobby.yaml"),
        "poi_file": str(tmp_path / "config" / "site" / "points_of_interest.yaml"),
    }
    process = launch_node("receptionist_kiosk", "kiosk", parameters={"port": 0, **missing})
    kiosk = Kiosk(process)
    process.wait_for_log(r"lobby map \S+maps/lobby.yaml not found", timeout=5)
    process.wait_for_log(r"points of interest \S+points_of_interest.yaml not found", timeout=5)
    connection = http.client.HTTPConnection(kiosk.host, kiosk.port, timeout=10)
    connection.request("GET", "/map.svg")
    assert "Chưa có sơ đồ sảnh" in connection.getresponse().read().decode()
    assert kiosk.state()["turns"] == []


def test_a_busy_port_is_a_clear_fatal_error(launch_node):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = launch_node("receptionist_kiosk", "kiosk", parameters={"port": port})
        process.wait_for_log(
            rf"cannot serve the kiosk page on 127.0.0.1:{port}: .*Address already in use", 20
        )
        deadline = time.monotonic() + 10
        while process.is_running() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.returncode == 1
