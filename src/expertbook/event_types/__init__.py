"""event types domain."""
