"""bookings domain."""
