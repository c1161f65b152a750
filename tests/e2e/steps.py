"""Steps the journeys share: signing in, reading the stepper and the timeline, keyboard moves."""

from playwright.sync_api import Locator, Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.server import PASSWORD, Account

MAX_TABS = 40


def sign_in(page: Page, audit: Auditor, account: Account) -> None:
    """Open the site signed out, sign in with the form, land on "my experiments" (French UI)."""
    page.goto("/")
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    audit.check()
    page.get_by_label("Adresse e-mail").fill(account.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mes expérimentations", level=1)).to_be_visible()
    audit.check()


def current_step(page: Page) -> Locator:
    """The stepper's current step."""
    return page.locator(".stepper li[aria-current='step'] .step-label")


def timeline_rows(page: Page) -> Locator:
    """The rows of the experiment's timeline table, oldest first."""
    return page.locator("#timeline tbody tr")


def focused(page: Page) -> dict[str, str]:
    """What has the keyboard focus: id, tag, text, class."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
          const el = document.activeElement;
          return {id: el.id, tag: el.tagName.toLowerCase(), text: el.textContent.trim(),
                  cls: el.className};
        }"""
    )


def tab_to(page: Page, *, element_id: str = "", text: str = "") -> None:
    """Press Tab until the element with this id (or this text) has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if (element_id and now["id"] == element_id) or (text and now["text"] == text):
            return
    raise AssertionError(f"Tab never reached {element_id or text!r} in {MAX_TABS} presses")
