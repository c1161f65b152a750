"""Human labels for the experiment vocabulary (states, triggers, reasons, kinds, fields).

Codes stay English in the database and the API; these msgids are what people read, translated
at render time. Literal strings here are what the catalogue extraction finds.
"""

from flask_babel import lazy_gettext as _l

from tracker.views.ecosystem_labels import ECOSYSTEM_TRIGGER_LABELS

STATE_LABELS = {
    "draft": _l("Draft"),
    "prototype": _l("Prototype"),
    "pilot": _l("Pilot"),
    "evaluation": _l("Evaluation"),
    "scaling": _l("Scaling"),
    "scaled": _l("Scaled"),
    "stopped": _l("Stopped"),
}

TRIGGER_LABELS = {
    "create": _l("Created"),
    "update": _l("Edited"),
    "start_prototype": _l("Start the prototype"),
    "go_pilot": _l("Go to pilot"),
    "begin_evaluation": _l("Begin the evaluation"),
    "scale": _l("Scale"),
    "adapt": _l("Adapt"),
    "complete_scaling": _l("Complete the scaling"),
    "stop": _l("Stop"),
    # Gate events on the experiment's timeline (they do not change its state).
    "gate_requested": _l("Gate review requested"),
    "gate_withdrawn": _l("Gate review withdrawn"),
    "gate_decided": _l("Gate decision"),
    "gate_held": _l("Gate review held"),
    "condition_met": _l("Condition of the go met"),
    "criteria_amended": _l("Criteria amended"),
    "meeting_scheduled": _l("On the agenda of a board meeting"),
    "meeting_rescheduled": _l("Board meeting rescheduled"),
    "meeting_cancelled": _l("Board meeting cancelled"),
    "retrospective_drafting": _l("Retrospective started"),
    "retrospective_submitted": _l("Retrospective submitted for review"),
    "retrospective_changes_requested": _l("Changes asked on the retrospective"),
    "retrospective_published": _l("Retrospective published"),
    "retrospective_addendum": _l("Addendum to the retrospective"),
    "replicated": _l("Replicated elsewhere"),
    "scaling_plan_updated": _l("Scaling plan updated"),
    "derogation_recorded": _l("Derogation recorded"),
    **ECOSYSTEM_TRIGGER_LABELS,
    "lesson_publication_requested": _l("Lesson: publication requested"),
    "lesson_published": _l("Lesson made public"),
    "lesson_publication_declined": _l("Lesson: publication declined"),
    "lesson_applied": _l("Lesson of another experiment applied"),
    "offered_for_takeover": _l("Looking for a taker"),
    "takeover_offer_withdrawn": _l("Offer to a taker withdrawn"),
    "taken_over": _l("Taken over"),
}

STOP_REASON_LABELS = {
    "no_impact": _l("No measurable impact"),
    "existing_solution": _l("A solution already exists"),
    "constraints": _l("Constraints too strong"),
    "cost": _l("Cost too high"),
    "budget_cut": _l("Budget cut"),
    "legal": _l("Legal obstacle"),
    "owner_left": _l("The owner left"),
    "political": _l("Political decision"),
    "other": _l("Other reason"),
}

JOURNAL_KIND_LABELS = {
    "note": _l("Note"),
    "observation": _l("Observation"),
    "measurement": _l("Measurement"),
    "user_feedback": _l("User feedback"),
    "incident": _l("Incident"),
}

VISIBILITY_LABELS = {
    "internal": _l("Internal (my organisation only)"),
    "public": _l("Public (every signed-in user)"),
}

DIRECTION_LABELS = {
    "at_least": _l("at least"),
    "at_most": _l("at most"),
}

FIELD_LABELS = {
    "title": _l("Title"),
    "problem": _l("Problem"),
    "hypothesis": _l("Hypothesis"),
    "target_users": _l("Target users"),
    "success_criteria": _l("Success criteria"),
    "stop_criteria": _l("Stop criteria"),
    "territory": _l("Territory"),
    "theme": _l("Theme"),
    "team": _l("Team members"),
    "planned_start": _l("Planned start"),
    "planned_end": _l("Planned end"),
    "visibility": _l("Visibility"),
}


def label(mapping: dict, code: str | None) -> str:
    """The translated label of a code, or the code itself when it has none."""
    if code is None:
        return ""
    return str(mapping.get(code, code))
