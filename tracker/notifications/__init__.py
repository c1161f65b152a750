"""Email: the outbox, message rendering, mail backends (ARCHITECTURE §6)."""
