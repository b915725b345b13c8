"""The end of a morning: a summary table for the operator, and the same facts as JSON for tools.

Everything printed comes from the records of what the stack did (scenario_director.py). No ROS import.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from receptionist_sim.scenario_director import CitizenRecord, MorningReport

COLUMNS = ("#", "Citizen", "Request", "Understood (intent / procedure)", "Counter", "Ticket", "Guided to",
           "To counter", "Outcome")  # fmt: skip
WIDTHS = (1, 9, 28, 42, 9, 6, 9, 10, 10)


def _cell(text: str, width: int) -> str:
    text = unicodedata.normalize("NFC", text)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def _seconds(value: float | None) -> str:
    return f"{value:.0f} s" if value is not None else "-"


def citizen_row(index: int, record: CitizenRecord) -> list[str]:
    understood = " / ".join(v for v in (record.intent, record.procedure) if v) or "-"
    guide = record.guide
    if guide is None:
        guided = "no"
    elif guide.robot_arrived_at is not None:
        guided = guide.destination
    else:
        guided = f"FAILED ({guide.destination})"
    return [
        str(index),
        record.script.name,
        record.script.request,
        understood,
        record.counter or "-",
        record.ticket or "-",
        guided,
        _seconds(guide.time_to_counter_s if guide else None),
        "OK" if record.ok else f"FAILED ({len(record.all_failures)})",
    ]


def summary_table(report: MorningReport) -> str:
    rule = "+".join("-" * (w + 2) for w in WIDTHS)
    lines = [
        rule,
        "|".join(f" {_cell(c, w)} " for c, w in zip(COLUMNS, WIDTHS, strict=True)),
        rule,
    ]
    for index, record in enumerate(report.citizens, 1):
        row = citizen_row(index, record)
        lines.append("|".join(f" {_cell(c, w)} " for c, w in zip(row, WIDTHS, strict=True)))
    lines.append(rule)
    served = sum(1 for c in report.citizens if c.ok)
    total = len(report.morning.citizens)
    duration = report.finished_at - report.started_at
    lines.append(
        f"{served}/{total} citizens served as scripted in {duration:.0f} s"
        + ("" if report.ok else " -- MORNING NOT AS SCRIPTED")
    )
    for index, record in enumerate(report.citizens, 1):
        for failure in record.all_failures:
            lines.append(f"  {index}. {record.script.name}: {failure}")
    for failure in report.failures:
        lines.append(f"  morning: {failure}")
    never = [c.name for c in report.morning.citizens[len(report.citizens) :]]
    if never:
        lines.append(f"  not served at all: {', '.join(never)}")
    return "\n".join(lines)


def report_dict(report: MorningReport) -> dict[str, Any]:
    """Everything measured, JSON-ready (times in seconds from the start of the morning)."""
    t0 = report.started_at

    def rel(value: float | None) -> float | None:
        return round(value - t0, 3) if value is not None else None

    citizens = []
    for record in report.citizens:
        guide = record.guide
        citizens.append(
            {
                "id": record.script.id,
                "name": record.script.name,
                "request": record.script.request,
                "ok": record.ok,
                "failures": record.all_failures,
                "intent": record.intent,
                "procedure": record.procedure,
                "counter": record.counter,
                "ticket": record.ticket,
                "guide": None
                if guide is None
                else {
                    "destination": guide.destination,
                    "asked_at": rel(guide.asked_at),
                    "motion_at": rel(guide.motion_at),
                    "robot_arrived_at": rel(guide.robot_arrived_at),
                    "citizen_arrived_at": rel(guide.citizen_arrived_at),
                    "home_at": rel(guide.home_at),
                    "time_to_counter_s": guide.time_to_counter_s,
                },
                "lines": [
                    {
                        "text": line.text,
                        "sent_at": rel(line.sent_at),
                        "state": line.reply.state if line.reply else None,
                        "intent": line.reply.intent if line.reply else None,
                        "robot_said": line.robot_said,
                        "first_say_s": line.first_say_s,
                        "first_word_s": line.first_word_s,
                        "motion_s": line.motion_s,
                        "failures": line.failures,
                    }
                    for line in record.lines
                ],
            }
        )
    return {
        "title": report.morning.title,
        "source": report.morning.source,
        "ok": report.ok,
        "duration_s": round(report.finished_at - report.started_at, 3),
        "failures": report.failures,
        "citizens": citizens,
    }
