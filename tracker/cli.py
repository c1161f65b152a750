"""The `tracker` command line: a FlaskGroup over create_app, commands in tracker.commands."""

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import ArgumentError


def register(app: Flask) -> None:
    """Attach the tracker commands to the app's CLI."""
    from tracker.commands import (
        boards,
        db,
        demo,
        export,
        outbox,
        reminders,
        scheduler,
        serve,
        tokens,
        users,
    )

    app.cli.add_command(db.group)
    app.cli.add_command(boards.group)
    app.cli.add_command(users.group)
    app.cli.add_command(tokens.group)
    app.cli.add_command(demo.demo)
    app.cli.add_command(export.export)
    app.cli.add_command(export.import_)
    app.cli.add_command(serve.serve)
    app.cli.add_command(reminders.group)
    app.cli.add_command(outbox.group)
    app.cli.add_command(scheduler.scheduler)


def _create_app() -> Flask:
    from tracker import create_app

    try:
        return create_app()
    except (RuntimeError, ArgumentError) as error:
        # A bad TRACKER_* setting or database URL: name it in one line, not a traceback.
        raise click.ClickException(f"configuration error: {error}") from None


class UsageProblem(click.ClickException):
    """A usage error shown as one line (click's own adds the usage text and a hint)."""

    exit_code = 2


def _one_line(error: click.UsageError) -> UsageProblem:
    message = " ".join(error.format_message().split())
    if error.ctx is not None:
        message += f" (see `{error.ctx.command_path} --help`)"
    return UsageProblem(message)


class TrackerGroup(FlaskGroup):
    """FlaskGroup that always runs this app and reports every refusal in one line."""

    def __init__(self, **extra: object) -> None:
        super().__init__(**extra)  # type: ignore[arg-type]
        # --app and --debug make no sense here: the app is ours and waitress has no debugger.
        self.params = [p for p in self.params if p.name not in {"app", "debug"}]

    def list_commands(self, ctx: click.Context) -> list[str]:
        # Load first so a configuration error surfaces as one line; FlaskGroup would
        # print a traceback from here.
        ctx.ensure_object(ScriptInfo).load_app()
        return super().list_commands(ctx)

    def make_context(self, *args: object, **extra: object) -> click.Context:
        try:
            return super().make_context(*args, **extra)  # type: ignore[arg-type]
        except click.UsageError as error:
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _one_line(error) from None


@click.group(
    cls=TrackerGroup, create_app=_create_app, add_default_commands=False, add_version_option=False
)
def main() -> None:
    """Droit à l'essai — experimentation tracker."""
