"""Experts' pictures: checked, re-encoded and stored, then served by their content's name."""
