"""Retrospective pages: the list, the retrospective with its facts, the blameless template,
the review steps (submit, ask for changes, publish) and the dated addenda."""

from typing import Any, NoReturn

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.retrospectives import (
    MAX_FOLLOW_UPS,
    AddendumForm,
    RetrospectiveFilterForm,
    RetrospectiveForm,
    RetrospectiveTransitionForm,
    follow_up_rows,
)
from tracker.forms.service_errors import translate
from tracker.models import Experiment, Retrospective, User
from tracker.services import retrospectives as retrospective_service
from tracker.services import retrospectives_list
from tracker.services.errors import (
    Conflict,
    Forbidden,
    GuardFailed,
    Invalid,
    NotFound,
    ServiceError,
)
from tracker.services.permissions import is_team
from tracker.views import retrospectives_labels as labels
from tracker.views.experiments_labels import STATE_LABELS, STOP_REASON_LABELS, label
from tracker.views.retrospectives_page import EDITABLE, page_context

bp = Blueprint("retrospectives", __name__)

Rendered = str | tuple[str, int]


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every retrospective page is for signed-in users."""


@bp.context_processor
def _labels() -> dict[str, Any]:
    names = ("CAUSE_TAG_LABELS", "DECIDER_LABELS", "FOLLOW_UP_STATUS_LABELS")
    names += ("RETROSPECTIVE_TRIGGER_LABELS",)
    extra = {name: getattr(labels, name) for name in names}
    return {
        "label": label,
        "format_decimal": format_decimal,
        "STATE_LABELS": STATE_LABELS,
        "STOP_REASON_LABELS": STOP_REASON_LABELS,
        **extra,
    }


@bp.app_context_processor
def _state_labels() -> dict[str, Any]:
    # The experiment page shows its retrospective's state too.
    return {"RETROSPECTIVE_STATE_LABELS": labels.RETROSPECTIVE_STATE_LABELS}


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _today() -> Any:
    return clock.now().astimezone(get_timezone()).date()


def _refuse(error: ServiceError) -> NoReturn:
    abort(404 if isinstance(error, NotFound) else 403)


def _load(experiment_id: int) -> tuple[Experiment, Retrospective]:
    """The experiment and its retrospective, or a 404 (invisible, or never stopped)."""
    try:
        return retrospective_service.get(
            session=get_session(), actor=_actor(), experiment_id=experiment_id
        )
    except NotFound:
        abort(404)


@bp.get("/retrospectives")
def index() -> Rendered:
    """The retrospectives I may see, overdue first, filtered by state."""
    form = RetrospectiveFilterForm(request.args)
    state = form.state.data if form.validate() else None
    cursor = request.args.get("cursor") or None
    filters = {
        **({"state": state} if state else {}),
        **({"overdue": "y"} if form.overdue.data else {}),
    }
    try:
        page = retrospectives_list.page_visible(
            session=get_session(),
            actor=_actor(),
            state=state or None,
            overdue_only=bool(form.overdue.data),
            today=_today(),
            limit=retrospectives_list.PAGE,
            cursor=cursor,
        )
    except Invalid as refused:
        problem = [translate(m) for messages in refused.errors.values() for m in messages]
        empty = retrospectives_list.Page(items=[], next_cursor=None, total=0)
        body = render_template(
            "retrospectives/list.html", form=form, page=empty, rows=[], problem=problem
        )
        return body, 422
    return render_template(
        "retrospectives/list.html",
        form=form,
        page=page,
        rows=page.items,
        problem=[],
        next_url=url_for("retrospectives.index", **filters, cursor=page.next_cursor)
        if page.next_cursor
        else None,
        first_url=url_for("retrospectives.index", **filters) if cursor else None,
    )


def _render_page(
    experiment: Experiment, retrospective: Retrospective, status: int = 200, **extra: Any
) -> Rendered:
    context = page_context(
        get_session(), _actor(), experiment, retrospective, today=_today(), **extra
    )
    body = render_template("retrospectives/detail.html", **context)
    return body if status == 200 else (body, status)


@bp.get("/experiments/<int:experiment_id>/retrospective")
def detail(experiment_id: int) -> Rendered:
    """The retrospective, what the record already knows, and the steps the viewer may take."""
    return _render_page(*_load(experiment_id))


def _render_form(
    experiment: Experiment,
    retrospective: Retrospective,
    form: RetrospectiveForm,
    status: int = 200,
) -> Rendered:
    body = render_template(
        "retrospectives/form.html",
        experiment=experiment,
        retrospective=retrospective,
        form=form,
        error_items=form.error_items(),
        max_follow_ups=MAX_FOLLOW_UPS,
    )
    return body if status == 200 else (body, status)


@bp.route("/experiments/<int:experiment_id>/retrospective/edit", methods=["GET", "POST"])
def edit(experiment_id: int) -> Rendered | Response:
    """The team writes the retrospective; the version seen protects others' changes."""
    session = get_session()
    experiment, retrospective = _load(experiment_id)
    actor = _actor()
    if not actor.active or not is_team(session, actor, experiment):
        abort(403)
    if retrospective.state not in EDITABLE:
        flash(_("This retrospective is submitted or published: it can no longer be edited."))
        return redirect(url_for(".detail", experiment_id=experiment_id), 303)
    if request.method == "GET":
        rows = follow_up_rows(retrospective_service.follow_ups(session, retrospective))
        form = RetrospectiveForm.from_values(
            retrospective.model_dump(), rows, retrospective.version
        )
        return _render_form(experiment, retrospective, form)
    form = RetrospectiveForm()
    if form.add_follow_up.data:
        if len(form.follow_ups.entries) < MAX_FOLLOW_UPS:
            form.follow_ups.append_entry()
        return _render_form(experiment, retrospective, form)
    if not form.validate():
        return _render_form(experiment, retrospective, form, 422)
    data, rows = form.to_data()
    try:
        retrospective_service.save(
            session=session, actor=actor, experiment_id=experiment_id,
            version=form.version.data, data=data, now=clock.now(),
        )  # fmt: skip
    except (NotFound, Forbidden) as refused:
        _refuse(refused)
    except Conflict as refused:
        # The input stays on the form, with the version the user saw: saving again cannot
        # silently undo the other person's changes.
        form.form_errors.append(translate(refused.message))
        return _render_form(experiment, retrospective, form, 409)
    except Invalid as refused:
        form.apply_errors(refused.errors, rows)
        return _render_form(experiment, retrospective, form, 422)
    flash(_("The retrospective was saved."), "success")
    return redirect(url_for(".detail", experiment_id=experiment_id), 303)


@bp.post("/experiments/<int:experiment_id>/retrospective/transitions")
def transition(experiment_id: int) -> Rendered | Response:
    """Submit (the team), ask for changes or publish (a chair of the board)."""
    experiment, retrospective = _load(experiment_id)
    form = RetrospectiveTransitionForm()
    if not form.validate():
        return _render_page(experiment, retrospective, 422, problem=[_("Reload the page.")])
    trigger = (form.trigger.data or "").strip()
    try:
        retrospective_service.fire(
            session=get_session(), actor=_actor(), experiment_id=experiment_id,
            trigger=trigger, version=form.version.data, now=clock.now(),
        )  # fmt: skip
    except (NotFound, Forbidden) as refused:
        _refuse(refused)
    except GuardFailed as refused:
        step = label(labels.RETROSPECTIVE_TRIGGER_LABELS, trigger)
        heading = _("%(step)s is not possible yet:", step=step)
        problem = [heading, *(translate(reason) for reason in refused.reasons)]
        return _render_page(*_load(experiment_id), 422, problem=problem)
    except Conflict as refused:
        return _render_page(*_load(experiment_id), 409, problem=[translate(refused.message)])
    except Invalid as refused:
        return _render_page(*_load(experiment_id), 422, problem=[translate(refused.message)])
    done = {
        "submit": _("The retrospective was submitted to the board."),
        "request_changes": _("The team was asked for changes."),
        "publish": _("The retrospective was published."),
    }
    flash(done.get(trigger, _("Done.")), "success")
    return redirect(url_for(".detail", experiment_id=experiment_id), 303)


@bp.post("/experiments/<int:experiment_id>/retrospective/addenda")
def add_addendum(experiment_id: int) -> Rendered | Response:
    """A dated addition to the published retrospective (the team or a chair)."""
    experiment, retrospective = _load(experiment_id)
    form = AddendumForm()
    if not form.validate():
        return _render_page(experiment, retrospective, 422, problem=[_("Reload the page.")])
    try:
        retrospective_service.add_addendum(
            session=get_session(), actor=_actor(), experiment_id=experiment_id,
            body=form.body.data or "", now=clock.now(),
        )  # fmt: skip
    except (NotFound, Forbidden) as refused:
        _refuse(refused)
    except Conflict as refused:
        return _render_page(experiment, retrospective, 409, problem=[translate(refused.message)])
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_page(experiment, retrospective, 422, addendum_form=form)
    flash(_("The addendum was added."), "success")
    return redirect(url_for(".detail", experiment_id=experiment_id, _anchor="addenda"), 303)
