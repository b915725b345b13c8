"""Pieces shared by every receptionist node."""
