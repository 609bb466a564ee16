import uuid
from datetime import datetime

from pydantic import Field

from expertbook.bookings.schemas import ClientDetails
from expertbook.kit.schema import Schema
from expertbook.models import WaitlistStatus


class WaitlistJoin(ClientDetails):
    """A place in line for one start of an event type that is full or taken."""


class WaitlistRead(Schema):
    id: uuid.UUID
    event_type_id: uuid.UUID
    event_title: str
    expert_name: str
    expert_username: str
    start: datetime
    end: datetime
    timezone: str
    name: str
    email: str
    status: WaitlistStatus
    position: int | None = Field(description="Place in line while waiting (1 is next)")
    offered_until: datetime | None = Field(
        description="While offered: until when the place is held for this client"
    )
    booking_id: uuid.UUID | None = Field(description="Once claimed: the booking it became")


class WaitlistJoined(WaitlistRead):
    manage_token: str = Field(
        description="Shown once: lets the client see, claim or leave their place. Keep it private."
    )
