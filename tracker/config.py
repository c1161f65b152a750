"""Settings: defaults, then TRACKER_* environment variables, then a test mapping.

This is the only module that reads os.environ.
"""

import os
import secrets
from pathlib import Path
from typing import Any

PREFIX = "TRACKER_"

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # default: sqlite:///<instance>/tracker.db
    "SECRET_KEY": None,  # default: generated once and kept in <instance>/secret_key
    "COOKIE_SECURE": True,
    "BASE_URL": "http://127.0.0.1:5000",
    "DEFAULT_LOCALE": "fr",
    "TIMEZONE": "Europe/Paris",
    "PAGE_SIZE": 20,
    "SESSION_HOURS": 8,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_WINDOW_MINUTES": 15,
    "SQL_ECHO": False,
    # Benchmarks and tests: count SQL statements per request in an X-Query-Count header.
    "COUNT_QUERIES": False,
    # Email (ARCHITECTURE §6): smtp | file (instance/mail/*.eml) | console.
    "MAIL_BACKEND": "file",
    "MAIL_FROM": "Droit à l'essai <no-reply@localhost>",
    "MAIL_MAX_ATTEMPTS": 8,
    # A claim older than this goes back to pending (a dispatcher died mid-send).
    "MAIL_LEASE_MINUTES": 10,
    "SMTP_HOST": "localhost",
    "SMTP_PORT": 25,
    "SMTP_TLS": "none",  # none | starttls | ssl
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    # Comma-separated emails of admins who see the portfolio across organisations.
    "INSTANCE_ADMINS": "",
    # An unfiltered portfolio dashboard may be shown this old (with its age) while the
    # scheduler recomputes it; older than this, a reader recomputes it.
    "PORTFOLIO_MAX_AGE_MINUTES": 15,
    # Bulk CSV import of experiments (/admin/import, tracker import): refused beyond these.
    "IMPORT_MAX_BYTES": 2_000_000,
    "IMPORT_MAX_ROWS": 2_000,
}


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"expected true or false, got {raw!r}")
    if isinstance(default, int):
        return int(raw)
    return raw


def _secret_key(instance: Path) -> str:
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(instance_path: str, test_config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The application's settings as a Flask config mapping (keys without the prefix)."""
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    settings = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = os.environ.get(PREFIX + key)
        if raw is not None and raw != "":
            try:
                settings[key] = _coerce(raw, default)
            except ValueError as error:
                raise RuntimeError(f"{PREFIX}{key}: {error}") from None
    settings.update(test_config or {})
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'tracker.db'}"
    if not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = _secret_key(instance)
    return settings


def flask_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The Flask and extension keys derived from our settings."""
    from datetime import timedelta

    return {
        "SECRET_KEY": settings["SECRET_KEY"],
        "SESSION_COOKIE_SECURE": settings["COOKIE_SECURE"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": settings["COOKIE_SECURE"],
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=settings["SESSION_HOURS"]),
        "BABEL_DEFAULT_LOCALE": settings["DEFAULT_LOCALE"],
        "BABEL_DEFAULT_TIMEZONE": settings["TIMEZONE"],
        "WTF_CSRF_TIME_LIMIT": settings["SESSION_HOURS"] * 3600,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
