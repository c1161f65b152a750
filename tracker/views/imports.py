"""Bulk import of experiments by an admin (/admin/import): all rows or none, errors by line."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, gettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from tracker import clock
from tracker.db import get_session
from tracker.exports.columns import EXPERIMENTS
from tracker.exports.reader import WRITABLE, Problem
from tracker.extensions import login_manager
from tracker.forms.imports import ImportForm
from tracker.services import imports as import_service
from tracker.services.permissions import require_admin
from tracker.views.main import actor
from workflows.definition import N_

bp = Blueprint("imports", __name__, url_prefix="/admin/import")
TOO_BIG = N_("The file is larger than %(limit)s bytes: split it.")


@bp.before_request
def admins_only() -> Response | None:
    """Signed-in admins only (the service checks again); the upload limit of the setting."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require_admin(actor())
    # A little above the setting, so a file just too big gets the import's own message.
    request.max_content_length = _limits()[0] + 64 * 1024
    return None


def _limits() -> tuple[int, int]:
    settings = current_app.config["TRACKER"]
    return settings["IMPORT_MAX_BYTES"], settings["IMPORT_MAX_ROWS"]


def _page(form: ImportForm, problems: list[Problem], status: int = 200) -> tuple[str, int]:
    max_bytes, max_rows = _limits()
    rows = [(p.line, p.column, gettext(p.message, **p.params)) for p in problems]
    page = render_template(
        "imports/form.html",
        form=form,
        problems=rows,
        columns=EXPERIMENTS.names(),
        writable=WRITABLE,
        max_bytes=max_bytes,
        max_rows=max_rows,
        format_decimal=format_decimal,
    )
    return page, status


@bp.get("")
def form() -> tuple[str, int]:
    """The upload form and the format."""
    return _page(ImportForm(formdata=None), [])


@bp.post("")
def upload() -> Response | tuple[str, int]:
    """Check every row, then apply them all; or show what is wrong, line by line."""
    max_bytes, max_rows = _limits()
    too_big = Problem(0, None, TOO_BIG, {"limit": max_bytes})
    # Refused before reading the body: the message names the setting, not a bare 413.
    if (request.content_length or 0) > (request.max_content_length or 0):
        return _page(ImportForm(formdata=None), [too_big], 413)
    try:
        upload_form = ImportForm()
        valid = upload_form.validate()
    except RequestEntityTooLarge:  # a body without a length, over the limit
        return _page(ImportForm(formdata=None), [too_big], 413)
    if not valid:
        return _page(upload_form, [], 422)
    data = upload_form.file.data.read(max_bytes + 1)
    report = import_service.apply(
        session=get_session(),
        actor=actor(),
        data=data,
        max_bytes=max_bytes,
        max_rows=max_rows,
        now=clock.now(),
    )
    if report.problems:
        return _page(upload_form, report.problems, 422)
    flash(
        gettext(
            "Imported: %(created)s created, %(updated)s updated.",
            created=report.created,
            updated=report.updated,
        ),
        "success",
    )
    return redirect(url_for("experiments.index"), 303)
