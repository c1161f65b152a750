"""HTML blueprints: thin views, form -> service -> flash -> redirect."""

from flask import Flask


def register(app: Flask) -> None:
    """Register every HTML blueprint."""
    from tracker.views import (
        admin,
        auth,
        boards,
        experiments,
        gates,
        main,
        meetings,
        notifications,
    )

    for module in (main, auth, experiments, gates, boards, meetings, admin, notifications):
        app.register_blueprint(module.bp)
