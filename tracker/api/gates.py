"""Stage gates: request, read, vote, decide, withdraw, and conditions of a conditional go.

Status codes follow the core: 403 for a conflicted or non-member voter and a non-chair
decider, 404 for an unknown gate or another organisation's, 409 for a closed gate, a race or
a gate already open, 422 for missing quorum, rationale or readiness (named field errors).
"""

from typing import Any

from flask import url_for
from pydantic import BaseModel, Field

from tracker import clock
from tracker.api import gate_serializers, serializers
from tracker.api.auth import current_user
from tracker.api.gate_schemas import (
    DecisionBody,
    DecisionResult,
    GateOut,
    GateRequestBody,
    VoteBody,
    VoteOut,
    WithdrawBody,
)
from tracker.api.registry import Reply, operation
from tracker.db import get_session
from tracker.models import User
from tracker.services import experiments as experiment_service
from tracker.services import gates as gate_service

TAG = "gates"


@operation(
    "POST",
    "/experiments/{experiment_id}/gates",
    summary="Request a gate review (pilot or decision gate)",
    tag=TAG,
    body=GateRequestBody,
    replies={201: Reply("The open gate.", GateOut, headers={"Location": "The URL of the gate."})},
    problems=(403, 404, 409),
    description=(
        "The team requests the pilot gate from `prototype` (`prototype_learnings`, "
        "`pilot_plan`) or the decision gate from `evaluation` (`verdict`, `analysis`, "
        "`cost_eur`; each success criterion needs a measurement in the journal). "
        "`review_date` defaults to 14 days from now. 422 names what is missing; 409 when the "
        "experiment is not at the right stage, a gate is already open, or the conditions of "
        "the previous go are not met."
    ),
)
def request_gate(experiment_id: int, *, body: GateRequestBody) -> tuple[Any, int, dict[str, str]]:
    """Open a gate; the criteria and plan under review are locked until it closes."""
    session = get_session()
    actor = current_user()
    data = body.model_dump(exclude_unset=True, exclude={"kind", "version"})
    gate = gate_service.request_gate(
        session=session,
        actor=actor,
        experiment_id=experiment_id,
        kind=body.kind,
        data=data,
        now=clock.now(),
        version=body.version,
    )
    location = url_for("api.get_gate", gate_id=gate.id)
    return gate_serializers.gate(session, actor, gate), 201, {"Location": location}


@operation(
    "GET",
    "/experiments/{experiment_id}/gates",
    summary="The gate reviews of an experiment",
    tag=TAG,
    replies={200: Reply("Every gate, oldest first.", list[GateOut])},
    problems=(404,),
)
def list_experiment_gates(experiment_id: int) -> tuple[Any, int]:
    """Open, decided and withdrawn gates; nothing is ever deleted."""
    session = get_session()
    actor = current_user()
    rows = gate_service.for_experiment(session=session, actor=actor, experiment_id=experiment_id)
    return gate_serializers.gates(session, actor, rows), 200


class QueueQuery(BaseModel):
    """Keyset pagination of the voting queue (soonest review first)."""

    limit: int | None = Field(
        default=None,
        ge=1,
        le=gate_service.QUEUE_PAGE_MAX,
        description=f"Page size (default {gate_service.QUEUE_PAGE}).",
    )
    cursor: str | None = Field(
        default=None, max_length=200, description="The cursor of the `Link: rel=next` header."
    )


@operation(
    "GET",
    "/gates/queue",
    summary="Your voting queue",
    tag=TAG,
    query=QueueQuery,
    replies={
        200: Reply(
            "Open gates waiting for your vote, soonest review first, one page.",
            list[GateOut],
            headers={
                "Link": '`<...?cursor=...>; rel="next"` when more gates wait.',
                "X-Total-Count": "How many gates wait for your vote in all.",
            },
        )
    },
    problems=(422,),
)
def gate_queue(*, query: QueueQuery) -> tuple[Any, int, dict[str, str]]:
    """Open gates of your boards that you have not voted on and have no conflict with."""
    session = get_session()
    actor = current_user()
    page = gate_service.queue(
        session=session,
        actor=actor,
        limit=query.limit or gate_service.QUEUE_PAGE,
        cursor=query.cursor,
    )
    headers = {"X-Total-Count": str(page.total)}
    if page.next_cursor:
        args = {"cursor": page.next_cursor, **({"limit": query.limit} if query.limit else {})}
        headers["Link"] = f'<{url_for("api.gate_queue", **args)}>; rel="next"'
    return gate_serializers.gates(session, actor, page.items), 200, headers


@operation(
    "GET",
    "/gates/{gate_id}",
    summary="Read a gate review",
    tag=TAG,
    replies={200: Reply("The gate, its votes, decision and evidence.", GateOut)},
    problems=(404,),
)
def get_gate(gate_id: int) -> tuple[Any, int]:
    """Visible to whoever may see the experiment; 404 otherwise."""
    session = get_session()
    actor = current_user()
    gate = gate_service.get(session=session, actor=actor, gate_id=gate_id)
    return gate_serializers.gate(session, actor, gate), 200


@operation(
    "POST",
    "/gates/{gate_id}/votes",
    summary="Vote on an open gate (or change your vote)",
    tag=TAG,
    body=VoteBody,
    replies={201: Reply("Your vote, cast.", VoteOut), 200: Reply("Your vote, changed.", VoteOut)},
    problems=(403, 404, 409),
    description=(
        "Board members only; the owner and team of the experiment cannot vote (403). "
        "`scores` answers every scorecard criterion: true/false for a knock-out, 1 to 5 for a "
        "scored one. 409 once the gate is closed."
    ),
)
def vote_on_gate(gate_id: int, *, body: VoteBody) -> tuple[Any, int]:
    """Cast your vote (201) or change it until the decision (200)."""
    session = get_session()
    actor = current_user()
    row, created = gate_service.vote(
        session=session,
        actor=actor,
        gate_id=gate_id,
        data=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    return gate_serializers.vote(row, actor), 201 if created else 200


@operation(
    "POST",
    "/gates/{gate_id}/decision",
    summary="Decide a gate (chairs)",
    tag=TAG,
    body=DecisionBody,
    replies={200: Reply("The decided gate and the experiment in its new state.", DecisionResult)},
    problems=(403, 404, 409),
    description=(
        "`go` (pilot gate, may carry `conditions`), `scale` (`route`, `scaling_plan`), "
        "`adapt` (`changes`, `restart_at`), `stop` (`stop_reason`), `hold` (`review_date`). "
        "The decision, the experiment's state change and the gate's closing are one "
        "transaction. 403 for anyone but a chair without a conflict; 409 when the gate is "
        "closed or decided meanwhile; 422 without quorum or rationale."
    ),
)
def decide_gate(gate_id: int, *, body: DecisionBody) -> tuple[Any, int]:
    """Record the board's decision and fire the experiment's trigger."""
    session = get_session()
    actor = current_user()
    gate_service.decide(
        session=session,
        actor=actor,
        gate_id=gate_id,
        data=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    return _decided(actor, gate_id), 200


def _decided(actor: User, gate_id: int) -> DecisionResult:
    session = get_session()
    gate = gate_service.get(session=session, actor=actor, gate_id=gate_id)
    experiment = experiment_service.get(
        session=session, actor=actor, experiment_id=gate.experiment_id
    )
    return DecisionResult(
        gate=gate_serializers.gate(session, actor, gate),
        experiment=serializers.experiment(session, actor, experiment),
    )


@operation(
    "POST",
    "/gates/{gate_id}/withdraw",
    summary="Withdraw an open gate (the team)",
    tag=TAG,
    body=WithdrawBody,
    replies={200: Reply("The withdrawn gate.", GateOut)},
    problems=(403, 404, 409),
)
def withdraw_gate(gate_id: int, *, body: WithdrawBody) -> tuple[Any, int]:
    """The gate closes without a decision; send `{}` or a `reason`."""
    session = get_session()
    actor = current_user()
    gate = gate_service.withdraw(
        session=session, actor=actor, gate_id=gate_id, now=clock.now(), reason=body.reason
    )
    return gate_serializers.gate(session, actor, gate), 200


@operation(
    "POST",
    "/gates/{gate_id}/conditions/{condition_id}/met",
    summary="Mark a condition of a conditional go as met (chairs)",
    tag=TAG,
    replies={200: Reply("The gate with its conditions.", GateOut)},
    problems=(403, 404),
)
def mark_condition_met(gate_id: int, condition_id: int) -> tuple[Any, int]:
    """Once every condition is met, the next gate may be requested; marking twice is harmless."""
    session = get_session()
    actor = current_user()
    gate_service.mark_condition_met(
        session=session, actor=actor, gate_id=gate_id, condition_id=condition_id, now=clock.now()
    )
    gate = gate_service.get(session=session, actor=actor, gate_id=gate_id)
    return gate_serializers.gate(session, actor, gate), 200
