"""Parameters of the dialog_manager node: names, defaults, descriptions, and the objects they build.

The node declares exactly these (values come from config/dialog.yaml); the NLU engine and the dialog's
configuration are built here from the values, so the tests and the chat build the same objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from receptionist_dialog.dialog_manager import DialogConfig
from receptionist_dialog.nlu import NluConfig, NluEngine

PARAMETERS = {
    "speech_topic": ("/receptionist/speech", "Transcript topic (final transcripts are answered)"),
    "say_topic": ("/receptionist/say", "SayRequest topic of the TTS node"),
    "people_topic": ("/receptionist/people", "TrackedPeople topic of the vision node"),
    "engagement_topic": ("/receptionist/engagement", "EngagementEvent topic; ENGAGED starts a conversation"),
    "speaking_topic": ("/receptionist/speaking", "SpeakingState topic of the TTS node"),
    "state_topic": ("/receptionist/dialog_state", "DialogState topic (transient local)"),
    "ask_service": ("/receptionist/ask", "Ask service for typed text (screen, terminal)"),
    "guide_action": ("/receptionist/guide_visitor", "GuideVisitor action server of the navigation"),
    "lookup_service": ("/receptionist/lookup_procedure", "bridge: LookupProcedure"),
    "amenities_service": ("/receptionist/list_amenities", "bridge: ListAmenities"),
    "ticket_service": ("/receptionist/issue_ticket", "bridge: IssueTicket"),
    "queue_service": ("/receptionist/queue_status", "bridge: QueueStatus"),
    "application_service": ("/receptionist/application_status", "bridge: ApplicationStatus"),
    "service_timeout_s": (3.0, "longest wait for one bridge call before answering without it"),
    "catalog_retry_s": (2.0, "retry period while the catalog could not be fetched"),
    "catalog_refresh_s": (300.0, "catalog refresh period once fetched"),
    "tick_period_s": (0.5, "period of the timeout checks"),
    "min_confidence": (0.35, "voice transcripts below this confidence are asked again"),
    "silence_timeout_s": (20.0, "silence of an engaged citizen before the robot asks, then says goodbye"),
    "silence_prompts": (1, "'còn cần em giúp gì không?' prompts before closing the conversation"),
    "person_lost_timeout_s": (6.0, "citizen out of sight this long: the conversation ends"),
    "session_expiry_s": (
        600.0,
        "typed sessions with their own session_id are forgotten after this idle time",
    ),
    "elderly_rate_scale": (0.8, "SayRequest.rate_scale for elderly citizens and 'nói chậm thôi'"),
    "slowest_rate_scale": (0.65, "rate_scale after a second 'nói chậm thôi'"),
    "offer_ticket_with_guide": (True, "a yes to the guide offer also takes a queue ticket for that counter"),
    "guide_after_arrival": (0, "GuideVisitor.after_arrival: 0 home, 1 dock, 2 stay"),
    "guide_max_speed_mps": (0.0, "GuideVisitor.max_speed_mps; 0: the navigation's escort speed"),
    "guide_response_timeout_s": (
        5.0,
        "no answer to a GuideVisitor goal within this time: the citizen is told, a late acceptance canceled",
    ),
    "procedure_min_score": (0.6, "NLU: least match strength for a procedure to count as mentioned"),
    "amenity_min_score": (0.6, "NLU: least match strength for an amenity to count as mentioned"),
    "clarify_margin": (0.05, "NLU: two procedures closer than this are asked about, not guessed"),
    "lexicon_file": ("", "NLU lexicon YAML; empty: the package's data/lexicon.yaml"),
    "intents_file": ("", "NLU intent phrases YAML; empty: the package's data/intents.yaml"),
    "points_of_interest_file": (
        "config/site/points_of_interest.yaml",
        "site POIs: the way told in words when the robot cannot lead a citizen; empty: no directions",
    ),
    "directions_origin_poi": ("entrance", "POI the directions are told from (the main entrance)"),
}


def settings_from_file(params_file: str | Path | None) -> dict[str, Any]:
    """The node's parameter values from a ROS parameters file (defaults for what it leaves out), so the
    terminal chat answers with the robot's own thresholds."""
    values = {name: default for name, (default, _) in PARAMETERS.items()}
    if params_file is None or not Path(params_file).is_file():
        return values
    data = yaml.safe_load(Path(params_file).read_text(encoding="utf-8")) or {}
    given = (data.get("dialog_manager") or data.get("/**") or {}).get("ros__parameters", {})
    unknown = sorted(set(given) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"{params_file}: not dialog_manager parameters: {', '.join(unknown)}")
    values.update(given)
    return values


def build_nlu(p: Mapping[str, Any]) -> NluEngine:
    """The NLU engine with the configured thresholds and vocabulary files (the package's by default)."""
    return NluEngine(
        config=NluConfig(
            procedure_min_score=float(p["procedure_min_score"]),
            amenity_min_score=float(p["amenity_min_score"]),
            clarify_margin=float(p["clarify_margin"]),
        ),
        lexicon_path=p["lexicon_file"] or None,
        intents_path=p["intents_file"] or None,
    )


def dialog_config(p: Mapping[str, Any]) -> DialogConfig:
    return DialogConfig(
        silence_timeout_s=float(p["silence_timeout_s"]),
        silence_prompts=int(p["silence_prompts"]),
        person_lost_timeout_s=float(p["person_lost_timeout_s"]),
        session_expiry_s=float(p["session_expiry_s"]),
        elderly_rate_scale=float(p["elderly_rate_scale"]),
        slowest_rate_scale=float(p["slowest_rate_scale"]),
        offer_ticket_with_guide=bool(p["offer_ticket_with_guide"]),
        guide_after_arrival=int(p["guide_after_arrival"]),
    )


def bridge_services(p: Mapping[str, Any]) -> dict[str, str]:
    """The service bridge's service names, keyed as BridgeBackend expects them."""
    return {
        "lookup": p["lookup_service"],
        "amenities": p["amenities_service"],
        "ticket": p["ticket_service"],
        "queue": p["queue_service"],
        "application": p["application_service"],
    }
