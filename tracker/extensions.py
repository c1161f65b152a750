"""Flask extensions: Flask-Login, CSRF protection, Flask-Babel."""

from flask import Flask, current_app, g, session
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from tracker.models import LOCALES

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def select_locale() -> str:
    """The language chosen in this session, else the user's, else the default (French)."""
    chosen = session.get("locale")
    if chosen in LOCALES:
        return chosen
    user = getattr(g, "api_user", None) or (current_user if current_user.is_authenticated else None)
    if user is not None and getattr(user, "locale", None) in LOCALES:
        return user.locale
    return current_app.config["TRACKER"]["DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Wire the extensions to the app."""
    from tracker import auth_session

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(auth_session.load_user)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["LOCALES"] = LOCALES
