"""Vietnamese dialog of the receptionist robot."""
