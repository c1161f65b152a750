"""Partner pages: the shared inventory, a partner's page and its experiments, create and edit."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.forms.ecosystem import ArchiveForm, PartnerForm
from tracker.forms.service_errors import translate
from tracker.models import Organisation, Partner, User
from tracker.services import partners as partner_service
from tracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from tracker.views.ecosystem_labels import ECOSYSTEM_LABELS
from tracker.views.experiments_labels import STATE_LABELS, label

bp = Blueprint("partners", __name__, url_prefix="/partners")

Rendered = str | tuple[str, int]


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every partner page is for signed-in users."""


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"label": label, "STATE_LABELS": STATE_LABELS, **ECOSYSTEM_LABELS}


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _partner(partner_id: int) -> Partner:
    try:
        return partner_service.get(session=get_session(), actor=_actor(), partner_id=partner_id)
    except NotFound:
        abort(404)


def _require_edit(partner: Partner) -> None:
    if not partner_service.may_edit(_actor(), partner):
        abort(403)


@bp.get("/")
def index() -> str:
    """The inventory, searchable by name or SIRET."""
    q = (request.args.get("q") or "").strip()[:200]
    kind = request.args.get("kind") or None
    if kind not in ECOSYSTEM_LABELS["PARTNER_KIND_LABELS"]:
        kind = None
    try:
        page = partner_service.list_(
            session=get_session(),
            actor=_actor(),
            q=q,
            kind=kind,
            limit=100,
            cursor=request.args.get("cursor") or None,
        )
    except Invalid:
        abort(404)
    return render_template("partners/list.html", page=page, q=q, kind=kind or "")


@bp.get("/<int:partner_id>")
def detail(partner_id: int) -> str:
    """A partner and the experiments (that you may see) it takes part in."""
    session = get_session()
    partner = _partner(partner_id)
    rows = partner_service.experiments_of(session=session, actor=_actor(), partner_id=partner_id)
    return render_template(
        "partners/detail.html",
        partner=partner,
        organisation=session.get(Organisation, partner.organisation_id),
        rows=rows,
        can_edit=partner_service.may_edit(_actor(), partner),
        archive_form=ArchiveForm(
            formdata=None, data={"archived": "0" if partner.archived_at else "1"}
        ),
    )


def _render_form(form: PartnerForm, partner: Partner | None, status: int = 200) -> Rendered:
    body = render_template("partners/form.html", form=form, partner=partner)
    return body if status == 200 else (body, status)


@bp.route("/new", methods=["GET", "POST"])
def new() -> Rendered | Response:
    """Record a partner (your organisation keeps its record)."""
    form = PartnerForm()
    if request.method == "GET":
        return _render_form(form, None)
    if not form.validate():
        return _render_form(form, None, 422)
    try:
        partner = partner_service.create(
            session=get_session(), actor=_actor(), data=form.to_data(), now=clock.now()
        )
    except Forbidden:
        abort(403)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_form(form, None, 422)
    flash(_("The partner was recorded."), "success")
    return redirect(url_for(".detail", partner_id=partner.id), 303)


@bp.route("/<int:partner_id>/edit", methods=["GET", "POST"])
def edit(partner_id: int) -> Rendered | Response:
    """Edit a partner (its recording organisation), with the version read."""
    partner = _partner(partner_id)
    _require_edit(partner)
    if request.method == "GET":
        data = {
            name: getattr(partner, name) or "" for name in ("name", "kind", "siret", "description")
        }
        return _render_form(
            PartnerForm(formdata=None, data={**data, "version": partner.version}), partner
        )
    form = PartnerForm()
    if not form.validate():
        return _render_form(form, partner, 422)
    try:
        partner_service.update(
            session=get_session(),
            actor=_actor(),
            partner_id=partner_id,
            version=form.version.data,
            changes=form.to_data(),
            now=clock.now(),
        )
    except Forbidden:
        abort(403)
    except Invalid as refused:
        form.apply_errors(refused.errors)
        return _render_form(form, partner, 422)
    except Conflict as refused:
        form.form_errors.append(translate(refused.message))
        return _render_form(form, partner, 409)
    flash(_("The partner was saved."), "success")
    return redirect(url_for(".detail", partner_id=partner_id), 303)


@bp.post("/<int:partner_id>/archive")
def archive(partner_id: int) -> Response:
    """Archive (no new links, existing ones kept) or restore a partner."""
    partner = _partner(partner_id)
    _require_edit(partner)
    form = ArchiveForm()
    if not form.validate():
        abort(400)
    partner = partner_service.set_archived(
        session=get_session(),
        actor=_actor(),
        partner_id=partner_id,
        archived=form.archived.data == "1",
        now=clock.now(),
    )
    archived = partner.archived_at is not None
    flash(_("The partner was archived.") if archived else _("The partner was restored."), "success")
    return redirect(url_for(".detail", partner_id=partner_id), 303)
