"""A private, revocable iCalendar feed of a user's bookings, for any calendar app."""
