"""Experiment lists: one page at a time (keyset cursor), filters carried from page to page."""

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.db import get_session
from tracker.forms.experiments import FilterForm
from tracker.forms.service_errors import translate
from tracker.services import listing as listing_service
from tracker.services.errors import Invalid


def render_list(
    scope: str, template_title: str, filters_form: FilterForm | None
) -> str | tuple[str, int]:
    """A page of experiments in a scope, with the filters and a link to the next page."""
    cursor = request.args.get("cursor") or None
    page = listing_service.Page(items=[], next_cursor=None)
    filters: dict[str, str] = {}
    problem: list[str] = []
    if filters_form is not None and not filters_form.validate():
        problem = [_("Check the filters.")]  # the fields show what is wrong
    else:
        filters = filters_form.filters() if filters_form else {}
        try:
            page = listing_service.list_(
                session=get_session(),
                actor=current_user._get_current_object(),  # type: ignore[attr-defined]
                scope=scope,  # type: ignore[arg-type]
                limit=current_app.config["TRACKER"]["PAGE_SIZE"],
                cursor=cursor,
                **filters,
            )
        except Invalid as refused:
            problem = [translate(m) for messages in refused.errors.values() for m in messages]
    endpoint = request.endpoint or "experiments.index"
    body = render_template(
        "experiments/list.html",
        title=template_title,
        page=page,
        form=filters_form,
        problem=problem,
        next_url=url_for(endpoint, **filters, cursor=page.next_cursor)
        if page.next_cursor
        else None,
        first_url=url_for(endpoint, **filters) if cursor else None,
    )
    return (body, 422) if problem else body
