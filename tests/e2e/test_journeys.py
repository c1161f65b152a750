"""Journeys in a real browser, each page checked by axe-core against WCAG 2.1 A and AA.

Run on SQLite only (see conftest.py): the browser journey is what is under test here.
"""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import Auditor, describe, violations
from tests.e2e.server import (
    AGENT,
    ENGLISH_AGENT,
    LIST_AGENT,
    OTHER_AGENT,
    PAGE_SIZE,
    PASSWORD,
    LiveServer,
)
from tests.e2e.steps import current_step, focused, sign_in, tab_to, timeline_rows

READY = {
    "problem": "Les dossiers papier se perdent entre deux guichets.",
    "hypothesis": "Un suivi en ligne réduit les relances.",
    "target_users": "Usagers du service des titres",
    "success_criteria": [
        {"indicator": "Relances", "target": "-30 %", "method": "Compteur du standard"}
    ],
}
CANTAL_COUNT = PAGE_SIZE + 2


@pytest.fixture(scope="module")
def seeded(live_server: LiveServer, tokens: dict[str, str]) -> dict[str, Any]:
    """Experiments made through the API: a list to filter and page, and two for visibility."""
    lister = tokens[LIST_AGENT.email]
    for number in range(CANTAL_COUNT):
        live_server.api(
            lister, "POST", "/experiments", {"title": f"Tiers-lieu {number}", "territory": "Cantal"}
        )
    navette = live_server.api(
        lister, "POST", "/experiments", {"title": "Navette à la demande", **READY}
    )
    live_server.api(
        lister,
        "POST",
        f"/experiments/{navette['id']}/transitions",
        {"trigger": "start_prototype", "version": navette["version"]},
    )
    owner = tokens[AGENT.email]
    internal = live_server.api(owner, "POST", "/experiments", {"title": "Projet interne secret"})
    public = live_server.api(
        owner, "POST", "/experiments", {"title": "Projet ouvert", "visibility": "public"}
    )
    return {"internal": internal["id"], "public": public["id"]}


def test_agent_creates_runs_and_stops_an_experiment(page: Page, audit: Auditor) -> None:
    sign_in(page, audit, AGENT)
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.get_by_role("button", name="Nouvelle expérimentation").click()
    expect(page.get_by_role("heading", name="Nouvelle expérimentation")).to_be_visible()
    audit.check()

    # Invalid first: a target value that is not a number is refused by the form...
    target_value = page.locator("#success_criteria-0-target_value")
    target_value.fill("beaucoup")
    page.get_by_role("button", name="Créer le brouillon").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Il y a un problème")
    expect(summary.get_by_role("link")).to_contain_text(["Valeur cible"])
    expect(page.locator("#success_criteria-0-target_value-error")).to_contain_text("un nombre")
    expect(target_value).to_have_attribute("aria-invalid", "true")
    audit.check()
    # ...then the empty title by the service, each error linked to its field.
    target_value.fill("20")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_contain_text(["Titre"])
    expect(page.locator("#title-error")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-describedby", "title-hint title-error")
    audit.check()
    summary.get_by_role("link").first.click()
    expect(page.locator("#title")).to_be_focused()

    page.get_by_role("textbox", name="Titre").fill("Guichet unique des cartes grises")
    page.get_by_role("textbox", name="Problème").fill("Trois guichets pour une seule démarche.")
    page.get_by_role("textbox", name="Hypothèse").fill("Un seul guichet divise l'attente par deux.")
    page.get_by_role("textbox", name="Publics cibles").fill("Usagers de la préfecture")
    page.locator("#success_criteria-0-indicator").fill("Temps d'attente")
    page.locator("#success_criteria-0-target").fill("moins de 20 minutes")
    page.locator("#success_criteria-0-method").fill("Relevé des tickets")
    page.get_by_role("textbox", name="Territoire").fill("Lozère")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_role("status")).to_contain_text("créée à l'état de brouillon")
    expect(page.get_by_role("heading", name="Guichet unique des cartes grises")).to_be_visible()
    expect(current_step(page)).to_have_text("Brouillon")
    expect(timeline_rows(page)).to_have_count(1)
    audit.check()

    page.get_by_role("button", name="Démarrer le prototype").click()
    expect(current_step(page)).to_have_text("Prototype")
    expect(timeline_rows(page)).to_have_count(2)
    audit.check()

    journal = page.locator("#journal")
    journal.get_by_label("Type d'entrée").select_option("measurement")
    journal.get_by_label("Texte").fill("Première semaine au guichet unique.")
    journal.get_by_label("Indicateur (mesures)").fill("Temps d'attente")
    journal.get_by_label("Valeur (mesures)").fill("25,5")
    journal.get_by_role("button", name="Ajouter au journal").click()
    expect(page.get_by_role("status")).to_contain_text("ajoutée au journal")
    expect(page.locator(".journal-entries li")).to_have_count(1)
    expect(page.locator(".journal-entries")).to_contain_text("Temps d'attente = 25,5")
    audit.check()

    page.get_by_role("button", name="Modifier", exact=True).click()
    expect(page.get_by_role("textbox", name="Titre")).to_have_value(
        "Guichet unique des cartes grises"
    )
    audit.check()
    page.get_by_role("textbox", name="Territoire").fill("Lozère (48)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("a été enregistrée")
    expect(page.locator("dl.fields")).to_contain_text("Lozère (48)")
    audit.check()

    # Stopping without a reason is refused: the form stays open with its messages.
    page.locator("details.stop summary").click()
    stop_form = page.locator("details.stop form")
    stop_form.get_by_role("button", name="Arrêter l'expérimentation").click()
    expect(page.locator("#action-problem")).to_be_focused()
    expect(page.locator("#stop_reason-error")).to_contain_text("Nécessaire")
    expect(current_step(page)).to_have_text("Prototype")
    audit.check()
    stop_form.get_by_label("Motif d'arrêt").select_option("no_impact")
    stop_form.get_by_label("Explication").fill("L'attente n'a pas baissé en un mois.")
    stop_form.get_by_role("button", name="Arrêter l'expérimentation").click()
    expect(current_step(page)).to_have_text("Arrêtée")
    expect(page.locator("dl.fields")).to_contain_text("Pas d'impact mesurable")
    expect(timeline_rows(page).last).to_contain_text("L'attente n'a pas baissé en un mois.")
    expect(page.get_by_role("button", name="Modifier", exact=True)).to_have_count(0)
    audit.check()


def test_lists_filter_and_page(page: Page, audit: Auditor, seeded: dict[str, Any]) -> None:
    sign_in(page, audit, LIST_AGENT)
    page.get_by_role("link", name="Expérimentations", exact=True).click()
    rows = page.locator(".experiments-table tbody tr")
    expect(rows).to_have_count(PAGE_SIZE)
    audit.check()

    filters = page.get_by_role("search")
    filters.get_by_label("Territoire").fill("Cantal")
    filters.get_by_role("button", name="Filtrer").click()
    expect(rows).to_have_count(PAGE_SIZE)
    expect(rows.first).to_contain_text("Tiers-lieu")
    audit.check()
    page.get_by_role("link", name="Page suivante").click()
    expect(rows).to_have_count(CANTAL_COUNT - PAGE_SIZE)
    expect(page.get_by_role("link", name="Page suivante")).to_have_count(0)
    expect(page.get_by_role("link", name="Première page")).to_be_visible()
    expect(filters.get_by_label("Territoire")).to_have_value("Cantal")
    audit.check()

    filters.get_by_role("link", name="Effacer les filtres").click()
    audit.check()
    filters.get_by_label("État").select_option("prototype")
    filters.get_by_label("Rechercher").fill("navette")
    filters.get_by_role("button", name="Filtrer").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Navette à la demande")
    audit.check()

    page.goto("/experiments/?cursor=not-a-cursor")
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check()


def test_language_switch_to_english_and_back(page: Page, audit: Auditor) -> None:
    sign_in(page, audit, ENGLISH_AGENT)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="My experiments", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    audit.check()
    page.get_by_role("button", name="New experiment").click()
    expect(page.get_by_role("button", name="Create the draft")).to_be_visible()
    audit.check()

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("button", name="Créer le brouillon")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_have_attribute("aria-pressed", "true")
    audit.check()


def test_keyboard_only_sign_in_and_new_experiment(page: Page, audit: Auditor) -> None:
    page.goto("/login")
    audit.check()
    page.keyboard.press("Tab")
    skip = focused(page)
    assert "skip-link" in skip["cls"], f"the first focusable element is {skip}"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert focused(page)["id"] == "main"

    tab_to(page, element_id="email")
    page.keyboard.type(AGENT.email)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mes expérimentations", level=1)).to_be_visible()
    audit.check()

    tab_to(page, text="Nouvelle expérimentation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nouvelle expérimentation")).to_be_visible()
    audit.check()
    tab_to(page, element_id="title")
    page.keyboard.type("Permanence France services itinérante")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "problem"
    page.keyboard.type("Les villages sont loin des guichets.")
    tab_to(page, element_id="visibility-0")
    page.keyboard.press("ArrowDown")  # radio buttons move with the arrow keys
    assert focused(page)["id"] == "visibility-1"
    tab_to(page, text="Créer le brouillon")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Permanence France services itinérante")
    ).to_be_visible()
    expect(page.locator(".page-heading")).to_contain_text("Publique")
    audit.check()


def test_other_organisation_gets_404_on_internal_experiment(
    page: Page, audit: Auditor, seeded: dict[str, Any]
) -> None:
    sign_in(page, audit, OTHER_AGENT)
    answer = page.goto(f"/experiments/{seeded['internal']}")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("Page introuvable")
    expect(page.locator("body")).not_to_contain_text("Projet interne secret")
    audit.check()

    answer = page.goto(f"/experiments/{seeded['public']}")
    assert answer is not None and answer.status == 200
    expect(page.get_by_role("heading", name="Projet ouvert")).to_be_visible()
    audit.check()


def test_the_accessibility_check_reports_violations(page: Page) -> None:
    # The journeys' "zero violations" means something only if the checker can find some.
    page.set_content('<html><body><img src="/x.png"><a href="/"></a></body></html>')
    found = {violation["id"] for violation in violations(page)}
    assert {"html-has-lang", "image-alt", "link-name"} <= found
    assert "image-alt" in describe("about:blank", violations(page))
