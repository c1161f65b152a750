"""Loading the signed-in user from the session cookie."""

from tracker.db import get_session
from tracker.models import User


def load_user(session_id: str) -> User | None:
    """The active user whose id and current session nonce match the cookie."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = get_session().get(User, int(user_id))
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    return user
