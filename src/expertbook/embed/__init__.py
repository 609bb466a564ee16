"""embed domain: the script other sites load, and the framable booking page."""
