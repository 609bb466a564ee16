"""migrations domain."""
