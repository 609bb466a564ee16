"""What people are told outside the app: emails, reminders and webhooks, through the outbox."""
