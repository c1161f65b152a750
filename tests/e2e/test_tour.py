"""A tour of the pages this project added, on the demo's data, axe-core on each (WCAG 2.1 A/AA).

The journeys walk through the work itself; this tour makes sure every newer page (settings,
charter, import, failures, portfolio, territories, partners, the profile's calendar feed, an
experiment with its lineage, commons, partners, legal basis and scaling plan, the retrospectives,
the lessons and the public portal) is checked at least once, filled with realistic data.

The demo is loaded with `tracker demo` into a server of its own, so its organisations and public
experiments do not disturb the other journeys' lists and searches.
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.server import LiveServer
from tracker.demo.accounts import DEMO_PASSWORD

ADMIN = "admin@gironde.demo.example"
SCALING = "APA instruite en quinze jours grâce à une visite unique"
PUBLIC = "Bus France Services itinérant sur l'Aubrac"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`tracker serve` on a fresh database loaded with `tracker demo`."""
    server = LiveServer(tmp_path_factory.mktemp("e2e-demo"))
    server.env["TRACKER_PAGE_SIZE"] = "50"  # the demo's lists on one page each
    try:
        server.start()
        server.tracker((("demo",), None))
    except RuntimeError as error:
        server.stop()
        pytest.fail(f"could not start the demo app for the tour: {error}")
    yield server
    server.stop()


@pytest.fixture
def page(browser: Browser, demo_server: LiveServer) -> Iterator[Page]:
    """A signed-out tab on the demo server (the conftest's `audit` and screenshots use it)."""
    context = browser.new_context(base_url=demo_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Page, audit: Auditor, email: str) -> None:
    page.goto("/login")
    audit.check()
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mes expérimentations", level=1)).to_be_visible()
    audit.check()


def visit(page: Page, audit: Auditor, path: str, heading: str) -> None:
    """Open a page by its address; its first heading; axe."""
    answer = page.goto(path)
    assert answer is not None and answer.status == 200, f"{path}: {answer and answer.status}"
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    audit.check()


def follow(page: Page, audit: Auditor, link: str, heading: str) -> None:
    """Follow a link of the page's main content (exact name); the heading it leads to; axe.

    A link may look like a button (role="button"): either is followed."""
    main = page.get_by_role("main")
    found = main.get_by_role("link", name=link, exact=True)
    found.or_(main.get_by_role("button", name=link, exact=True)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    audit.check()


def menu(page: Page, audit: Auditor, link: str, heading: str) -> None:
    """Follow a link of the header's menu; the page's heading; axe."""
    page.get_by_role("banner").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    audit.check()


def test_an_admin_tours_the_newer_pages(page: Page, audit: Auditor) -> None:
    sign_in(page, audit, ADMIN)
    visit(page, audit, "/admin/settings", "Réglages de Département de la Gironde")
    visit(page, audit, "/admin/charter", "Charte du droit à l'erreur")
    visit(page, audit, "/admin/import", "Importer des expérimentations")
    visit(page, audit, "/charter", "Charte du droit à l'erreur")
    menu(page, audit, "Échecs", "L'échec rendu visible")
    menu(page, audit, "Portefeuille", "Portefeuille")
    menu(page, audit, "Territoires", "Territoires")
    follow(page, audit, "Médoc", "Médoc")
    menu(page, audit, "Territoires", "Territoires")
    follow(page, audit, "Ajouter un territoire", "Ajouter un territoire")
    page.get_by_role("button", name="Enregistrer").click()  # empty: the form's errors
    expect(page.locator("#error-summary")).to_be_visible()
    audit.check()
    menu(page, audit, "Partenaires", "Partenaires")
    follow(page, audit, "Familles rurales de Lozère", "Familles rurales de Lozère")
    menu(page, audit, "Partenaires", "Partenaires")
    follow(page, audit, "Enregistrer un partenaire", "Enregistrer un partenaire")
    menu(page, audit, "Retours d'expérience", "Retours d'expérience")
    menu(page, audit, "Enseignements", "Bibliothèque d'enseignements")

    page.get_by_role("banner").get_by_role("link", name="Marc Dufau").click()
    expect(page.get_by_role("heading", name="Mon agenda", level=2)).to_be_visible()
    audit.check()
    # Create (or replace) the feed's address: the page then shows it in a labelled field.
    page.locator("section[aria-labelledby='calendar-title'] button").click()
    expect(page.get_by_label("Votre adresse d'agenda")).to_have_value(re.compile(r"\.ics$"))
    audit.check()

    # An experiment being scaled up: every newer section of its page, then where they lead.
    menu(page, audit, "Expérimentations", "Expérimentations")
    page.get_by_role("search").get_by_label("Rechercher").fill("APA instruite")
    page.get_by_role("search").get_by_role("button", name="Filtrer").click()
    audit.check()
    follow(page, audit, SCALING, SCALING)
    for section in (
        "Partenaires et communs",
        "Registre des communs",
        "Voie de changement d'échelle",
        "Base juridique",
        "Essaimage",
        "Ce que cette expérimentation a appris",
    ):
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
    replica = page.locator("main").get_by_role("link", name="APA en quinze jours dans le Médoc")
    expect(replica).to_be_visible()
    follow(page, audit, "Voir le plan de changement d'échelle et ses jalons", "Plan de changement")
    page.go_back()
    audit.check()
    follow(page, audit, "Caisse d'allocations familiales de la Gironde", "Caisse d'allocations")
    page.go_back()
    audit.check()
    follow(page, audit, "Libourne", "Libourne")


def test_a_visitor_tours_the_public_portal(page: Page, audit: Auditor) -> None:
    visit(page, audit, "/public/", "Portail public")
    follow(page, audit, PUBLIC, PUBLIC)
    expect(page.get_by_role("heading", name="Enseignements publics", level=2)).to_be_visible()
    page.go_back()
    audit.check()
    follow(page, audit, "Aubrac", "Aubrac")
