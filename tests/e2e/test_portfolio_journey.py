"""The portfolio in a real browser: the dashboard, a filter, a filter error; axe on each page."""

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.server import LIST_AGENT, LiveServer
from tests.e2e.steps import sign_in


def test_an_agent_reads_and_filters_the_portfolio(
    page: Page, audit: Auditor, live_server: LiveServer, tokens: dict[str, Any]
) -> None:
    live_server.api(
        tokens[LIST_AGENT.email], "POST", "/experiments", {"title": "Compteur de fréquentation"}
    )
    sign_in(page, audit, LIST_AGENT)
    page.get_by_role("link", name="Portefeuille", exact=True).click()
    expect(page.get_by_role("heading", name="Portefeuille", level=1)).to_be_visible()
    expect(page.locator("svg[role='img']").first).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    audit.check()

    page.get_by_label("Créées à partir du").fill("2020-01-01")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"start=2020-01-01"))
    audit.check()

    page.get_by_label("Créées jusqu'au").fill("2019-01-01")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.get_by_role("alert")).to_contain_text("La fin de la période précède son début.")
    audit.check()
