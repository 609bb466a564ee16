"""experts domain."""
