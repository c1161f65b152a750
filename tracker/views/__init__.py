"""HTML blueprints: thin views, form -> service -> flash -> redirect."""

from flask import Flask


def register(app: Flask) -> None:
    """Register every HTML blueprint."""
    from tracker.views import (
        admin,
        admin_settings,
        auth,
        boards,
        charters,
        experiments,
        failures,
        gates,
        lessons,
        main,
        meetings,
        notifications,
        portfolio,
        retrospectives,
        takeovers,
        trainings,
    )

    for module in (
        main,
        auth,
        experiments,
        gates,
        boards,
        meetings,
        admin,
        notifications,
        trainings,
        portfolio,
        retrospectives,
        lessons,
        admin_settings,
        charters,
        takeovers,
        failures,
    ):
        app.register_blueprint(module.bp)
