"""Translations: French by default and complete, English on demand, Paris time on screen."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, format_datetime, gettext
from sqlmodel import Session

from tests.conftest import NOW
from tests.factories import World
from tests.web import login, post_form

TRANSLATIONS = Path(__file__).resolve().parent.parent / "tracker" / "translations"


def _catalogue(name: str):
    with (TRANSLATIONS / name).open("rb") as handle:
        return read_po(handle)


def _french():
    return _catalogue("fr/LC_MESSAGES/messages.po")


def test_every_french_message_is_translated() -> None:
    empty = [
        message.id
        for message in _french()
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    assert empty == []


def test_no_french_translation_is_fuzzy() -> None:
    assert [message.id for message in _french() if message.id and message.fuzzy] == []


def test_the_french_catalogue_covers_the_template() -> None:
    template = {message.id for message in _catalogue("messages.pot") if message.id}
    french = {message.id for message in _french() if message.id}
    assert template - french == set(), "run `make extract-messages` and translate the new strings"


def test_every_message_of_the_code_is_in_the_french_catalogue() -> None:
    """Extract from the sources now: a string added without `make extract-messages` fails."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    root = TRANSLATIONS.parent.parent
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "_l": None}
    method_map = [
        ("tracker/**.py", "python"),
        ("workflows/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]

    # Babel skips folders starting with "_" by default; templates/_macros holds strings too.
    def keep(path: str) -> bool:
        return not Path(path).name.startswith(".") and Path(path).name != "node_modules"

    in_code = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            root, method_map, keywords=keywords, directory_filter=keep
        )
    }
    french = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in _french()
        if message.id and message.string and not message.fuzzy
    }
    assert sorted(in_code - french) == [], "run `make extract-messages` and translate them"


def test_the_french_catalogue_keeps_the_placeholders() -> None:
    import re

    placeholder = re.compile(r"%\([a-z_]+\)[sd]")
    for message in _french():
        if not message.id or isinstance(message.id, tuple):
            continue
        assert sorted(placeholder.findall(message.id)) == sorted(
            placeholder.findall(message.string)
        ), message.id


def test_the_login_page_is_french_by_default(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Se connecter" in page
    assert "Aller au contenu principal" in page


def test_the_login_page_is_english_after_switching(client: FlaskClient) -> None:
    response = post_form(client, "/locale", {"locale": "en", "next": "/login"}, form_url="/login")
    assert response.status_code == 302
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "Se connecter" not in page


def test_switching_back_to_french(client: FlaskClient) -> None:
    post_form(client, "/locale", {"locale": "en"}, form_url="/login")
    post_form(client, "/locale", {"locale": "fr"}, form_url="/login")
    assert '<html lang="fr">' in client.get("/login").get_data(as_text=True)


def test_service_messages_are_shown_in_french(client: FlaskClient, world: World) -> None:
    response = post_form(client, "/login", {"email": "agent@a.example", "password": "wrong"})
    assert "Adresse e-mail ou mot de passe incorrect." in response.get_data(as_text=True)


def test_the_error_pages_are_french_by_default(client: FlaskClient) -> None:
    assert "Page introuvable" in client.get("/nowhere").get_data(as_text=True)


def test_the_language_lasts_across_sign_in(client: FlaskClient, world: World) -> None:
    post_form(client, "/locale", {"locale": "en"}, form_url="/login")
    login(client, "agent@a.example")
    assert '<html lang="en">' in client.get("/profile").get_data(as_text=True)


@pytest.mark.parametrize(
    ("msgid", "french"),
    [
        ("the problem is described", "le problème est décrit"),
        ("Stopped", "Arrêtée"),
        ("Start the prototype", "Démarrer le prototype"),
        ("Only an administrator can do this.", "Seul un administrateur peut faire cela."),
    ],
)
def test_workflow_and_service_messages_have_french_translations(
    app: Flask, msgid: str, french: str
) -> None:
    with app.test_request_context("/"), force_locale("fr"):
        assert gettext(msgid) == french


def test_dates_are_shown_in_paris_time(app: Flask) -> None:
    with app.test_request_context("/"), force_locale("fr"):
        shown = format_datetime(NOW, "short")
    assert "10:00" in shown  # 09:00 UTC is 10:00 in Paris in November


def test_a_signed_in_users_choice_is_kept_on_the_account(
    app: Flask, client: FlaskClient, session: Session, world: World
) -> None:
    login(client, "agent@a.example")
    post_form(client, "/locale", {"locale": "en"}, form_url="/profile")
    session.refresh(world.agent_a)
    assert world.agent_a.locale == "en"
    elsewhere = app.test_client()
    login(elsewhere, "agent@a.example")
    assert '<html lang="en">' in elsewhere.get("/profile").get_data(as_text=True)
