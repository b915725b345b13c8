"""The kiosk's HTTP server on a real socket: pages, JSON API, bad requests and the event stream."""

import http.client
import json
import socket
import threading

import pytest
from receptionist_kiosk.ask_flow import AskFlow, DialogUnavailableError
from receptionist_kiosk.page_state import ROBOT, PageState
from receptionist_kiosk.web_server import KioskWebServer, WebLimits


class Dialog:
    """The dialog's side of Ask, answering from a table (the real one is tested over DDS)."""

    def __init__(self) -> None:
        self.up = True
        self.asked: list[str] = []

    def __call__(self, text: str, session_id: str) -> dict[str, str]:
        if not self.up:
            raise DialogUnavailableError("down for the test")
        self.asked.append(text)
        return {"answer": f"Dạ, robot đã nhận câu hỏi: {text}", "counter_id": "counter_2"}


@pytest.fixture
def kiosk():
    page = PageState()
    dialog = Dialog()
    server = KioskWebServer(
        "127.0.0.1",
        0,
        page,
        AskFlow(page, dialog),
        diagnostics=lambda: {"nodes": [], "counts": {}},
        map_svg=lambda highlight: f'<svg xmlns="http://www.w3.org/2000/svg" data-h="{highlight}"/>',
        limits=WebLimits(max_text_chars=50, max_body_bytes=1024, sse_keepalive_s=0.2),
    )
    server.start()
    server.dialog = dialog
    yield server
    server.stop()


def request(server, method, path, body=None, headers=None):
    host, port = server.address
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def post_json(server, document):
    raw = json.dumps(document, ensure_ascii=False).encode("utf-8")
    response, data = request(server, "POST", "/api/ask", raw, {"Content-Type": "application/json"})
    return response.status, json.loads(data)


def test_pages_and_static_files_are_served(kiosk):
    response, data = request(kiosk, "GET", "/")
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/html")
    assert '<html lang="vi">' in data.decode() and "Gọi nhân viên hỗ trợ" in data.decode()
    response, data = request(kiosk, "GET", "/operator")
    assert response.status == 200 and "/static/operator.js" in data.decode()
    for name, kind in (
        ("kiosk.css", "text/css"),
        ("kiosk.js", "text/javascript"),
        ("operator.js", "text/javascript"),
    ):
        response, _ = request(kiosk, "GET", f"/static/{name}")
        assert response.status == 200 and response.getheader("Content-Type").startswith(kind)
    assert "default-src 'self'" in response.getheader("Content-Security-Policy")


@pytest.mark.parametrize(
    "path",
    ["/static/../web_server.py", "/static/%2e%2e/x.js", "/static/index.html", "/static/nope.css", "/nothing"],
)
def test_unknown_or_unsafe_paths_are_404(kiosk, path):
    response, data = request(kiosk, "GET", path)
    assert response.status == 404 and json.loads(data)["error"] == "not_found"


def test_ask_returns_the_dialogs_answer_and_updates_state(kiosk):
    status, body = post_json(kiosk, {"text": "Tôi muốn công chứng giấy tờ"})
    assert status == 200 and body["answer"] == "Dạ, robot đã nhận câu hỏi: Tôi muốn công chứng giấy tờ"
    assert body["counter_id"] == "counter_2"
    _, data = request(kiosk, "GET", "/api/state")
    state = json.loads(data)
    assert [t["text"] for t in state["turns"]] == ["Tôi muốn công chứng giấy tờ", body["answer"]]


def test_long_text_is_capped_before_reaching_the_dialog(kiosk):
    status, body = post_json(kiosk, {"text": "xin hỏi " * 40})
    assert status == 200 and body["truncated"] is True
    assert len(kiosk.dialog.asked[0]) <= 50


def test_dialog_down_is_503_with_the_polite_message(kiosk):
    kiosk.dialog.up = False
    status, body = post_json(kiosk, {"text": "wifi"})
    assert status == 503 and body["answer"].startswith("Xin lỗi, hệ thống đang bận")


@pytest.mark.parametrize(
    ("body", "headers", "status", "error"),
    [
        (b"{oops", {"Content-Type": "application/json"}, 400, "malformed_json"),
        (b'{"text": "  "}', {"Content-Type": "application/json"}, 400, "empty_text"),
        (
            b'{"text": "x"}',
            {"Content-Type": "application/x-www-form-urlencoded"},
            415,
            "unsupported_media_type",
        ),
        (b"x" * 2000, {"Content-Type": "application/json"}, 413, "body_too_large"),
    ],
)
def test_bad_posts_get_json_errors(kiosk, body, headers, status, error):
    response, data = request(kiosk, "POST", "/api/ask", body, headers)
    document = json.loads(data)
    assert response.status == status and document["ok"] is False and document["error"] == error
    assert kiosk.dialog.asked == []


def test_post_without_length_is_refused(kiosk):
    with socket.create_connection(kiosk.address, timeout=5) as raw:
        raw.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n")
        chunks = []
        while chunk := raw.recv(4096):
            chunks.append(chunk)
    reply = b"".join(chunks).decode()
    assert reply.startswith("HTTP/1.0 411") and "length_required" in reply


def test_post_elsewhere_and_other_methods(kiosk):
    response, _ = request(kiosk, "POST", "/api/state", b"{}", {"Content-Type": "application/json"})
    assert response.status == 404
    response, _ = request(kiosk, "DELETE", "/api/ask")
    assert response.status == 405


def test_map_and_diagnostics_endpoints(kiosk):
    response, data = request(kiosk, "GET", "/map.svg?highlight=counter_4")
    assert response.getheader("Content-Type").startswith("image/svg+xml") and b'data-h="counter_4"' in data
    response, data = request(kiosk, "GET", "/api/diagnostics")
    assert json.loads(data) == {"nodes": [], "counts": {}}


def test_event_stream_pushes_the_state_on_change(kiosk):
    host, port = kiosk.address
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", "/api/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type").startswith("text/event-stream")

    def next_state() -> dict:
        data_line = None
        while True:
            line = response.fp.readline().decode().rstrip("\n")
            if line.startswith("data: "):
                data_line = line[6:]
            elif line == "" and data_line is not None:
                return json.loads(data_line)

    first = next_state()
    assert first["turns"] == []
    threading.Timer(0.1, lambda: kiosk.page.add_turn(ROBOT, "Xin chào bác ạ", "voice")).start()
    second = next_state()
    assert [t["text"] for t in second["turns"]] == ["Xin chào bác ạ"] and second["version"] > first["version"]
    connection.close()
