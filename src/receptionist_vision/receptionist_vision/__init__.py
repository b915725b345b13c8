"""People in front of the receptionist robot: detection, tracking, range, engagement and follow-check."""
