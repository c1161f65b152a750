"""A small keep-alive HTTP client: sign-in with the real form, cookies, timed GETs."""

import http.client
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_NEXT = re.compile(r'href="([^"]*[?&]cursor=[^"]+)"')


@dataclass
class Reply:
    """What one request answered, and how long it took."""

    status: int
    seconds: float
    queries: int | None
    body: str


@dataclass
class Client:
    """One persistent connection to the server, with its cookies and headers."""

    host: str
    port: int
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def request(self, method: str, path: str, body: str | None = None) -> Reply:
        """Send one request on the kept-alive connection (reconnecting once if it was closed)."""
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read().decode("utf-8", "replace")
                seconds = time.perf_counter() - started
                break
            except (http.client.HTTPException, ConnectionError):
                # The server may close an idle keep-alive connection: open a new one once.
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        count = response.getheader("X-Query-Count")
        return Reply(response.status, seconds, int(count) if count else None, data)

    def get(self, path: str) -> Reply:
        """GET a path."""
        return self.request("GET", path)

    def sign_in(self, email: str, password: str) -> None:
        """Sign in through the login form, as a browser does (CSRF token included)."""
        page = self.get("/login")
        token = _CSRF.search(page.body)
        if token is None:
            raise RuntimeError("no CSRF token on /login")
        form = urlencode({"email": email, "password": password, "csrf_token": token.group(1)})
        reply = self.request("POST", "/login", form)
        if reply.status != 302:
            raise RuntimeError(f"sign-in as {email} answered {reply.status}")

    def next_page(self, path: str) -> str | None:
        """The link to the next page of a list, if any."""
        found = _NEXT.search(self.get(path).body)
        return found.group(1).replace("&amp;", "&") if found else None
