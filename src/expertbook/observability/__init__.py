"""What an operator sees: metrics at /metrics and one log line per request."""
