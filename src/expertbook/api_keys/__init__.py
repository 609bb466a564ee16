"""Personal API keys: scoped, revocable credentials for scripts, rate limited per key."""
