"""Parameters: every one has a description, and config/vision.yaml names only real ones."""

from pathlib import Path

import pytest

from receptionist_vision import settings

CONFIG = Path(__file__).resolve().parents[3] / "config" / "vision.yaml"


def test_every_parameter_has_a_default_and_a_description():
    for name, (default, description) in settings.PARAMETERS.items():
        assert default is not None, name
        assert len(description) > 10, name


def test_config_file_sets_known_parameters_only():
    values = settings.load_yaml(CONFIG)
    assert values, "no person_perception parameters in config/vision.yaml"
    assert set(values) <= set(settings.PARAMETERS)
    cfg = settings.configs(values)
    assert cfg["detector"].face_far_band == tuple(values["detector.face_far_band"])


def test_unknown_parameter_and_detector_are_rejected():
    with pytest.raises(ValueError, match="unknown vision parameters"):
        settings.configs({"detector.hog_enabeld": True})
    with pytest.raises(ValueError, match="detector_type"):
        settings.build_detector({"detector_type": "yolo"})
