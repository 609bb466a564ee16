import re
import uuid
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

from expertbook.auth.schemas import UserRead
from expertbook.event_types.schemas import EventTypeRead
from expertbook.kit.i18n import Message
from expertbook.kit.schema import Schema
from expertbook.kit.time import TimeZoneName

RESERVED_USERNAMES = frozenset(
    {
        "api", "login", "logout", "register", "profile", "my-bookings", "expert-dashboard",
        "expert", "experts", "bookings", "booking", "docs", "redoc", "openapi", "assets",
        "static", "socket.io", "healthz", "admin", "settings", "dashboard", "new", "about",
        "help", "support", "terms", "privacy", "event-types", "me", "www", "favicon.ico",
        "embed", "embed.js", "waitlist",
    }
)  # fmt: skip
USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$")


def _validate_username(value: str) -> str:
    value = value.strip().lower()
    if not USERNAME_PATTERN.fullmatch(value):
        raise ValueError(
            Message(
                "A username has 3 to 30 characters: lowercase letters, digits and dashes,"
                " and does not start or end with a dash."
            )
        )
    if value in RESERVED_USERNAMES:
        raise ValueError(
            Message("The username “{name}” is reserved. Please choose another.", name=value)
        )
    return value


Username = Annotated[str, AfterValidator(_validate_username)]

ANY_SITE = "*"
MAX_EMBED_ORIGINS = 20
# A DNS name (letters, digits, dashes; IDNs in their xn-- form) or an IPv6 literal.
_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"
)
_IPV6 = re.compile(r"^\[[0-9a-f:.]+\]$")
ORIGIN_MESSAGE = Message(
    "A site is written as its origin, such as “https://alice.example” or"
    " “http://localhost:8080”: http or https, the host and a port if any, without a path."
    " “*” allows every site."
)


def _validate_origin(value: str) -> str:
    """An origin as browsers send it (scheme://host[:port]), or "*"; it goes into a
    Content-Security-Policy header, so nothing else may pass."""
    if value == ANY_SITE:
        return value
    text = value.lower().removesuffix("/")
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        raise ValueError(ORIGIN_MESSAGE) from None
    host = parts.netloc if port is None else parts.netloc.rsplit(":", 1)[0]
    valid = (
        parts.scheme in ("http", "https")
        and text == f"{parts.scheme}://{parts.netloc}"
        and (_HOST.fullmatch(host) is not None or _IPV6.fullmatch(host) is not None)
    )
    if not valid:
        raise ValueError(ORIGIN_MESSAGE)
    return text


def _distinct_origins(values: list[str]) -> list[str]:
    if ANY_SITE in values and len(values) > 1:
        raise ValueError(
            Message("“*” already allows every site: list it alone, or list the sites.")
        )
    return list(dict.fromkeys(values))


EmbedOrigin = Annotated[str, Field(max_length=300), AfterValidator(_validate_origin)]
EmbedOrigins = Annotated[
    list[EmbedOrigin],
    Field(
        max_length=MAX_EMBED_ORIGINS,
        description="Sites that may show the booking page in a frame (/embed/…): origins"
        ' such as https://alice.example, ["*"] for any site, [] for none',
    ),
    AfterValidator(_distinct_origins),
]
MAX_TOPICS = 10
MAX_LANGUAGES = 10
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _normalise_topic(value: str) -> str:
    """A topic as it is shown, searched and filtered: lower case, single spaces."""
    topic = " ".join(value.split()).lower()
    if not topic:
        raise ValueError(Message("A topic cannot be empty."))
    return topic


def _validate_language(value: str) -> str:
    code = value.strip().lower()
    if not _LANGUAGE.fullmatch(code):
        raise ValueError(
            Message("A language is its ISO 639 code of two or three letters, such as “en” or “de”.")
        )
    return code


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Topic = Annotated[str, Field(max_length=40), AfterValidator(_normalise_topic)]
Topics = Annotated[
    list[Topic],
    Field(max_length=MAX_TOPICS, description="Up to 10 free tags, such as “python” or “tax law”"),
    AfterValidator(_distinct),
]
Language = Annotated[str, Field(max_length=3), AfterValidator(_validate_language)]
Languages = Annotated[
    list[Language],
    Field(max_length=MAX_LANGUAGES, description="ISO 639 codes of the languages spoken"),
    AfterValidator(_distinct),
]
Headline = Annotated[str, Field(max_length=160)]
Bio = Annotated[str, Field(max_length=5000)]


class BecomeExpertRequest(Schema):
    username: Username | None = None
    headline: Headline = ""
    bio: Bio = ""
    timezone: TimeZoneName | None = None


class ExpertUpdate(Schema):
    username: Username | None = None
    headline: Headline | None = None
    bio: Bio | None = None
    timezone: TimeZoneName | None = None
    max_bookings_per_day: Annotated[
        int | None,
        Field(ge=1, le=1000, description="Most bookings a day, of all types; null for no cap"),
    ] = None
    embed_origins: EmbedOrigins | None = None
    topics: Topics | None = None
    languages: Languages | None = None
    listed: bool | None = Field(default=None, description="Whether the directory shows me")


class Rating(Schema):
    """Published reviews' stars: their mean (None without any) and how many there are."""

    average: float | None
    count: int


class ExpertRead(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    username: str
    headline: str
    bio: str
    timezone: str
    max_bookings_per_day: int | None = None
    embed_origins: list[str]
    topics: list[str]
    languages: list[str]
    listed: bool
    avatar_url: str | None
    created_at: datetime


class BecomeExpertResponse(Schema):
    user: UserRead
    expert: ExpertRead


class PublicExpert(Schema):
    """What anyone may see of an expert: never an email."""

    id: uuid.UUID
    name: str
    username: str
    headline: str
    bio: str
    timezone: str
    topics: list[str]
    languages: list[str]
    avatar_url: str | None
    rating: Rating
    event_types: list[EventTypeRead]
