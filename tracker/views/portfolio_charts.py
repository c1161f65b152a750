"""The portfolio's charts (tracker.views.charts geometry) and the labels of its tables."""

from flask_babel import format_decimal, gettext
from flask_babel import lazy_gettext as _l

from tracker.services.portfolio_rows import Dashboard, OutcomeRow
from tracker.views.charts import BarChart, bar_chart
from tracker.views.experiments_labels import STATE_LABELS, label
from tracker.views.gates_labels import DECISION_LABELS, VERDICT_LABELS

COMMONS_LABELS = {
    "premises": _l("Premises"),
    "data": _l("Data"),
    "procurement": _l("Public procurement"),
    "funding": _l("Funding"),
    "staff_time": _l("Staff time"),
    "training": _l("Training"),
}
MAX_TERRITORY_BARS = 15


def whole(value: float) -> str:
    """A count, localised."""
    return format_decimal(value, format="#,##0")


def days(value: float) -> str:
    """A number of days with one decimal, localised."""
    return format_decimal(value, format="#,##0.#")


def quarter(row: OutcomeRow) -> str:
    """ "Q3 2026" (T3 2026 in French)."""
    return gettext("Q%(quarter)d %(year)d", quarter=row.quarter, year=row.year)


def verdict_label(code: str | None) -> str:
    """The verdict's label; a decision without a verdict says so."""
    return label(VERDICT_LABELS, code) if code else gettext("No verdict recorded")


def build(board: Dashboard) -> dict[str, BarChart]:
    """One chart per figure that has one; each template table repeats its numbers."""
    experiments = gettext("Experiments")
    outcome_bars = [
        (f"{quarter(row)} · {label(DECISION_LABELS, name)}", getattr(row, name))
        for row in board.outcomes
        for name in ("scale", "adapt", "stop")
        if getattr(row, name)
    ]
    gate_bars = [
        (f"{row.board} · {text}", value)
        for row in board.gates
        for text, value in ((gettext("pending"), row.pending), (gettext("overdue"), row.overdue))
    ]
    verdict_bars = [
        (f"{verdict_label(row.verdict)} → {label(DECISION_LABELS, name)}", getattr(row, name))
        for row in board.verdicts
        for name in ("scale", "adapt", "stop", "hold")
        if getattr(row, name)
    ]
    trained = {True: gettext("Trained owner"), False: gettext("Untrained owner")}
    return {
        "funnel": bar_chart(
            chart_id="chart-funnel",
            title=gettext("Experiments that reached each stage"),
            items=[(label(STATE_LABELS, row.state), row.reached) for row in board.funnel],
            label_header=gettext("Stage"),
            value_header=experiments,
            shown=whole,
        ),
        "outcomes": bar_chart(
            chart_id="chart-outcomes",
            title=gettext("Outcomes per quarter"),
            items=outcome_bars,
            label_header=gettext("Quarter and outcome"),
            value_header=experiments,
            shown=whole,
        ),
        "stages": bar_chart(
            chart_id="chart-stages",
            title=gettext("Median days spent in each stage"),
            items=[
                (label(STATE_LABELS, row.state), row.median_days)
                for row in board.stages
                if row.median_days is not None
            ],
            label_header=gettext("Stage"),
            value_header=gettext("Median (days)"),
            shown=days,
        ),
        "gates": bar_chart(
            chart_id="chart-gates",
            title=gettext("Gates pending and overdue"),
            items=gate_bars,
            label_header=gettext("Review board"),
            value_header=gettext("Gates"),
            shown=whole,
        ),
        "territories": bar_chart(
            chart_id="chart-territories",
            title=gettext("Experiments per territory"),
            items=[(row.territory, row.experiments) for row in board.territories][
                :MAX_TERRITORY_BARS
            ],
            label_header=gettext("Territory"),
            value_header=experiments,
            shown=whole,
        ),
        "verdicts": bar_chart(
            chart_id="chart-verdicts",
            title=gettext("Evidence verdict and board decision"),
            items=verdict_bars,
            label_header=gettext("Verdict → decision"),
            value_header=gettext("Decisions"),
            shown=whole,
        ),
        "training": bar_chart(
            chart_id="chart-training",
            title=gettext("Experiments led by trained and untrained agents"),
            items=[(trained[row.trained], row.experiments) for row in board.training],
            label_header=gettext("Owner"),
            value_header=experiments,
            shown=whole,
        ),
    }


def state_label(code: str) -> str:
    """The translated name of a state."""
    return label(STATE_LABELS, code)


def commons_label(code: str) -> str:
    """The translated name of a kind of commons."""
    return label(COMMONS_LABELS, code)
