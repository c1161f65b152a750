"""Load and concurrency test: 50 simulated users against gunicorn (4 workers) on PostgreSQL."""
