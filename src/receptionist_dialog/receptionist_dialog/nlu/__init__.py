"""Vietnamese understanding for the receptionist: plain Python, no ROS."""

from receptionist_dialog.nlu.engine import (
    PROCEDURE_INTENTS,
    SERVICE_INTENTS,
    Candidate,
    NluConfig,
    NluContext,
    NluEngine,
    Understanding,
)

__all__ = [
    "PROCEDURE_INTENTS",
    "SERVICE_INTENTS",
    "Candidate",
    "NluConfig",
    "NluContext",
    "NluEngine",
    "Understanding",
]
