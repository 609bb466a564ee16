"""Availability: weekly hours, overrides and the slot engine."""
