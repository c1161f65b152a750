"""The gate journey's cast and steps: accounts and a board by the CLI, forms in the browser."""

from playwright.sync_api import Page, expect

from tests.e2e.axe import Auditor
from tests.e2e.server import PASSWORD, Account, LiveServer

# An organisation of its own, so the other journeys' lists are not disturbed.
ORGANISATION = "Métropole E"
ADMIN = Account("admin@metropole-e.example", "Adèle Roux", "admin", ORGANISATION)
OWNER = Account("porteur@metropole-e.example", "Paul Garnier", "agent", ORGANISATION)
CHAIR = Account("presidente@metropole-e.example", "Claire Fabre", "reviewer", ORGANISATION)
MEMBER = Account("membre@metropole-e.example", "Marc Henry", "reviewer", ORGANISATION)
BOARD = "Comité d'innovation"


def _create_user(account: Account) -> tuple[tuple[str, ...], str]:
    args = (
        "users",
        "create",
        "--email",
        account.email,
        "--name",
        account.name,
        "--role",
        account.role,
        "--organisation",
        account.organisation,
        "--password-stdin",
    )
    return args, PASSWORD + "\n"


def create_board(server: LiveServer) -> None:
    """The accounts, then the board (chair + member, quorum 2), through `tracker` commands."""
    # The first account creates the organisation; the others may then be made side by side.
    server.tracker(_create_user(ADMIN))
    server.tracker(*[_create_user(account) for account in (OWNER, CHAIR, MEMBER)])
    board = ("boards", "create", "--organisation", ORGANISATION, "--name", BOARD)
    members = ("--chair", CHAIR.email, "--member", MEMBER.email, "--quorum", "2")
    server.tracker(((*board, *members), None))


def switch_to(page: Page, audit: Auditor, account: Account) -> None:
    """Sign out with the header button, then sign in as `account` on the page it lands on."""
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    audit.check()
    page.get_by_label("Adresse e-mail").fill(account.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mes expérimentations", level=1)).to_be_visible()
    audit.check()


def open_gate_to_vote(page: Page, audit: Auditor, title: str) -> None:
    """From the "to vote" queue, open the gate of the experiment `title`."""
    page.get_by_role("link", name="À voter").click()
    expect(page.get_by_role("heading", name="À voter", level=1)).to_be_visible()
    audit.check()
    page.get_by_role("link", name=title).click()
    expect(page.locator("#votes-title")).to_be_visible()
    audit.check()


def cast_vote(page: Page, audit: Auditor, recommendation: str) -> None:
    """Fill the vote form: the recommendation, yes to knock-outs, 4 to each score."""
    form = page.locator("form[action$='/votes']")
    form.locator(f"input[name='recommendation'][value='{recommendation}']").check()
    for knockout in form.locator("input[type='radio'][name^='score_'][value='yes']").all():
        knockout.check()
    for score in form.locator("select[name^='score_']").all():
        score.select_option("4")
    form.get_by_label("Commentaire").fill("Dossier clair et mesuré.")
    form.get_by_role("button", name="Voter").click()
    expect(page.get_by_role("status")).to_be_visible()
    audit.check()


def decide(page: Page, audit: Auditor, decision: str, rationale: str, **selects: str) -> None:
    """The chair fills the decision form (with a select value per extra field) and submits."""
    form = page.locator("form[action$='/decision']")
    form.locator(f"input[name='decision'][value='{decision}']").check()
    form.locator("#rationale").fill(rationale)
    for name, value in selects.items():
        form.locator(f"select[name='{name}']").select_option(value)
    form.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("#decision-title")).to_be_visible()
    audit.check()
