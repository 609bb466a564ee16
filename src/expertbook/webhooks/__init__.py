"""Webhooks: experts' own endpoints, told of their bookings' changes with signed calls."""
