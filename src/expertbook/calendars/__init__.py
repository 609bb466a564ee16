"""External calendars: CalDAV accounts and iCalendar feeds whose busy times the slots
respect, and the CalDAV calendar bookings are written into."""
