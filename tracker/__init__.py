"""Droit à l'essai: the Flask application factory."""

from typing import Any

from flask import Flask

from tracker import config as config_module
from tracker.resources import resource_dir


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application. Never migrates and never starts the scheduler."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
    )
    settings = config_module.load(app.instance_path, test_config)
    app.config["TRACKER"] = settings
    app.config.update(config_module.flask_settings(settings))
    # Flask's own keys (TESTING, WTF_CSRF_ENABLED...) given in a test mapping; ours are in TRACKER.
    app.config.update(
        {
            k: v
            for k, v in (test_config or {}).items()
            if k.isupper() and k not in config_module.DEFAULTS
        }
    )
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Database, sign-in, CSRF, translations, security headers."""
    from tracker import db, extensions, security

    db.init_app(app)
    extensions.init_app(app)
    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    """HTML blueprints and the JSON API."""
    from tracker.api import blueprint as api
    from tracker.views import register

    register(app)
    app.register_blueprint(api, url_prefix="/api/v1")


def register_errorhandlers(app: Flask) -> None:
    """HTML error pages; the API answers problem+json on its own routes."""
    from tracker.views import errors

    errors.init_app(app)


def register_commands(app: Flask) -> None:
    """The `tracker` CLI commands (also reachable as `flask --app tracker`)."""
    from tracker.cli import register

    register(app)
