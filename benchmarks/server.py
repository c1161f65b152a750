"""Start the app the way users run it, on a free port, and read its peak memory."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(database_url: str, port: int) -> dict[str, str]:
    """TRACKER_* settings for a benchmark server: its database, counted queries, plain http."""
    return {
        **os.environ,
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_COUNT_QUERIES": "true",
        "TRACKER_COOKIE_SECURE": "false",
        "TRACKER_SECRET_KEY": "benchmark-only-secret",
        "TRACKER_BASE_URL": f"http://127.0.0.1:{port}",
        "TRACKER_MAIL_BACKEND": "console",
    }


def tracker(env: dict[str, str], *args: str) -> str:
    """Run a `tracker` command and return its standard output (fails loudly)."""
    done = subprocess.run(
        [str(BIN / "tracker"), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"tracker {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found += [int(child), *_children(int(child))]
    return found


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0
    for each in (pid, *_children(pid)):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def _wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /healthz within 60 s")


@contextmanager
def running(
    mode: str, env: dict[str, str], port: int, log: Path, workers: int = 2
) -> Iterator[int]:
    """The server process (embedded: tracker serve; scale-out: gunicorn workers); its pid."""
    if mode == "embedded":
        command = [str(BIN / "tracker"), "serve", "--no-scheduler", "--port", str(port)]
    else:
        command = [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "tracker:create_app()",
        ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(port, process, log)
        yield process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
