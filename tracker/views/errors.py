"""Error pages (placeholder)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the HTML error handlers."""
