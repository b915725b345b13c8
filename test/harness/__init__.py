"""Test harness: real node processes over real DDS, kept on this machine."""
