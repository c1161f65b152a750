"""A real SMTP server for tests: aiosmtpd on a free port, keeping what it receives."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from flask import Flask


def free_port() -> int:
    """A port nobody listens on now (aiosmtpd's Controller(port=0) cannot pick one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """The SMTP handler: every accepted message, parsed, with its envelope recipients."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self._lock = threading.Lock()
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages whose envelope includes this address."""
        return [m for m, r in zip(self.messages, self.recipients, strict=True) if address in r]


@contextmanager
def smtp_sink(port: int | None = None) -> Iterator[Sink]:
    """Run a sink on a free (or the given) port for the duration of the block."""
    sink = Sink()
    sink.port = port or free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def use_smtp(app: Flask, port: int) -> None:
    """Point the app's mail settings at a local SMTP server without TLS."""
    app.config["TRACKER"].update(
        MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TLS="none"
    )
