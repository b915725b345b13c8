#!/usr/bin/env python3
"""Latency of a procedure lookup through ROS, HTTP and the database, and ticket issue throughput.

Run after `bash scripts/setup.sh && source scripts/env.sh`:
    python bench/bench_bridge.py [--rounds 200]

Starts a real center service (fresh SQLite file in a temp folder, free loopback port) and a real
service_bridge node process, all on this machine only (LOCALHOST discovery, its own ROS domain).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
os.environ["ROS_AUTOMATIC_DISCOVERY_RANGE"] = "LOCALHOST"
os.environ.setdefault("ROS_DOMAIN_ID", str(50 + os.getpid() % 40))

from service_bridge.catalog import load_catalog  # noqa: E402
from service_bridge.client import CenterClient, ClientSettings  # noqa: E402
from service_bridge.database import open_database  # noqa: E402
from service_bridge.store import CenterStore  # noqa: E402

QUERIES = [
    "Tôi muốn làm giấy khai sinh cho con",
    "lam giay khai sinh",
    "nhập hộ khẩu",
    "sang ten so do",
    "công chứng giấy tờ",
    "đăng ký kết hôn",
    "xin lý lịch tư pháp",
    "làm hộ chiếu",
    "doi bang lai xe",
    "khia sinh",
    "mất sổ đỏ thì làm sao",
    "đăng ký tạm trú cho sinh viên",
    "xin phép xây nhà",
    "đăng ký kinh doanh",
    "rút bảo hiểm xã hội một lần",
    "Cấp Giấy xác nhận tình trạng hôn nhân",
    "tach khau",
    "lamkhaisinh",
    "xin trợ cấp người già",
    "chuyển trường cho con",
]


def percentiles(samples_s: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_s)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000.0, p95 * 1000.0


def timed(function, rounds: int) -> list[float]:
    samples = []
    for i in range(rounds):
        started = time.perf_counter()
        function(i)
        samples.append(time.perf_counter() - started)
    return samples


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_center(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "service_bridge.server",
         "--config", str(REPO / "config" / "center_service.yaml"),
         "--db", str(folder / "center.sqlite3"), "--port", str(port), "--log-level", "WARNING"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/health", timeout=1).read()
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("center service did not start")


def start_bridge(url: str, folder: Path) -> subprocess.Popen[bytes]:
    from ament_index_python.packages import get_package_prefix

    executable = Path(get_package_prefix("service_bridge")) / "lib" / "service_bridge" / "service_bridge"
    return subprocess.Popen(
        [str(executable), "--ros-args", "--params-file", str(REPO / "config" / "service_bridge.yaml"),
         "-p", f"center_url:={url}", "-p", f"cache_path:={folder / 'cache.json'}", "--log-level", "warn"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def bench_database(folder: Path, rounds: int) -> dict[str, list[float]]:
    database = open_database(folder / "direct.sqlite3")
    store = CenterStore(database)
    store.sync_catalog(load_catalog(REPO / "config" / "catalog"))
    store.search("khai sinh", 5)  # build the index once, as the running service has
    result = {
        "lookup, database (in-process search)": timed(
            lambda i: store.search(QUERIES[i % len(QUERIES)], 5), rounds
        ),
        "get by id, database (SQL)": timed(lambda i: store.procedure("dang_ky_khai_sinh"), rounds),
    }
    database.close()
    return result


def bench_http(url: str, rounds: int) -> dict[str, list[float]]:
    client = CenterClient(url, ClientSettings(timeout_s=5.0))
    client.get("/v1/procedures", "SearchResult", {"q": "khai sinh"})
    return {
        "lookup, HTTP (keep-alive client)": timed(
            lambda i: client.get(
                "/v1/procedures", "SearchResult", {"q": QUERIES[i % len(QUERIES)], "limit": 5}
            ),
            rounds,
        ),
        "get by id, HTTP": timed(
            lambda i: client.get("/v1/procedures/dang_ky_khai_sinh", "ProcedureResponse"), rounds
        ),
    }


def bench_tickets_http(url: str, count: int, threads: int) -> tuple[float, list[float]]:
    """Tickets per second with `threads` concurrent clients; returns (rate, per-request latencies)."""
    client = CenterClient(url, ClientSettings(timeout_s=10.0))
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = count // threads

    def worker(worker_id: int) -> None:
        local = []
        for i in range(per_thread):
            started = time.perf_counter()
            client.post(
                "/v1/tickets",
                "TicketResponse",
                {"request_key": f"b{threads}-{worker_id}-{i}", "counter_id": "counter_2"},
                idempotent=True,
            )
            local.append(time.perf_counter() - started)
        with lock:
            latencies.extend(local)

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(w,)) for w in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies


def bench_ros(rounds: int) -> dict[str, list[float]]:
    import rclpy
    from rclpy.executors import SingleThreadedExecutor

    from receptionist_interfaces.srv import IssueTicket, LookupProcedure

    rclpy.init()
    node = rclpy.create_node("bench_bridge")
    executor = SingleThreadedExecutor()
    executor.add_node(node)
    lookup = node.create_client(LookupProcedure, "/receptionist/lookup_procedure")
    ticket = node.create_client(IssueTicket, "/receptionist/issue_ticket")
    if not lookup.wait_for_service(timeout_sec=30) or not ticket.wait_for_service(timeout_sec=30):
        raise SystemExit("service_bridge node did not come up")

    def call(client, request):
        future = client.call_async(request)
        executor.spin_until_future_complete(future, timeout_sec=10)
        response = future.result()
        if response is None or response.error_code != 0:
            raise SystemExit(f"service call failed: {response}")
        return response

    call(lookup, LookupProcedure.Request(query="khai sinh"))
    result = {
        "lookup, ROS service (bridge -> HTTP)": timed(
            lambda i: call(lookup, LookupProcedure.Request(query=QUERIES[i % len(QUERIES)], max_results=5)),
            rounds,
        ),
        "ticket issue, ROS service, sequential": timed(
            lambda i: call(ticket, IssueTicket.Request(request_key=f"ros-{i}", counter_id="counter_3")),
            rounds // 2,
        ),
    }
    node.destroy_node()
    rclpy.shutdown()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="lookups per path")
    parser.add_argument("--tickets", type=int, default=200, help="tickets per throughput run")
    args = parser.parse_args()

    rows: list[tuple[str, int, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench_bridge-") as tmp:
        folder = Path(tmp)
        for name, samples in bench_database(folder, args.rounds).items():
            rows.append((name, len(samples), *percentiles(samples), ""))
        center, url = start_center(folder)
        bridge = None
        try:
            for name, samples in bench_http(url, args.rounds).items():
                rows.append((name, len(samples), *percentiles(samples), ""))
            for threads in (1, 8):
                rate, samples = bench_tickets_http(url, args.tickets, threads)
                rows.append((f"ticket issue, HTTP, {threads} client(s)", len(samples), *percentiles(samples),
                             f"{rate:.0f} tickets/s"))  # fmt: skip
            bridge = start_bridge(url, folder)
            for name, samples in bench_ros(args.rounds).items():
                extra = f"{len(samples) / sum(samples):.0f} tickets/s" if "ticket" in name else ""
                rows.append((name, len(samples), *percentiles(samples), extra))
        finally:
            if bridge is not None:
                os.killpg(bridge.pid, signal.SIGINT)
                bridge.wait(10)
            center.send_signal(signal.SIGTERM)
            center.wait(10)

    print(f"\n{'path':44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}  throughput")
    print("-" * 84)
    for name, n, p50, p95, extra in rows:
        print(f"{name:44} {n:5d} {p50:8.2f} {p95:8.2f}  {extra}")
    print("\n(SQLite with synchronous=FULL: every ticket is fsynced before it is answered.)")


if __name__ == "__main__":
    main()
