"""The `tracker` command line (placeholder, filled by the CLI work)."""

import click
from flask import Flask
from flask.cli import FlaskGroup


def register(app: Flask) -> None:
    """Attach the tracker commands to the app's CLI."""


def _create_app() -> Flask:
    from tracker import create_app

    return create_app()


@click.group(
    cls=FlaskGroup, create_app=_create_app, add_default_commands=False, add_version_option=False
)
def main() -> None:
    """Droit à l'essai — experimentation tracker."""
