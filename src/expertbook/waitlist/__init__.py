"""Clients in line for a full group session or a taken slot, served fairly and once."""
