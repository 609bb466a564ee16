from expertbook.kit.schema import Schema


class CalendarFeed(Schema):
    """The private feed's address: `url` for any calendar app, `webcalUrl` to subscribe
    in one click. Whoever has it sees the bookings, so it can be replaced (rotate)."""

    url: str
    webcal_url: str
