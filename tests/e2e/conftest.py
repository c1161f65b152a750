"""Browser fixtures: the real server, Debian's Chromium driven by Playwright, axe on every page.

These tests run on SQLite only: they test the journeys people make in a browser, and the
database layer is covered on SQLite and PostgreSQL by the rest of the suite.

Chromium is the system one (`apt-get install chromium`, done by .ci/run); Playwright never
downloads a browser here. A missing /usr/bin/chromium fails the tests, it does not skip them.
A failing test leaves a screenshot and the page's HTML in test-artifacts/ at the repository root.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.axe import Auditor
from tests.e2e.server import AGENT, LIST_AGENT, LiveServer

CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium tries to reach Google services, which hang on the closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-gpu",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`tracker serve` on a fresh migrated SQLite database with the test accounts."""
    server = LiveServer(tmp_path_factory.mktemp("e2e"))
    try:
        server.start()
    except RuntimeError as error:
        server.stop()
        pytest.fail(f"could not start the app for the browser tests: {error}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def tokens(live_server: LiveServer) -> dict[str, str]:
    """API tokens of the accounts whose data the tests seed, by email."""
    accounts = (AGENT, LIST_AGENT)
    values = live_server.tokens(*accounts)
    return {account.email: value for account, value in zip(accounts, values, strict=True)}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium); "
            "Playwright must not download a browser of its own (no downloads on this network)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A tab in a fresh browser context (no cookies: signed out, default language)."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def audit(page: Page, request: pytest.FixtureRequest) -> Iterator[Auditor]:
    """The accessibility checker of `page`; a passing test must have checked every page."""
    auditor = Auditor(page)
    yield auditor
    report = getattr(request.node, "report_call", None)
    if report is not None and report.passed:
        auditor.assert_all_checked()


def _save_artifacts(page: Page, nodeid: str) -> None:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content())
    except Exception as error:  # a crashed page must not hide the test's own failure
        print(f"could not save the failure artefacts of {nodeid}: {error}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """Keep each phase's report on the test; on a failure, screenshot the page."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    page = getattr(item, "funcargs", {}).get("page")
    if report.failed and report.when == "call" and page is not None and not page.is_closed():
        _save_artifacts(page, item.nodeid)
    return report
