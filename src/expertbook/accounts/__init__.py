"""accounts domain: the signed-in user's own settings, data and deletion."""
