"""auth views (placeholder, filled by the web UI work)."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
