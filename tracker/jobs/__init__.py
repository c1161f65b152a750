"""Scheduled jobs: the planner finds what is due, the dispatcher sends the outbox."""
