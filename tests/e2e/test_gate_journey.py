"""The stage-gate journey in a real browser, every page checked by axe-core (WCAG 2.1 A/AA).

An agent takes an experiment to its pilot gate; two reviewers vote and the chair decides go;
the agent logs a measurement, begins the evaluation and requests the decision gate; the board
decides stop. The agent then writes the retrospective with the keyboard only and submits it;
the chair publishes it; its lesson is found by a keyboard-only search of the lessons library;
the agent asks to make it public, the chair approves, and a signed-out visitor finds it on the
public portal. The accounts and the board are made with the `tracker` CLI, the rest through the
pages.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.gate_steps import (
    CHAIR,
    MEMBER,
    OWNER,
    cast_vote,
    create_board,
    decide,
    open_gate_to_vote,
    switch_to,
)
from tests.e2e.lesson_steps import (
    act_on_publication,
    find_lesson_with_the_keyboard,
    publish_retrospective,
    search_the_public_portal,
    write_retrospective_with_the_keyboard,
)
from tests.e2e.server import LiveServer
from tests.e2e.steps import current_step, sign_in

TITLE = "Bus des services publics"
INDICATOR = "Démarches abouties"
LEARNED = "Caler les tournées sur les jours de marché des villages."


@pytest.fixture(scope="module")
def board(live_server: LiveServer) -> None:
    """The journey's organisation, its accounts and its review board."""
    create_board(live_server)


def create_experiment(page: Page, audit: Auditor) -> None:
    """The agent fills the new experiment form with everything the pilot gate needs."""
    page.get_by_role("button", name="Nouvelle expérimentation").click()
    audit.check()
    page.get_by_role("textbox", name="Titre").fill(TITLE)
    page.get_by_role("textbox", name="Problème").fill("Les villages sont loin des guichets.")
    page.get_by_role("textbox", name="Hypothèse").fill("Un bus itinérant double les démarches.")
    page.get_by_role("textbox", name="Publics cibles").fill("Habitants des communes rurales")
    page.locator("#success_criteria-0-indicator").fill(INDICATOR)
    page.locator("#success_criteria-0-target").fill("au moins 200 par mois")
    page.locator("#success_criteria-0-method").fill("Registre du bus")
    page.locator("#stop_criteria").fill("moins de 50 démarches par mois")
    page.get_by_role("textbox", name="Territoire").fill("Ardèche")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    audit.check()


def request_pilot_gate(page: Page, audit: Auditor) -> None:
    """From the experiment page, the pilot gate form, filled and sent."""
    page.get_by_role("button", name="Demander le jalon pilote").click()
    audit.check()
    page.locator("#prototype_learnings").fill("Les habitants viennent quand le bus est annoncé.")
    page.locator("#territory").fill("Ardèche, trois cantons")
    page.locator("#population").fill("Habitants sans voiture")
    page.locator("#duration_weeks").fill("12")
    page.locator("#partners").fill("Département de l'Ardèche\nLa Poste")
    page.locator("#budget_eur").fill("18000")
    page.get_by_role("button", name="Demander la revue").click()
    expect(page).to_have_url(re.compile(r"/gates/\d+$"))
    audit.check()


def request_decision_gate(page: Page, audit: Auditor) -> None:
    """The decision gate form: the verdict, the analysis, the cost so far."""
    page.get_by_role("button", name="Demander le jalon de décision").click()
    audit.check()
    page.locator("input[name='verdict'][value='conclusive_negative']").check()
    page.locator("#analysis").fill("Trente démarches par mois : loin de la cible.")
    page.locator("#cost_eur").fill("16500")
    page.get_by_role("button", name="Demander la revue").click()
    expect(page).to_have_url(re.compile(r"/gates/\d+$"))
    audit.check()


def the_board_reviews(
    page: Page, audit: Auditor, recommendation: str, rationale: str, **selects: str
) -> None:
    """The member then the chair vote from their queue; the chair records the decision."""
    switch_to(page, audit, MEMBER)
    open_gate_to_vote(page, audit, TITLE)
    cast_vote(page, audit, recommendation)
    switch_to(page, audit, CHAIR)
    open_gate_to_vote(page, audit, TITLE)
    cast_vote(page, audit, recommendation)
    expect(
        page.locator("section[aria-labelledby='votes-title'] .overflow-auto tbody tr")
    ).to_have_count(2)
    decide(page, audit, recommendation, rationale, **selects)


def open_experiment(page: Page, audit: Auditor) -> None:
    """The owner's way back: "my experiments", then the experiment."""
    switch_to(page, audit, OWNER)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    audit.check()


@pytest.mark.usefixtures("board")
def test_a_board_takes_an_experiment_through_both_gates_to_a_stop(
    page: Page, audit: Auditor
) -> None:
    sign_in(page, audit, OWNER)
    create_experiment(page, audit)
    page.get_by_role("button", name="Démarrer le prototype").click()
    expect(current_step(page)).to_have_text("Prototype")
    audit.check()

    request_pilot_gate(page, audit)
    the_board_reviews(page, audit, "go", "Plan solide, partenaires engagés.")
    expect(page.locator(".fact-decision .decision")).to_have_text("Feu vert")

    open_experiment(page, audit)
    expect(current_step(page)).to_have_text("Pilote")
    journal = page.locator("#journal")
    journal.get_by_label("Type d'entrée").select_option("measurement")
    journal.get_by_label("Texte").fill("Premier mois de tournée.")
    journal.get_by_label("Indicateur (mesures)").fill(INDICATOR)
    journal.get_by_label("Valeur (mesures)").fill("30")
    journal.get_by_role("button", name="Ajouter au journal").click()
    expect(page.get_by_role("status")).to_contain_text("ajoutée au journal")
    audit.check()
    page.get_by_role("button", name="Commencer l'évaluation").click()
    expect(current_step(page)).to_have_text("Évaluation")
    audit.check()

    request_decision_gate(page, audit)
    the_board_reviews(page, audit, "stop", "La cible est hors d'atteinte.", stop_reason="no_impact")
    expect(page.locator(".fact-decision .decision")).to_have_text("Arrêter")

    open_experiment(page, audit)
    expect(current_step(page)).to_have_text("Arrêtée")
    expect(page.locator("#gates")).to_contain_text("Décision du comité")

    # After the stop: the retrospective, its lesson, the lesson made public.
    write_retrospective_with_the_keyboard(page, audit, learned=LEARNED, follow_up_owner=OWNER.email)
    switch_to(page, audit, CHAIR)
    publish_retrospective(page, audit, TITLE)
    switch_to(page, audit, OWNER)
    find_lesson_with_the_keyboard(page, audit, words="tournées marché", title=TITLE)
    expect(page.locator(".lesson-body")).to_contain_text(LEARNED)
    act_on_publication(page, audit, "Demander à le rendre public", "Publication demandée")
    # Asked is not approved: the portal does not show it yet.
    expect(search_the_public_portal(page, audit, words="tournées")).not_to_contain_text(LEARNED)
    switch_to(page, audit, CHAIR)
    find_lesson_with_the_keyboard(page, audit, words="tournées", title=TITLE)
    act_on_publication(page, audit, "Approuver la publication", "Public")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    audit.check()
    expect(search_the_public_portal(page, audit, words="tournées")).to_contain_text(LEARNED)
