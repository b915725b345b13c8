"""End-to-end bench: the whole stack in the lobby simulation, over real DDS, with randomized mornings.

    python bench/bench_e2e.py [--mornings 20] [--citizens 2] [--seed 1] [--guided-every 4]

Starts the processes of config/stack_sim.yaml (the runner's own stack loading and Supervisor; the
scripted-morning entry is left out) and plays `--mornings` random mornings with the scenario director
of receptionist_sim (the same code as the demo's morning): citizens' requests are drawn from the
catalog (procedures, amenities, sample applications) and said in the styles citizens use (diacritics,
none, elderly, terse), from random positions and in random order. It measures
  - transcript -> first spoken word: a final Transcript is published until the TTS reports
    speaking=true for the reply (/receptionist/speaking);
  - transcript -> motion start: the "yes" to a guide offer until the first non-zero /cmd_vel;
  - the success rate: a morning succeeds when every citizen got the catalog's answer (intent,
    procedure, counter, and the catalog's own words: the fee text, the first document, the amenity's
    answer, the application's procedure), a ticket only when they accepted the guide, no ticket twice,
    and every guide ended with the robot AND the citizen at the right counter and the robot back home;
  - the memory of the stack: the sum of the resident set sizes (/proc/<pid>/status VmRSS) of every
    stack process and its children, sampled every 2 s.
To fit 20 mornings in ~15 minutes the TTS does not hold "speaking" for the audio's duration
(hold_without_player:=false): the first spoken word is measured as in the demo, but citizens answer
right after it; and one morning in `--guided-every` has a citizen accept the guide (the others
decline it), since a guided trip there and back takes a minute or more at real speed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """pid and its children, grandchildren... (from /proc/<pid>/task/*/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError, ValueError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return found


class MemorySampler(threading.Thread):
    def __init__(self, supervisor, period_s: float = 2.0) -> None:
        super().__init__(daemon=True)
        self.supervisor = supervisor
        self.period_s = period_s
        self.totals: list[int] = []
        self.peak_by_process: dict[str, int] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.period_s):
            total = 0
            for proc in self.supervisor.processes:
                if proc.popen is None or proc.popen.poll() is not None:
                    continue
                kib = sum(rss_kib(pid) for pid in descendants(proc.popen.pid))
                total += kib
                self.peak_by_process[proc.spec.name] = max(self.peak_by_process.get(proc.spec.name, 0), kib)
            self.totals.append(total)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency_row(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<38} {'n/a':>6}"
    ms = [v * 1000 for v in values]
    return (
        f"{name:<38} {len(ms):>6} {statistics.median(ms):>9.0f} {percentile(ms, 0.95):>9.0f} {max(ms):>9.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mornings", type=int, default=20)
    parser.add_argument("--citizens", type=int, default=2, help="citizens per morning")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--guided-every", type=int, default=4, help="every n-th morning one citizen accepts the guide"
    )
    parser.add_argument("--stack", type=Path, default=ROOT / "config/stack_sim.yaml")
    parser.add_argument("--verbose", action="store_true", help="print every conversation")
    args = parser.parse_args()

    import rclpy
    from rclpy.executors import MultiThreadedExecutor

    from receptionist_common.points_of_interest import load_pois
    from receptionist_common.stack import load_stack
    from receptionist_common.stack_runner import resolve_executable
    from receptionist_common.supervisor import Supervisor
    from receptionist_dialog.catalog_files import load_catalog_dir
    from receptionist_sim.morning_scenario_node import PARAMETERS, DdsWorld
    from receptionist_sim.scenario import parse_morning
    from receptionist_sim.scenario_director import MorningDirector, Timing
    from receptionist_sim.scenario_random import RequestMaker, random_morning

    os.environ.setdefault("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST")
    state_dir = Path(tempfile.mkdtemp(prefix="bench_e2e_"))
    specs = [s for s in load_stack(args.stack, ROOT, {"STATE_DIR": str(state_dir)}) if not s.ends_stack]
    overrides = {"tts": ["-p", "hold_without_player:=false"]}
    entries = [
        (
            s,
            [
                resolve_executable(s.package, s.executable),
                *s.arguments,
                *s.ros_arguments(),
                *overrides.get(s.name, []),
            ],
        )
        for s in specs
    ]
    supervisor = Supervisor(entries, state_dir, dict(os.environ), log=lambda _m: None)
    _, pois = load_pois(ROOT / "config/site/points_of_interest.yaml")
    procedures, amenities, _ = load_catalog_dir(ROOT / "config")
    applications = yaml.safe_load(
        (ROOT / "config/catalog/sample_applications.yaml").read_text(encoding="utf-8")
    )
    maker = RequestMaker(
        procedures,
        amenities,
        applications["applications"],
        random.Random(args.seed),
        set(pois),
    )
    print(f"[bench_e2e] starting {len(entries)} processes (logs in {state_dir}) ...", flush=True)
    started = time.monotonic()
    not_ready = supervisor.start_all()
    if not_ready:
        print(f"[bench_e2e] not ready: {not_ready}", flush=True)
    memory = MemorySampler(supervisor)
    memory.start()
    rclpy.init()
    node = rclpy.create_node("bench_e2e")
    executor = MultiThreadedExecutor(num_threads=4)
    executor.add_node(node)
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    topics = {k: str(v[0]) for k, v in PARAMETERS.items() if k.endswith("_topic")}
    world = DdsWorld(node, topics, echo=args.verbose)
    timing = Timing(think_s=0.3, quiet_settle_s=0.3)
    reports = []
    try:
        for index in range(1, args.mornings + 1):
            guide = args.guided_every > 0 and (index - 1) % args.guided_every == 0
            document = random_morning(maker, index, args.citizens, guide=guide)
            morning = parse_morning(document, f"random morning {index}", set(pois))
            director = MorningDirector(
                morning,
                {p.id: (p.x, p.y, p.yaw) for p in pois.values()},
                world,
                timing,
                ("/dialog_manager: catalog", "/dialog_manager: guide"),
            )
            t0 = time.monotonic()
            report = director.run()
            reports.append(report)
            status = (
                "ok"
                if report.ok
                else "FAILED: "
                + "; ".join([f for c in report.citizens for f in c.all_failures] + report.failures)
            )
            guided = sum(1 for c in report.citizens if c.guide)
            print(
                f"[bench_e2e] morning {index:>2}/{args.mornings}: {len(report.citizens)} citizens, "
                f"{guided} guided, {time.monotonic() - t0:5.1f} s, {status}",
                flush=True,
            )
    except KeyboardInterrupt:
        print("[bench_e2e] interrupted", flush=True)
    finally:
        memory.stopped.set()
        executor.shutdown()
        node.destroy_node()
        rclpy.try_shutdown()
        supervisor.stop_all()
    wall = time.monotonic() - started

    lines = [line for r in reports for line in r.lines]
    first_word = [line.first_word_s for line in lines if line.first_word_s is not None]
    first_say = [line.first_say_s for line in lines if line.first_say_s is not None]
    motion = [line.motion_s for line in lines if line.motion_s is not None]
    citizens = [c for r in reports for c in r.citizens]
    guides = [c.guide for c in citizens if c.guide]
    trips = [g.time_to_counter_s for g in guides if g.time_to_counter_s is not None]
    ok_mornings = sum(1 for r in reports if r.ok)
    print()
    print(f"{'end-to-end latency':<38} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    print(latency_row("transcript -> dialog's say request", first_say))
    print(latency_row("transcript -> first spoken word (TTS)", first_word))
    print(latency_row("'yes' to guide -> motion start", motion))
    print()
    if reports:
        rate = ok_mornings / len(reports)
        print(f"{'success rate (mornings as scripted)':<44} {ok_mornings}/{len(reports)} = {rate:.0%}")
        served = sum(1 for c in citizens if c.ok)
        rate = served / max(1, len(citizens))
        print(f"{'citizens served as expected':<44} {served}/{len(citizens)} = {rate:.0%}")
        reached = sum(
            1
            for c in citizens
            if c.guide
            and c.guide.robot_arrived_at is not None
            and (c.guide.citizen_arrived_at is not None or not (c.script.guide and c.script.guide.accompany))
            and c.guide.home_at is not None
        )
        print(f"{'guides: robot and citizen at counter, home':<44} {reached}/{len(guides)}")
        if trips:
            print(f"{'guide: yes -> citizen at counter (median)':<44} {statistics.median(trips):.1f} s")
    if memory.totals:
        mean, peak = statistics.mean(memory.totals) / 1024, max(memory.totals) / 1024
        count = len(memory.peak_by_process)
        print(
            f"{'stack memory, sum of RSS (mean / peak)':<44} {mean:.0f} / {peak:.0f} MiB, {count} processes"
        )
        top = sorted(memory.peak_by_process.items(), key=lambda kv: -kv[1])
        print("  peak per process (MiB): " + ", ".join(f"{k} {v / 1024:.0f}" for k, v in top))
    print(f"{'wall time':<44} {wall / 60:.1f} min")
    failures = [(c.script.request, f) for c in citizens for f in c.all_failures][:15]
    if failures:
        print("\nfailures (first 15):")
        for request, failure in failures:
            print(f"  {request}: {failure}")
    return 0 if reports else 1


if __name__ == "__main__":
    sys.exit(main())
