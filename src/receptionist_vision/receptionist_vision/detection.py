"""What a detector reports for one person in one frame (shared by every detector and the tracker)."""

from __future__ import annotations

from dataclasses import dataclass

from receptionist_vision.geometry import Box

FACING_NONE = "none"  # no face seen (back turned, too far, occluded)
FACING_FRONTAL = "frontal"  # frontal face: the person looks at the robot
FACING_PROFILE = "profile"  # face seen from the side


@dataclass(frozen=True)
class Detection:
    """One person: the (amodal, full-height) body box, an optional face box and how they face us."""

    body: Box
    confidence: float
    face: Box | None = None
    facing: str = FACING_NONE
    source: str = ""  # which cue found them: "hog", "face", "hog+face", "onnx"
    body_truncated: bool = False  # the body box was cut by an image border (height underestimates)
