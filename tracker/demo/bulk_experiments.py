"""The rows of one bulk benchmark experiment: events, team, journal, gates (tracker.demo.bulk).

The rows keep the invariants the services keep: the state is the to_state of the last
state-changing event, one event per state change, pilot only after a decided pilot gate that
said go (with its votes and decision), scaling only after a decision gate that said scale,
journal entries logged in visited states, pilot evidence before evaluation, stop reasons on
stopped experiments, a lesson for each published retrospective and each scale decision.
"""

import random
from datetime import datetime, timedelta
from typing import Any

from tracker.demo.bulk_gates import Cast, Rows, decided_gate, open_gate
from tracker.demo.bulk_lessons import taught
from tracker.demo.bulk_paths import GATE_STEPS, PATHS, STATE_DECK
from tracker.demo.bulk_retrospectives import retrospective

TERRITORIES = (
    "Lozère",
    "Gironde",
    "Nord",
    "Bouches-du-Rhône",
    "Finistère",
    "Haute-Savoie",
    "Guyane",
    "Corrèze",
    "Paris",
    "Bas-Rhin",
)
TOPICS = ("guichet", "mobilité", "accueil", "formulaire", "jeunesse", "santé", "école", "eau")
# The public-policy theme of each topic; one bulk experiment in ten has not said its theme.
TOPIC_THEMES = {
    "guichet": "public_administration",
    "mobilité": "mobility",
    "accueil": "social_inclusion",
    "formulaire": "digital_services",
    "jeunesse": "education",
    "santé": "health",
    "école": "education",
    "eau": "ecological_transition",
}
JOURNAL_KINDS = ("note", "observation", "user_feedback", "incident")
# As the services store it (SuccessCriterion.model_dump()): every key present.
CRITERION = {
    "indicator": "Attente (min)",
    "target": "moins de 15 minutes",
    "method": "Relevé au guichet",
    "target_value": 15.0,
    "direction": "at_most",
}
EVENTS_PER_EXPERIMENT = 10
JOURNAL_PER_EXPERIMENT = 5
# One prototype in this many waits on an open pilot gate (it fills the board's queue).
OPEN_GATE_EVERY = 40


def add_experiment(rows: Rows, cast: Cast, rng: random.Random, index: int, now: datetime) -> None:
    """Add experiment number `index` and all its rows to the batch."""
    final = STATE_DECK[index % len(STATE_DECK)]
    path = PATHS[final]
    owner = cast.people["agent" if index % 2 else "agent2"]
    topic = rng.choice(TOPICS)
    created = now - timedelta(days=rng.randint(30, 900), minutes=rng.randint(0, 1440))
    # Ten events spread over the experiment's life: the state changes, the rest edits.
    moments = sorted(created + timedelta(hours=rng.randint(1, 24 * 25)) for _ in range(9))
    experiment_id = rows.next_id["experiments"]
    experiment: dict[str, Any] = {
        "organisation_id": cast.organisation_id,
        "owner_id": owner,
        "title": f"Essai {index} : {topic} simplifié",
        "problem": f"Les usagers attendent trop longtemps au {topic}.",
        "hypothesis": f"Un {topic} repensé réduit l'attente de moitié.",
        "target_users": "Usagers du service",
        "success_criteria": [CRITERION],
        "stop_criteria": ["Aucun gain après trois mois"],
        "territory": TERRITORIES[index % len(TERRITORIES)],
        "theme": None if index % 10 == 7 else TOPIC_THEMES[topic],
        "visibility": "public" if index % 5 == 0 else "internal",
        "state": final,
        "iteration": 1,
        "version": 1 + EVENTS_PER_EXPERIMENT - 1,
        "created_at": created,
        "updated_at": moments[-1],
        "last_activity_at": moments[-1],
        "criteria_frozen_at": None,
        "stop_reason": None,
        "stop_explanation": None,
    }
    rows.add("experiments", experiment)
    if index % 3 == 0:
        other = cast.people["agent2" if owner == cast.people["agent"] else "agent"]
        rows.add("experiment_members", {"experiment_id": experiment_id, "user_id": other})
    _event(rows, experiment_id, "create", None, "draft", owner, created)
    # State changes take random slots among the nine moments; edits fill the others, each
    # recorded in the state the experiment was in at that moment, all in time order.
    slots = set(rng.sample(range(len(moments)), len(path)))
    steps = iter(path)
    state = "draft"
    for slot, at in enumerate(moments):
        if slot not in slots:
            _event(rows, experiment_id, "update", state, state, owner, at, {"fields": ["problem"]})
            continue
        step = next(steps)
        if step.trigger in GATE_STEPS:
            decided_gate(rows, cast, experiment_id, owner, GATE_STEPS[step.trigger], at, experiment)
        if step.trigger == "stop":
            experiment["stop_reason"] = "no_impact"
            experiment["stop_explanation"] = "Pas d'effet mesurable sur l'attente."
            retrospective(rows, experiment_id, owner, at, now)
        taught(rows, experiment, step.trigger)
        _event(rows, experiment_id, step.trigger, step.source, step.target, owner, at)
        state = step.target
    if final == "prototype" and index % OPEN_GATE_EVERY == 0:
        open_gate(rows, cast, experiment_id, owner, now - timedelta(days=2))
    visited = [step.target for step in path if step.target not in ("stopped",)] or ["draft"]
    for number in range(JOURNAL_PER_EXPERIMENT):
        # Evaluation needs pilot evidence: the first entry of a pilot is logged in pilot.
        state = "pilot" if number == 0 and "pilot" in visited else rng.choice(visited)
        rows.add(
            "journal_entries",
            {
                "experiment_id": experiment_id,
                "author_id": owner,
                "kind": rng.choice(JOURNAL_KINDS),
                "body": f"Observation {number + 1} sur le {topic}.",
                "indicator": None,
                "value": None,
                "occurred_on": (created + timedelta(days=number)).date(),
                "logged_in_state": state,
                "iteration": 1,
                "created_at": created + timedelta(days=number),
            },
        )


def _event(
    rows: Rows,
    experiment_id: int,
    trigger: str,
    source: str | None,
    target: str,
    actor: int,
    at: datetime,
    data: dict[str, Any] | None = None,
) -> None:
    rows.add(
        "events",
        {
            "experiment_id": experiment_id,
            "trigger": trigger,
            "from_state": source,
            "to_state": target,
            "actor_id": actor,
            "reason": "",
            "data": data or {},
            "at": at,
        },
    )
