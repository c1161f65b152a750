"""Human labels for the retrospective vocabulary and the organisation settings.

Codes stay English in the database and the API; these msgids are what people read.
"""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

RETROSPECTIVE_STATE_LABELS = {
    "due": _l("To write"),
    "drafting": _l("Being written"),
    "submitted": _l("Submitted for review"),
    "published": _l("Published"),
}

RETROSPECTIVE_TRIGGER_LABELS = {
    "submit": _l("Submit for review"),
    "request_changes": _l("Ask for changes"),
    "publish": _l("Publish"),
}

CAUSE_TAG_LABELS = {
    "method": _l("Method"),
    "timing": _l("Timing"),
    "partners": _l("Partners"),
    "resources": _l("Resources"),
    "regulation": _l("Regulation"),
    "user_adoption": _l("User adoption"),
    "governance": _l("Governance"),
    "external_event": _l("External event"),
}

DECIDER_LABELS = {
    "team": _l("The team"),
    "board": _l("The review board"),
    "external": _l("An external decision"),
}

FOLLOW_UP_STATUS_LABELS = {
    "open": _l("Open"),
    "done": _l("Done"),
    "not_doing": _l("Not doing"),
}

# Each organisation threshold: its label and a hint. Keys added elsewhere without an entry
# here still show, with a generic label (see threshold_label).
THRESHOLD_LABELS = {
    "vote_due_days_before": (
        _l("Vote reminder"),
        _l("Days before a gate review's date when members who have not voted are reminded."),
    ),
    "stale_days": (
        _l("Experiment without news"),
        _l("Days without a journal entry before the team is reminded."),
    ),
    "stale_chair_days": (
        _l("Escalation to the chair"),
        _l("Days without a journal entry before the board's chair is told."),
    ),
    "pilot_overdue_every_days": (
        _l("Overdue pilot"),
        _l("Days between reminders while a pilot runs past its planned end."),
    ),
    "evaluation_idle_days": (
        _l("Evaluation without a decision gate"),
        _l("Days in evaluation without a decision gate before the team is reminded."),
    ),
    "retrospective_due_days": (
        _l("Retrospective due delay"),
        _l("Days from a stop to the date its retrospective is due."),
    ),
    "derogation_notice_days": (
        _l("First notice of a derogation's date"),
        _l("Days before a derogation expires, or its report is due, for a first notice."),
    ),
    "derogation_last_notice_days": (
        _l("Last notice of a derogation's date"),
        _l("Days before a derogation expires, or its report is due, for a last notice."),
    ),
}


def threshold_label(key: str) -> tuple[str, str]:
    """The translated label and hint of a threshold, or a generic pair naming its key."""
    known = THRESHOLD_LABELS.get(key)
    if known is not None:
        return str(known[0]), str(known[1])
    return gettext("Setting “%(key)s”", key=key), gettext("A number of days.")
