AVATAR_PATH = "/api/avatars"


def avatar_url(key: str | None) -> str | None:
    """Where the avatar stored under `key` is served (same origin, so the web app's
    Content-Security-Policy `img-src 'self'` allows it)."""
    return f"{AVATAR_PATH}/{key}" if key else None
