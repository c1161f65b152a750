"""JSON API v1 (placeholder, filled by the API work)."""

from flask import Blueprint

blueprint = Blueprint("api", __name__)
