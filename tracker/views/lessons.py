"""The lessons library: search with facets, a lesson's page, its publication and its reuse."""

from typing import Any, NoReturn

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms import select_choices
from tracker.forms.lessons import LessonSearchForm, PublicationForm, ReuseForm
from tracker.forms.service_errors import translate
from tracker.models import Experiment, Lesson, User
from tracker.services import lessons as lesson_service
from tracker.services import lessons_publication, lessons_reuse
from tracker.services import lessons_search as search_service
from tracker.services.errors import Conflict, Invalid, NotFound, ServiceError
from tracker.services.permissions import can_view
from tracker.views import lessons_labels as labels
from tracker.views.experiments_labels import STOP_REASON_LABELS, label
from tracker.views.retrospectives_labels import CAUSE_TAG_LABELS
from tracker.views.theme_labels import THEME_LABELS

bp = Blueprint("lessons", __name__)

Rendered = str | tuple[str, int]
FACET_VALUE_LABELS = {
    "outcome": labels.OUTCOME_LABELS,
    "stop_reason": STOP_REASON_LABELS,
    "cause_tag": CAUSE_TAG_LABELS,
    "theme": THEME_LABELS,
}


@bp.before_request
@login_required
def _signed_in() -> None:
    """The library is for signed-in users (public lessons reach others through the portal)."""


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "label": label,
        "STOP_REASON_LABELS": STOP_REASON_LABELS,
        "CAUSE_TAG_LABELS": CAUSE_TAG_LABELS,
        "KIND_LABELS": labels.KIND_LABELS,
        "OUTCOME_LABELS": labels.OUTCOME_LABELS,
        "PUBLICATION_LABELS": labels.PUBLICATION_LABELS,
        "ACTION_LABELS": labels.ACTION_LABELS,
        "FACET_LABELS": labels.FACET_LABELS,
        "highlight": highlight,
    }


@bp.app_context_processor
def _experiment_panel() -> dict[str, Any]:
    # The experiment page lists the lessons it taught and the ones it applied.
    return {
        "lessons_panel": lessons_panel,
        "KIND_LABELS_PANEL": labels.KIND_LABELS,
        "PUBLICATION_LABELS_PANEL": labels.PUBLICATION_LABELS,
    }


def lessons_panel(experiment: Experiment) -> dict[str, list[Lesson]]:
    """The lessons the experiment taught and applied, as far as the viewer may read them."""
    session, actor = get_session(), _actor()
    return {
        "taught": lesson_service.of_experiment(
            session=session, actor=actor, experiment_id=experiment.id or 0
        ),
        "applied": lessons_reuse.applied_lessons(
            session=session, actor=actor, experiment=experiment
        ),
    }


def highlight(snippet: str) -> Markup:
    """A snippet escaped, its match marks turned into <mark> (nothing else is markup)."""
    text = str(escape(snippet))
    text = text.replace(search_service.MARK_START, "<mark>")
    return Markup(text.replace(search_service.MARK_END, "</mark>"))  # noqa: S704 (escaped above)


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _refuse(error: ServiceError) -> NoReturn:
    abort(404 if isinstance(error, NotFound) else 403)


def _facet_links(
    facets: dict[str, list[tuple[str, int]]], filters: dict[str, str]
) -> list[dict[str, Any]]:
    """Each facet's values with their count and a link that sets (or clears) that filter."""
    groups = []
    for name, values in facets.items():
        items = []
        for value, count in values:
            chosen = filters.get(name, "").lower() == value.lower()
            args = {k: v for k, v in filters.items() if k != name}
            if not chosen:
                args[name] = value
            text = label(FACET_VALUE_LABELS[name], value) if name in FACET_VALUE_LABELS else value
            items.append(
                {"label": text, "count": count, "chosen": chosen, "url": url_for(".index", **args)}
            )
        groups.append({"name": name, "label": labels.FACET_LABELS[name], "items": items})
    return groups


@bp.get("/lessons")
def index() -> Rendered:
    """Search the lessons I may read, with facet counts and one page at a time."""
    form = LessonSearchForm(request.args)
    cursor = request.args.get("cursor") or None
    page = search_service.Page(items=[], next_cursor=None)
    filters: dict[str, str] = {}
    problem: list[str] = []
    if not form.validate():
        problem = [_("Check the filters.")]
    else:
        filters = form.filters()
        try:
            page = search_service.search(
                session=get_session(),
                actor=_actor(),
                filters=search_service.Filters(**filters),
                limit=current_app.config["TRACKER"]["PAGE_SIZE"],
                cursor=cursor,
                with_facets=True,
            )
        except Invalid as refused:
            problem = [translate(m) for messages in refused.errors.values() for m in messages]
    ids = [hit.lesson.id for hit in page.items if hit.lesson.id]
    body = render_template(
        "lessons/index.html",
        form=form,
        page=page,
        problem=problem,
        searched=bool(filters.get("q")),
        counts=lesson_service.reuse_counts(get_session(), ids),
        facets=_facet_links(page.facets, filters),
        next_url=url_for(".index", **filters, cursor=page.next_cursor)
        if page.next_cursor
        else None,
        first_url=url_for(".index", **filters) if cursor else None,
    )
    return (body, 422) if problem else body


def _load(lesson_id: int) -> Lesson:
    try:
        return lesson_service.get(session=get_session(), actor=_actor(), lesson_id=lesson_id)
    except NotFound:
        abort(404)


def _render_detail(lesson: Lesson, reuse_form: ReuseForm | None = None, status: int = 200):
    session, actor = get_session(), _actor()
    experiment = session.get(Experiment, lesson.experiment_id)
    visible = experiment is not None and can_view(actor, experiment)
    candidates = lessons_reuse.experiments_to_mark(session=session, actor=actor, lesson=lesson)
    if reuse_form is None:
        reuse_form = ReuseForm()
    reuse_form.experiment_id.choices = select_choices(_titles(candidates))
    body = render_template(
        "lessons/detail.html",
        lesson=lesson,
        experiment=experiment if visible else None,
        reuse_count=lesson_service.reuse_counts(session, [lesson.id or 0]).get(lesson.id or 0, 0),
        actions=lessons_publication.next_actions(session, actor, lesson),
        publication_form=PublicationForm(),
        reuse_form=reuse_form if candidates else None,
    )
    return body if status == 200 else (body, status)


def _titles(experiments: list[Experiment]) -> list[tuple[int, str]]:
    return [(experiment.id or 0, experiment.title) for experiment in experiments]


@bp.get("/lessons/<int:lesson_id>")
def detail(lesson_id: int) -> Rendered:
    """The lesson, where it comes from, how often it was reused, its publication."""
    return _render_detail(_load(lesson_id))


@bp.post("/lessons/<int:lesson_id>/publication")
def publication(lesson_id: int) -> Response:
    """Ask to publish (the team), approve or decline (a chair); then back to the lesson."""
    form = PublicationForm()
    if not form.valid_action():
        abort(400)
    try:
        lessons_publication.act(
            session=get_session(),
            actor=_actor(),
            lesson_id=lesson_id,
            action=form.action.data,
            now=clock.now(),
        )
    except (Conflict, Invalid) as refused:
        flash(translate(refused.message), "warning")
    except ServiceError as refused:
        _refuse(refused)
    else:
        flash(_("Done: %(step)s.", step=label(labels.ACTION_LABELS, form.action.data)))
    return redirect(url_for(".detail", lesson_id=lesson_id), 303)


@bp.post("/lessons/<int:lesson_id>/reuses")
def reuse(lesson_id: int) -> Rendered | Response:
    """Mark the lesson as applied by one of my experiments."""
    lesson = _load(lesson_id)
    form = ReuseForm()
    if not form.validate():
        return _render_detail(lesson, form, 422)
    try:
        _reuse, created = lessons_reuse.mark(
            session=get_session(),
            actor=_actor(),
            experiment_id=form.experiment_id.data,
            lesson_id=lesson_id,
            now=clock.now(),
        )
    except Invalid as refused:
        form.experiment_id.errors = [translate(m) for ms in refused.errors.values() for m in ms]
        return _render_detail(lesson, form, 422)
    except ServiceError as refused:
        _refuse(refused)
    flash(_("Marked as applied.") if created else _("This lesson was already marked as applied."))
    return redirect(url_for(".detail", lesson_id=lesson_id), 303)
