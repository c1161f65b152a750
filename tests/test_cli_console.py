"""The installed `tracker` console script: help, one-line errors, and `tracker serve` over HTTP."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "tracker"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh embedded install: its own SQLite file and secret."""
    return {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "TRACKER_SECRET_KEY": "console-test",
        "TRACKER_COOKIE_SECURE": "false",
    }


def tracker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_help_lists_the_commands(env):
    result = tracker(env, "--help")
    assert result.returncode == 0, result.stderr
    for command in ("db", "users", "tokens", "demo", "serve"):
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("users", "create", "--email", "a@b.example", "--name", "A", "--role", "boss")
            + ("--organisation", "O"),
            "'boss' is not one of 'agent', 'reviewer', 'admin'",
        ),
        (("serve", "--port", "99999"), "99999 is not in the range"),
        (("tokens", "create"), "Missing option '--email'"),
        (("nonsense",), "No such command 'nonsense'"),
    ],
)
def test_a_bad_argument_is_one_line_without_traceback(env, args, expected):
    result = tracker(env, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and expected in line


def test_a_bad_setting_is_one_line_without_traceback(env):
    result = tracker({**env, "TRACKER_COOKIE_SECURE": "peut-etre"}, "db", "current")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: configuration error: TRACKER_COOKIE_SECURE: expected true or false, got 'peut-etre'"
    )


def test_serve_answers_over_http(env):
    assert tracker(env, "db", "upgrade").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [str(SCRIPT), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    status, server_header = r.status, r.headers.get("Server", "")
                break
            except urllib.error.HTTPError:
                raise
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "tracker serve did not answer in time"
                time.sleep(0.2)
        assert status == 200
        assert server_header == "waitress"
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stdout:
            server.stdout.close()
    assert server.returncode == 0  # SIGTERM is a clean stop


def test_serve_on_a_busy_port_is_one_line(env):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = tracker(env, "serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
