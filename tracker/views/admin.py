"""admin views (placeholder, filled by the web UI work)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
