"""HTML blueprints: thin views, form -> service -> flash -> redirect."""

from flask import Flask


def register(app: Flask) -> None:
    """Register every HTML blueprint."""
    from tracker.views import (
        admin,
        admin_settings,
        auth,
        boards,
        calendar_feeds,
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
        scaling,
        scaling_panel,
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
        scaling,
        scaling_panel,
        territories,
        partners,
        experiment_ecosystem,
        public,
        imports,
        exports,
        calendar_feeds,
    ):
        app.register_blueprint(module.bp)
