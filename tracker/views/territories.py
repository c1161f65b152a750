"""Territory pages: the shared inventory, a territory's page, admins' create and edit."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.ecosystem import ArchiveForm, ClusterForm, TerritoryForm
from tracker.forms.service_errors import translate
from tracker.models import Territory, User
from tracker.services import territories as territory_service
from tracker.services import territory_page
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from tracker.views.ecosystem_labels import ECOSYSTEM_LABELS
from tracker.views.experiments_labels import STATE_LABELS, label

bp = Blueprint("territories", __name__, url_prefix="/territories")

Rendered = str | tuple[str, int]


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every territory page is for signed-in users."""


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "label": label,
        "format_decimal": format_decimal,
        "STATE_LABELS": STATE_LABELS,
        **ECOSYSTEM_LABELS,
    }


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _require_admin() -> None:
    if not _actor().active or _actor().role != "admin":
        abort(403)


def _territory(territory_id: int) -> Territory:
    try:
        return territory_service.get(
            session=get_session(), actor=_actor(), territory_id=territory_id
        )
    except NotFound:
        abort(404)


@bp.get("/")
def index() -> str:
    """The inventory, searchable, by name."""
    session = get_session()
    q = (request.args.get("q") or "").strip()[:200]
    level = request.args.get("level") or None
    if level not in ECOSYSTEM_LABELS["LEVEL_LABELS"]:
        level = None
    archived = request.args.get("archived") == "1"
    try:
        page = territory_service.list_(
            session=session,
            actor=_actor(),
            q=q,
            level=level,
            include_archived=archived,
            limit=100,
            cursor=request.args.get("cursor") or None,
        )
    except Invalid:
        abort(404)
    clusters = {c.id: c for c in territory_service.clusters(session)}
    return render_template(
        "territories/list.html",
        page=page,
        clusters=clusters,
        q=q,
        level=level or "",
        archived=archived,
        is_admin=_actor().role == "admin",
    )


@bp.get("/<int:territory_id>")
def detail(territory_id: int) -> str:
    """A territory: its experiments, partners, commons, lessons and replications."""
    _territory(territory_id)
    page = territory_page.view(session=get_session(), actor=_actor(), territory_id=territory_id)
    return render_template(
        "territories/detail.html",
        view=page,
        # "1" archives, "0" restores (the archive view compares with "1", as for partners).
        archive_form=ArchiveForm(
            formdata=None, data={"archived": "0" if page.territory.archived_at else "1"}
        ),
        is_admin=_actor().role == "admin",
    )


def _render_form(form: TerritoryForm, territory: Territory | None, status: int = 200) -> Rendered:
    body = render_template("territories/form.html", form=form, territory=territory)
    return body if status == 200 else (body, status)


def _form() -> TerritoryForm:
    form = TerritoryForm()
    form.set_choices(territory_service.clusters(get_session()))
    return form


@bp.route("/new", methods=["GET", "POST"])
def new() -> Rendered | Response:
    """Add a territory to the inventory (admins)."""
    _require_admin()
    form = _form()
    if request.method == "GET":
        return _render_form(form, None)
    if not form.validate():
        return _render_form(form, None, 422)
    try:
        territory = territory_service.create(
            session=get_session(), actor=_actor(), data=form.to_data(), now=clock.now()
        )
    except Forbidden:
        abort(403)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_form(form, None, 422)
    flash(_("The territory was added to the inventory."), "success")
    return redirect(url_for(".detail", territory_id=territory.id), 303)


@bp.route("/<int:territory_id>/edit", methods=["GET", "POST"])
def edit(territory_id: int) -> Rendered | Response:
    """Edit a territory (admins), with the version read."""
    _require_admin()
    territory = _territory(territory_id)
    if request.method == "GET":
        form = TerritoryForm(
            formdata=None,
            data={
                "name": territory.name,
                "level": territory.level or "",
                "code": territory.code or "",
                "cluster_id": str(territory.cluster_id or ""),
                "version": territory.version,
            },
        )
        form.set_choices(territory_service.clusters(get_session()))
        return _render_form(form, territory)
    form = _form()
    if not form.validate():
        return _render_form(form, territory, 422)
    try:
        territory_service.update(
            session=get_session(),
            actor=_actor(),
            territory_id=territory_id,
            version=form.version.data,
            changes=form.to_data(),
            now=clock.now(),
        )
    except Forbidden:
        abort(403)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_form(form, territory, 422)
    except Conflict as refused:
        form.form_errors.append(translate(refused.message))
        return _render_form(form, territory, 409)
    flash(_("The territory was saved."), "success")
    return redirect(url_for(".detail", territory_id=territory_id), 303)


@bp.post("/<int:territory_id>/archive")
def archive(territory_id: int) -> Response:
    """Archive (hidden from pickers, links kept) or restore a territory (admins)."""
    _require_admin()
    _territory(territory_id)
    form = ArchiveForm()
    if not form.validate():
        abort(400)
    territory = territory_service.set_archived(
        session=get_session(),
        actor=_actor(),
        territory_id=territory_id,
        archived=form.archived.data == "1",
        now=clock.now(),
    )
    message = (
        _("The territory was archived.")
        if territory.archived_at
        else _("The territory was restored.")
    )
    flash(message, "success")
    return redirect(url_for(".detail", territory_id=territory_id), 303)


@bp.route("/clusters/new", methods=["GET", "POST"])
def new_cluster() -> Rendered | Response:
    """Create a transition cluster (admins)."""
    _require_admin()
    form = ClusterForm()
    if request.method == "POST" and form.validate():
        try:
            territory_service.create_cluster(
                session=get_session(),
                actor=_actor(),
                name=form.name.data or "",
                description=form.description.data or "",
                now=clock.now(),
            )
        except Invalid as refused:
            form.apply_errors(refused.errors)
        else:
            flash(_("The transition cluster was created."), "success")
            return redirect(url_for(".index"), 303)
    body = render_template("territories/cluster_form.html", form=form)
    return body if request.method == "GET" else (body, 422)
