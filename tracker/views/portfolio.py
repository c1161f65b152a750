"""The portfolio dashboard: charts with their tables, and each table as CSV, under filters."""

import csv
import io
from datetime import timedelta

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from tracker import clock
from tracker.db import get_session
from tracker.forms.portfolio import PortfolioFilterForm
from tracker.models import Organisation
from tracker.services import portfolio as portfolio_service
from tracker.services.portfolio_scope import Filters, parse_admins
from tracker.views import portfolio_charts
from tracker.views.main import actor

bp = Blueprint("portfolio", __name__, url_prefix="/portfolio")
FILTER_NAMES = ("organisation", "territory", "theme", "board", "start", "end")
# A cell starting like a formula is read as text by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def dashboard_cache() -> portfolio_service.DashboardCache:
    """The application's cache of dashboards (one per process; see portfolio_cache)."""
    return current_app.extensions.setdefault("portfolio_cache", portfolio_service.DashboardCache())


def snapshot_max_age() -> timedelta:
    """How old a stored dashboard may be shown (TRACKER_PORTFOLIO_MAX_AGE_MINUTES)."""
    return timedelta(minutes=current_app.config["TRACKER"]["PORTFOLIO_MAX_AGE_MINUTES"])


def _id(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _load(args: MultiDict) -> tuple[PortfolioFilterForm, Filters, portfolio_service.Dashboard]:
    """The filter form, the filters applied and the figures; filters in error are left out."""
    session = get_session()
    admins = parse_admins(current_app.config["TRACKER"]["INSTANCE_ADMINS"])
    form = PortfolioFilterForm(formdata=MultiDict({k: v for k, v in args.items() if v}))
    wanted = args.get("organisation", "")
    scope = Filters(organisation_id=_id(wanted))
    scope = portfolio_service.scope(
        session=session,
        actor=actor(),
        requested=scope,
        all_organisations=wanted == "all",
        instance_admins=admins,
    )
    found = portfolio_service.choices(
        session=session, actor=actor(), applied=scope, instance_admins=admins
    )
    form.offer(found, gettext("All"))
    valid = form.validate()
    requested = scope
    if valid:
        requested = Filters(
            organisation_id=scope.organisation_id,
            territory_id=_id(form.territory.data),
            theme=form.theme.data or None,
            board_id=_id(form.board.data),
            start=form.start.data,
            end=form.end.data,
        )
    applied, board = portfolio_service.dashboard(
        session=session,
        actor=actor(),
        filters=requested,
        all_organisations=scope.organisation_id is None,
        instance_admins=admins,
        cache=dashboard_cache(),
        snapshot_max_age=snapshot_max_age(),
        now=clock.now(),
    )
    return form, applied, board


@bp.get("")
@login_required
def index() -> tuple[str, int]:
    """Every figure of the portfolio; bad filters come back with field messages (400)."""
    form, applied, board = _load(request.args)
    query = {name: request.args[name] for name in FILTER_NAMES if request.args.get(name)}
    page = render_template(
        "portfolio/index.html",
        form=form,
        applied=applied,
        board=board,
        charts=portfolio_charts.build(board),
        labels=portfolio_charts,
        organisation=_organisation_name(applied),
        query=query,
        tables=portfolio_service.TABLES,
    )
    return page, 400 if form.errors else 200


def _organisation_name(applied: Filters) -> str:
    if applied.organisation_id is None:
        return ""
    organisation = get_session().get(Organisation, applied.organisation_id)
    return organisation.name if organisation is not None else ""


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


@bp.get("/<any(" + ", ".join(portfolio_service.TABLES) + "):table>.csv")
@login_required
def table_csv(table: str) -> Response:
    """One table of the dashboard as CSV (UTF-8 with BOM), with the same filters."""
    form, _applied, board = _load(request.args)
    if form.errors:
        return Response(gettext("Some filters are invalid."), status=400, mimetype="text/plain")
    rows = portfolio_service.table(board, table)
    fields = list(portfolio_service.ROW_MODELS[table].model_fields)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(getattr(row, name)) for name in fields])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="portfolio-{table}.csv"'
    return response
