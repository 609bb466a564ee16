"""Email: composing the messages people get, and handing them to SMTP or to .eml files."""
