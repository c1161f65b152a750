"""Who the token belongs to, and their private calendar feed."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from tracker.api.auth import current_user
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import Organisation
from tracker.services import calendar_feed as feed_service
from tracker.services import users as user_service
from tracker.views.calendar_feeds import feed_url

TAG = "me"


class MeOut(BaseModel):
    """The account the token belongs to."""

    id: int
    email: str
    name: str
    role: str
    locale: str
    organisation: str
    # The private iCalendar feed (gate reviews, meetings, pilot ends, retrospective due dates,
    # derogation deadlines); null while the user has switched it off.
    calendar_feed_url: str | None


def _me() -> MeOut:
    user = current_user()
    organisation = get_session().get(Organisation, user.organisation_id)
    return MeOut(
        id=user.id or 0,
        email=user.email,
        name=user.name,
        role=user.role,
        locale=user.locale,
        organisation=organisation.name if organisation else "",
        calendar_feed_url=feed_url(user),
    )


@operation(
    "GET",
    "/me",
    summary="Your account and your calendar feed URL",
    tag=TAG,
    replies={200: Reply("The token's owner.", MeOut)},
)
def get_me() -> tuple[Any, int]:
    """The caller's account, with `calendar_feed_url`: subscribe to it in a calendar program."""
    return _me(), 200


@operation(
    "POST",
    "/me/calendar-feed/rotate",
    summary="Revoke your calendar feed URL and get a new one",
    tag=TAG,
    replies={200: Reply("Your account with the new `calendar_feed_url`.", MeOut)},
    description="The old URL answers 404 from now on.",
)
def rotate_calendar_feed() -> tuple[Any, int]:
    """Draw a new feed token; the previous URL stops working at once."""
    feed_service.rotate(session=get_session(), actor=current_user())
    return _me(), 200


class MePatch(BaseModel):
    """The language of your pages and emails."""

    model_config = ConfigDict(extra="forbid")

    locale: Literal["fr", "en"]


@operation(
    "PATCH",
    "/me",
    summary="Change your language",
    tag=TAG,
    body=MePatch,
    replies={200: Reply("Your account in its new language.", MeOut)},
    description="The same choice as the language switch of the pages; emails follow it too.",
)
def update_me(*, body: MePatch) -> tuple[Any, int]:
    """Remember `fr` or `en` on the account (422 for any other value)."""
    user_service.set_locale(session=get_session(), actor=current_user(), locale=body.locale)
    return _me(), 200
