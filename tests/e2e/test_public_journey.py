"""The public portal in a real browser, signed out: search, an experiment's transparency panel,
its territory; axe-core on each page (WCAG 2.1 A/AA)."""

from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.server import LIST_AGENT, LiveServer


def test_a_visitor_finds_a_public_experiment_and_reads_its_panel(
    page: Page, audit: Auditor, live_server: LiveServer, tokens: dict[str, Any]
) -> None:
    live_server.api(
        tokens[LIST_AGENT.email],
        "POST",
        "/experiments",
        {"title": "Navette solidaire", "visibility": "public", "territory": "Cantal"},
    )
    page.goto("/public/")
    expect(page.get_by_role("heading", name="Portail public", level=1)).to_be_visible()
    audit.check()

    page.get_by_label("Rechercher", exact=True).fill("navette")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="Navette solidaire")).to_be_visible()
    audit.check()

    page.get_by_role("link", name="Navette solidaire").click()
    expect(page.get_by_role("heading", name="Transparence", level=2)).to_be_visible()
    expect(page.get_by_text("non publié").first).to_be_visible()
    audit.check()
