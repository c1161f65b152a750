"""Mail backends chosen by TRACKER_MAIL_BACKEND: smtp (real), file (.eml files), console."""

import hashlib
import smtplib
import ssl
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

BACKENDS = ("smtp", "file", "console")
TLS_MODES = ("none", "starttls", "ssl")


class Backend(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpBackend:
    """Delivers over SMTP, one connection per message (a failure touches one message only)."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.host = settings["SMTP_HOST"]
        self.port = settings["SMTP_PORT"]
        self.tls = settings["SMTP_TLS"]
        self.user = settings["SMTP_USER"]
        self.password = settings["SMTP_PASSWORD"]
        if self.tls not in TLS_MODES:
            raise ValueError(f"TRACKER_SMTP_TLS must be one of {', '.join(TLS_MODES)}")
        # Loading the system's CA certificates is slow: once per backend, not per message.
        self.context = ssl.create_default_context() if self.tls != "none" else None

    def send(self, message: EmailMessage) -> None:
        """Send one message; any error propagates to the dispatcher's backoff."""
        client: smtplib.SMTP
        if self.tls == "ssl":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=30, context=self.context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=30)
        with client:
            if self.tls == "starttls":
                client.starttls(context=self.context)
            if self.user:
                client.login(self.user, self.password or "")
            client.send_message(message)


class FileBackend:
    """Writes each message as an .eml file, so a demo shows what would be sent."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        """Write the message under a name derived from its Message-ID (a resend overwrites)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:24]
        (self.folder / f"{name}.eml").write_bytes(message.as_bytes())


class ConsoleBackend:
    """Prints each message on standard output (development)."""

    def send(self, message: EmailMessage) -> None:
        """Print the message with a separator line."""
        sys.stdout.write(message.as_string() + "\n" + "-" * 72 + "\n")
        sys.stdout.flush()


def backend_for(settings: dict[str, Any], instance_path: str) -> Backend:
    """The backend the settings choose."""
    name = settings["MAIL_BACKEND"]
    if name == "smtp":
        return SmtpBackend(settings)
    if name == "file":
        return FileBackend(Path(instance_path) / "mail")
    if name == "console":
        return ConsoleBackend()
    raise ValueError(f"TRACKER_MAIL_BACKEND must be one of {', '.join(BACKENDS)}")
