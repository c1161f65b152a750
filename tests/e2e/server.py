"""The real app as users run it: `tracker serve` (waitress) on a free port, fresh SQLite database.

Accounts are created with `tracker users create --password-stdin` and data is seeded through the
JSON API with a token from `tracker tokens create`, so the browser tests use the same entry
points as people and scripts do.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TRACKER = Path(sys.executable).with_name("tracker")
SECRET_KEY = "e2e-secret-key-for-tests-only"
PASSWORD = "e2e-password-2026"
# Small pages, so a handful of experiments is enough to exercise the next-page link.
PAGE_SIZE = 4
STARTUP_SECONDS = 20


@dataclass(frozen=True)
class Account:
    """An account the tests sign in with."""

    email: str
    name: str
    role: str
    organisation: str


# One organisation each: the lists of one are not disturbed by the others' journeys, and the
# accounts can be created in parallel (no two commands create the same organisation).
AGENT = Account("agent@ville-a.example", "Agathe Martin", "agent", "Ville A")
OTHER_AGENT = Account("agent@ville-b.example", "Bruno Petit", "agent", "Ville B")
LIST_AGENT = Account("listes@ville-c.example", "Lise Durand", "agent", "Ville C")
# Switching the language is kept on the account: its own account leaves the others in French.
ENGLISH_AGENT = Account("langues@ville-d.example", "Léa Langlois", "agent", "Ville D")
ACCOUNTS = (AGENT, OTHER_AGENT, LIST_AGENT, ENGLISH_AGENT)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """One `tracker serve` process and the CLI calls that prepare its database."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        # The developer's own TRACKER_* settings (a locale, a database) must not leak in.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        self.env = {
            **inherited,
            "TRACKER_DATABASE_URL": f"sqlite:///{workdir / 'e2e.db'}",
            "TRACKER_SECRET_KEY": SECRET_KEY,
            "TRACKER_COOKIE_SECURE": "false",
            "TRACKER_BASE_URL": self.url,
            "TRACKER_PAGE_SIZE": str(PAGE_SIZE),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def _command(self, args: tuple[str, ...]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(TRACKER), *args],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def tracker(self, *commands: tuple[tuple[str, ...], str | None]) -> list[str]:
        """Run `tracker` commands side by side (args, stdin); their outputs, or an error."""
        running = [(args, stdin, self._command(args)) for args, stdin in commands]
        finished = [
            (args, process, *process.communicate(stdin)) for args, stdin, process in running
        ]
        for args, process, out, err in finished:
            if process.returncode != 0:
                raise RuntimeError(f"tracker {' '.join(args)} failed: {err or out}")
        return [out for _args, _process, out, _err in finished]

    def _create_accounts(self) -> None:
        self.tracker(
            *[
                (
                    (
                        "users",
                        "create",
                        "--email",
                        account.email,
                        "--name",
                        account.name,
                        "--role",
                        account.role,
                        "--organisation",
                        account.organisation,
                        "--password-stdin",
                    ),
                    PASSWORD + "\n",
                )
                for account in ACCOUNTS
            ]
        )

    def start(self) -> None:
        """Migrate, start waitress, create the accounts, wait for the health check to answer."""
        self.tracker((("db", "upgrade"), None))
        with self.log_path.open("wb") as log:
            command = [str(TRACKER), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        # The server loads while the accounts are created: each command costs a second or more.
        self._create_accounts()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tracker serve exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"tracker serve did not answer within {STARTUP_SECONDS}s:\n{self.log()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log(self) -> str:
        """What the server printed so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tokens(self, *accounts: Account) -> list[str]:
        """A fresh API token for each account."""
        outputs = self.tracker(
            *[(("tokens", "create", "--email", account.email), None) for account in accounts]
        )
        return [output.strip() for output in outputs]

    def api(self, token: str, method: str, path: str, body: Any = None) -> Any:
        """Call the JSON API and return the decoded answer; an error status raises."""
        request = urllib.request.Request(
            f"{self.url}/api/v1{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.code} {error.read()!r}") from None
