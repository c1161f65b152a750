"""The public portal (/public): public experiments and lessons, territories, open data.

No account needed, and nothing but public rows for anyone: tracker.services.public decides what
a public experiment shows.
"""

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tracker.db import get_session
from tracker.exports import download as downloads
from tracker.exports.columns import RESOURCES
from tracker.forms.public import PublicSearchForm
from tracker.forms.service_errors import translate
from tracker.services import lessons_search, public_territories
from tracker.services import public as public_service
from tracker.services.errors import Invalid
from tracker.services.listing import Page
from tracker.views import ecosystem_labels, experiments_labels, gates_labels, lessons_labels
from tracker.views.experiments_labels import label

bp = Blueprint("public", __name__, url_prefix="/public")


@bp.context_processor
def _labels() -> dict[str, Any]:
    mappings = {
        "STATE_LABELS": experiments_labels.STATE_LABELS,
        "STOP_REASON_LABELS": experiments_labels.STOP_REASON_LABELS,
        "DIRECTION_LABELS": experiments_labels.DIRECTION_LABELS,
        "GATE_KIND_LABELS": gates_labels.GATE_KIND_LABELS,
        "DECISION_LABELS": gates_labels.DECISION_LABELS,
        "VERDICT_LABELS": gates_labels.VERDICT_LABELS,
        "ROUTE_LABELS": gates_labels.ROUTE_LABELS,
        "OUTCOME_LABELS": lessons_labels.OUTCOME_LABELS,
        "LESSON_KIND_LABELS": lessons_labels.KIND_LABELS,
        "COMMONS_KIND_LABELS": ecosystem_labels.COMMONS_KIND_LABELS,
    }
    return {"label": label, "format_decimal": format_decimal, **mappings}


@bp.get("/")
def index() -> str | tuple[str, int]:
    """Search the public experiments and lessons; territories; open-data downloads."""
    session = get_session()
    form = PublicSearchForm(request.args)
    filters: dict[str, str] = {}
    problem: list[str] = []
    experiments = Page(items=[], next_cursor=None)
    lessons: list[lessons_search.Hit] = []
    cursor = request.args.get("cursor") or None
    if not form.validate():
        problem = [_("Check the filters.")]
    else:
        filters = form.filters()
        try:
            experiments = public_service.list_experiments(
                session=session,
                limit=current_app.config["TRACKER"]["PAGE_SIZE"],
                cursor=cursor,
                **filters,
            )
            lessons = lessons_search.search(
                session=session,
                actor=public_service.PUBLIC_READER,
                filters=lessons_search.Filters(**filters),
                limit=current_app.config["TRACKER"]["PAGE_SIZE"],
            ).items
        except Invalid as refused:
            problem = [translate(m) for messages in refused.errors.values() for m in messages]
    body = render_template(
        "public/index.html",
        form=form,
        filters=filters,
        problem=problem,
        experiments=experiments.items,
        lessons=lessons,
        territories=public_territories.territories_with_public_experiments(session=session),
        next_url=url_for("public.index", **filters, cursor=experiments.next_cursor)
        if experiments.next_cursor
        else None,
        first_url=url_for("public.index", **filters) if cursor else None,
        resources=RESOURCES,
    )
    return (body, 422) if problem else body


@bp.get("/experiments/<int:experiment_id>")
def experiment(experiment_id: int) -> str:
    """A public experiment and its transparency panel (internal ones are 404)."""
    session = get_session()
    found = public_service.get_experiment(session=session, experiment_id=experiment_id)
    panel = public_service.transparency(session=session, experiment=found)
    lessons = public_service.lessons_of(session=session, experiment=found)
    return render_template("public/experiment.html", experiment=found, panel=panel, lessons=lessons)


@bp.get("/territories/<int:territory_id>")
def territory(territory_id: int) -> str:
    """A territory: its public experiments and lessons, the commons contributed there."""
    page = public_territories.territory_page(session=get_session(), territory_id=territory_id)
    return render_template("public/territory.html", page=page)


@bp.get("/data")
def download() -> Response:
    """Open data: ?what=experiments|decisions|lessons|commons&format=csv|json (public rows)."""
    what = request.args.get("what", "experiments")
    kind = request.args.get("format", "csv")
    if what not in RESOURCES or kind not in ("csv", "json"):
        abort(404)
    return downloads.response(what, kind, None)
