"""Failure made visible, not shameful: stops, retrospectives, lessons reused, silent deaths."""

from flask import Blueprint, current_app, render_template, request
from flask_babel import format_decimal, gettext
from flask_login import login_required

from tracker import clock
from tracker.db import get_session
from tracker.services import failures as failure_service
from tracker.services.portfolio_scope import is_instance_admin, parse_admins
from tracker.views.charts import bar_chart
from tracker.views.experiments_labels import STATE_LABELS, STOP_REASON_LABELS, label
from tracker.views.main import actor
from tracker.views.retrospectives_labels import RETROSPECTIVE_STATE_LABELS

bp = Blueprint("failures", __name__)


def _whole(value: float) -> str:
    return format_decimal(value, format="#,##0")


@bp.get("/failures")
@login_required
def index() -> str:
    """The organisation's figures, as charts with the same numbers in tables."""
    admins = parse_admins(current_app.config["TRACKER"]["INSTANCE_ADMINS"])
    everything = request.args.get("organisation") == "all"
    organisation_id = failure_service.scope_of(
        actor(), everything=everything, instance_admins=admins
    )
    figures = failure_service.figures(
        session=get_session(), organisation_id=organisation_id, now=clock.now()
    )
    count = gettext("Experiments")
    charts = {
        "reason": bar_chart(
            chart_id="stops-by-reason",
            title=gettext("Stops by reason"),
            items=[(label(STOP_REASON_LABELS, k), n) for k, n in figures.stops_by_reason],
            label_header=gettext("Stop reason"),
            value_header=count,
            shown=_whole,
        ),
        "stage": bar_chart(
            chart_id="stops-by-stage",
            title=gettext("Stops by stage"),
            items=[(label(STATE_LABELS, k), n) for k, n in figures.stops_by_stage],
            label_header=gettext("Stage when stopped"),
            value_header=count,
            shown=_whole,
        ),
        "silent": bar_chart(
            chart_id="silent-by-stage",
            title=gettext("Silent deaths by stage"),
            items=[(label(STATE_LABELS, k), n) for k, n in figures.silent_by_stage],
            label_header=gettext("Stage"),
            value_header=count,
            shown=_whole,
        ),
    }
    return render_template(
        "failures/index.html",
        figures=figures,
        charts=charts,
        everything=everything,
        instance_admin=is_instance_admin(actor(), admins),
        label=label,
        STATE_LABELS=STATE_LABELS,
        RETROSPECTIVE_STATE_LABELS=RETROSPECTIVE_STATE_LABELS,
    )
