"""After a stop: the retrospective written with the keyboard, its lesson searched and made public.

Keyboard-only steps press Tab, type and press Enter (no mouse, no Space): what someone who
cannot use a pointer does. Every page they reach is checked by axe-core.
"""

from playwright.sync_api import Locator, Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.steps import focused

# The header's menu comes before the page's own links and fields.
MAX_TABS = 80


def tab_until(page: Page, *, element_id: str = "", text: str = "") -> None:
    """Press Tab until the element with this id (or this exact text) has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if (element_id and now["id"] == element_id) or (text and now["text"] == text):
            return
    raise AssertionError(f"Tab never reached {element_id or text!r} in {MAX_TABS} presses")


def type_into(page: Page, element_id: str, text: str) -> None:
    """Tab to a field and type into it."""
    tab_until(page, element_id=element_id)
    page.keyboard.type(text)


def write_retrospective_with_the_keyboard(
    page: Page, audit: Auditor, *, learned: str, follow_up_owner: str
) -> None:
    """From the experiment page: open the retrospective, write it, save, submit it (Tab/Enter)."""
    link = page.locator(".retrospective-link a")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Ce que le dossier sait déjà")).to_be_visible()
    audit.check()

    tab_until(page, text="Rédiger le retour d'expérience")
    page.keyboard.press("Enter")
    expect(page.locator("#what_we_tried")).to_be_visible()
    audit.check()
    type_into(page, "what_we_tried", "Un bus itinérant dans trois cantons.")
    type_into(page, "what_happened", "Trente démarches par mois au lieu de deux cents.")
    type_into(page, "why", "Les tournées tombaient les jours de marché.")
    type_into(page, "what_we_learned", learned)
    type_into(page, "cost_eur", "16 500")
    type_into(page, "follow_ups-0-title", "Partager le calendrier des marchés")
    type_into(page, "follow_ups-0-owner", follow_up_owner)
    page.keyboard.press("Enter")  # Enter in a text field saves the draft
    expect(page.get_by_role("status")).to_contain_text("enregistré")
    expect(page.locator(".badge.state-retro-drafting")).to_have_text("En rédaction")
    audit.check()

    tab_until(page, text="Soumettre à relecture")
    page.keyboard.press("Enter")
    expect(page.locator(".badge.state-retro-submitted")).to_have_text("Soumis à relecture")
    audit.check()


def publish_retrospective(page: Page, audit: Auditor, title: str) -> None:
    """A chair: the retrospectives list, the experiment's retrospective, publish."""
    page.get_by_role("link", name="Retours d'expérience").click()
    expect(page.get_by_role("heading", name="Retours d'expérience", level=1)).to_be_visible()
    audit.check()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("button", name="Publier")).to_be_visible()
    audit.check()
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".badge.state-retro-published")).to_have_text("Publié")
    audit.check()


def find_lesson_with_the_keyboard(page: Page, audit: Auditor, *, words: str, title: str) -> None:
    """The lessons library from the menu, a search typed and sent with Enter, the lesson opened."""
    tab_until(page, text="Enseignements")
    page.keyboard.press("Enter")
    library = page.get_by_role("heading", name="Bibliothèque d'enseignements", level=1)
    expect(library).to_be_visible()
    audit.check()
    type_into(page, "q", words)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Meilleurs résultats", level=2)).to_be_visible()
    expect(page.locator(".lesson-results mark").first).to_be_visible()
    audit.check()
    tab_until(page, text=title)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    audit.check()


def act_on_publication(page: Page, audit: Auditor, button: str, state: str) -> None:
    """On the lesson's page, a publication step (ask, approve); the lesson's new state."""
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("status")).to_contain_text("Fait")
    # The facts' last line is the publication state.
    expect(page.locator(".lesson-facts dd").last).to_have_text(state)
    audit.check()


def search_the_public_portal(page: Page, audit: Auditor, *, words: str) -> Locator:
    """The public portal's search; its lessons section."""
    page.goto("/public/")
    expect(page.get_by_role("heading", name="Portail public", level=1)).to_be_visible()
    audit.check()
    page.get_by_label("Rechercher", exact=True).fill(words)
    page.get_by_role("button", name="Rechercher").click()
    lessons = page.locator("section[aria-labelledby='lessons-title']")
    expect(lessons).to_be_visible()
    audit.check()
    return lessons
