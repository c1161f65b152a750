"""main views (placeholder, filled by the web UI work)."""

from flask import Blueprint

bp = Blueprint("main", __name__)
