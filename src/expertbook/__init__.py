"""ExpertBook: open scheduling with no double bookings."""
