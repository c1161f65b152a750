"""`tracker serve`: the production WSGI server (waitress), for the embedded mode."""

import signal
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress import create_server  # type: ignore[import-untyped]

from tracker.jobs import scheduler as jobs


def _stop(_signum: int, _frame: FrameType | None) -> None:
    # SIGTERM (systemd, containers, `kill`) ends the server like Ctrl+C: close, exit 0.
    raise SystemExit(0)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(1, 256), help="Worker threads."
)
@click.option(
    "--no-scheduler",
    is_flag=True,
    help="Do not run the reminder and email jobs here (a `tracker scheduler` runs them).",
)
@with_appcontext
def serve(host: str, port: int, threads: int, no_scheduler: bool) -> None:
    """Serve the web app and the API with waitress (not the Flask debug server)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        server = create_server(app, host=host, port=port, threads=threads)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
    # The embedded scheduler (reminders and email, ARCHITECTURE §6) starts here, in this
    # one process; never in create_app, which every gunicorn worker runs.
    clock = None if no_scheduler else jobs.build(app)
    if clock is not None:
        clock.start()
    click.echo(f"Serving on http://{host}:{port} (Ctrl+C to stop)")
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.close()
        if clock is not None:
            clock.shutdown(wait=False)
