"""What the experiment page shows of routes to scale, replication and the legal basis.

It comes in through a template global, so the experiment page only includes the panel.
"""

from typing import Any

from flask import Blueprint
from flask_login import current_user

from tracker.db import get_session
from tracker.models import Experiment, User
from tracker.services import derogations as derogation_service
from tracker.services import replication as replication_service
from tracker.services import scaling as scaling_service
from tracker.services.errors import NotFound
from tracker.services.permissions import is_team
from tracker.views.gates_labels import ROUTE_LABELS
from tracker.views.scaling_labels import DEROGATION_KIND_LABELS, OUTCOME_LABELS

bp = Blueprint("scaling_panel", __name__)


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        "ROUTE_LABELS": ROUTE_LABELS,
        "DEROGATION_KIND_LABELS": DEROGATION_KIND_LABELS,
        "OUTCOME_LABELS": OUTCOME_LABELS,
    }


def plan_panel(experiment: Experiment) -> dict[str, Any] | None:
    """The scaling plan, milestones and progress (None before the scale decision)."""
    session = get_session()
    try:
        _experiment, plan, rows = scaling_service.get(
            session=session, actor=_actor(), experiment_id=experiment.id or 0
        )
    except NotFound:
        return None
    done, total, percent = scaling_service.progress(rows)
    return {"plan": plan, "milestones": rows, "done": done, "total": total, "percent": percent}


@bp.app_template_global()
def lineage_panel(experiment: Experiment) -> dict[str, Any]:
    """The route to scale, the derogation, the lineage tree and the replicas' lessons."""
    session = get_session()
    actor = _actor()
    lineage = replication_service.lineage(
        session=session, actor=actor, experiment_id=experiment.id or 0
    )
    lessons = replication_service.replica_lessons(
        session=session, actor=actor, experiment_id=experiment.id or 0
    )
    return {
        "scaling": plan_panel(experiment),
        "derogation": derogation_service.of(session, experiment),
        "lineage": lineage if lineage.children else None,
        "replica_lessons": lessons,
        "may_edit": actor.active and is_team(session, actor, experiment),
        "may_replicate": actor.active,
    }
