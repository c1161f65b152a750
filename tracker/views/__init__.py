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
        experiment_ecosystem,
        experiments,
        exports,
        failures,
        gates,
        imports,
        lessons,
        main,
        meetings,
        notifications,
        partners,
        portfolio,
        public,
        retrospectives,
        takeovers,
        territories,
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
        territories,
        partners,
        experiment_ecosystem,
        public,
        imports,
        exports,
    ):
        app.register_blueprint(module.bp)
