"""The retrospective journey in a real browser, every page checked by axe-core (WCAG 2.1 A/AA).

An agent stops a draft, writes the blameless retrospective with the keyboard (a cause ticked
with the space bar, the form sent with Enter) and submits it; the chair of the board finds it
in the retrospectives list and publishes it. Accounts and board come from the `tracker` CLI.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.gate_steps import _create_user, switch_to
from tests.e2e.server import Account, LiveServer
from tests.e2e.steps import sign_in

ORGANISATION = "Communauté R"
ADMIN = Account("admin@communaute-r.example", "Rémi Aubert", "admin", ORGANISATION)
OWNER = Account("porteuse@communaute-r.example", "Rose Vidal", "agent", ORGANISATION)
CHAIR = Account("president@communaute-r.example", "Raoul Blanc", "reviewer", ORGANISATION)
TITLE = "Navette solidaire du marché"


@pytest.fixture(scope="module")
def board(live_server: LiveServer) -> None:
    """The journey's organisation, its accounts and its review board (the chair)."""
    live_server.tracker(_create_user(ADMIN))
    live_server.tracker(*[_create_user(account) for account in (OWNER, CHAIR)])
    board = ("boards", "create", "--organisation", ORGANISATION, "--name", "Comité R")
    live_server.tracker(((*board, "--chair", CHAIR.email, "--quorum", "1"), None))


def stop_a_draft(page: Page, audit: Auditor) -> None:
    """The owner creates a draft and stops it at once: a retrospective opens."""
    page.get_by_role("button", name="Nouvelle expérimentation").click()
    audit.check()
    page.get_by_role("textbox", name="Titre").fill(TITLE)
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    audit.check()
    page.locator("details.stop summary").click()
    stop_form = page.locator("details.stop form")
    stop_form.get_by_label("Motif d'arrêt").select_option("existing_solution")
    stop_form.get_by_label("Explication").fill("La ligne de bus régulière dessert le marché.")
    stop_form.get_by_role("button", name="Arrêter l'expérimentation").click()
    expect(page.locator(".retrospective-link")).to_contain_text("À rédiger")
    audit.check()


def write_with_the_keyboard(page: Page, audit: Auditor) -> None:
    """The template filled, a cause ticked with Space, the form sent with Enter."""
    page.get_by_role("button", name="Rédiger le retour d'expérience").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("sans recherche"))).to_be_visible()
    audit.check()
    page.get_by_label("Ce que nous avons essayé, et pour qui").fill(
        "Une navette le jour du marché pour les habitants des hameaux."
    )
    page.locator("#what_happened").fill("Trois passagers par semaine.")
    page.get_by_label("Pourquoi : les conditions qui ont joué").fill(
        "Une ligne régulière passait déjà à la même heure."
    )
    timing = page.get_by_label("Calendrier", exact=True)
    timing.focus()
    page.keyboard.press("Space")
    expect(timing).to_be_checked()
    page.get_by_label("Ce que nous avons appris").fill("Regarder l'offre existante d'abord.")
    page.locator("#follow_ups-0-title").fill("Signaler l'horaire de la ligne aux hameaux")
    page.locator("#follow_ups-0-owner").fill(OWNER.email)
    page.get_by_label("Coût en euros").fill("1 200")
    page.get_by_label("Coût en euros").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("enregistré")
    expect(page.locator(".badge.state-retro-drafting")).to_have_text("En rédaction")
    audit.check()


@pytest.mark.usefixtures("board")
def test_the_team_writes_and_submits_the_chair_publishes(page: Page, audit: Auditor) -> None:
    sign_in(page, audit, OWNER)
    stop_a_draft(page, audit)
    page.locator(".retrospective-link a").click()
    expect(page.get_by_role("heading", name="Ce que le dossier sait déjà")).to_be_visible()
    audit.check()
    write_with_the_keyboard(page, audit)
    page.get_by_role("button", name="Soumettre à relecture").click()
    expect(page.locator(".badge.state-retro-submitted")).to_have_text("Soumis à relecture")
    audit.check()

    switch_to(page, audit, CHAIR)
    page.get_by_role("link", name="Retours d'expérience").click()
    expect(page.get_by_role("heading", name="Retours d'expérience", level=1)).to_be_visible()
    audit.check()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("button", name="Publier")).to_be_visible()
    audit.check()
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".badge.state-retro-published")).to_have_text("Publié")
    expect(page.get_by_role("button", name="Rédiger le retour d'expérience")).to_have_count(0)
    audit.check()
    page.get_by_role("textbox", name="Complément").fill(
        "La ligne régulière a ajouté un arrêt aux hameaux."
    )
    page.get_by_role("button", name="Ajouter le complément").click()
    expect(page.locator(".addendum")).to_contain_text("un arrêt aux hameaux")
    audit.check()
