"""Kinds of email, their subjects, and which a user may mute or get in the digest."""

from workflows.definition import N_
from workflows.retrospective import DEFAULT_DUE_DAYS

# Notifications of what just happened: sent to whoever the action concerns.
NOTIFICATIONS = (
    "gate_requested",
    "gate_decided",
    "experiment_stopped",
    "meeting_scheduled",
    "retrospective_submitted",
    "retrospective_changes_requested",
    "retrospective_published",
)
# Reminders a user may mute, or receive in the weekly digest.
REMINDERS = (
    "vote_due",
    "stale",
    "pilot_overdue",
    "evaluation_idle",
    "retrospective_unpublished",
    "follow_up_overdue",
    "derogation_expiring",
    "derogation_report_due",
)
# Escalations to a chair: never muted, never held for a digest ("never leave a committee
# without a decision").
ESCALATIONS = (
    "gate_overdue",
    "stale_chair",
    "retrospective_overdue",
    "derogation_expiring_chair",
)
DIGEST = "digest"
KINDS = NOTIFICATIONS + REMINDERS + ESCALATIONS + (DIGEST,)

SUBJECTS = {
    "gate_requested": N_("Gate review requested: %(title)s"),
    "gate_decided": N_("Gate decision: %(title)s"),
    "experiment_stopped": N_("Experiment stopped: %(title)s"),
    "meeting_scheduled": N_("Board meeting: %(title)s"),
    "vote_due": N_("Your vote is due: %(title)s"),
    "gate_overdue": N_("Gate review overdue: %(title)s"),
    "stale": N_("No journal entry for %(days)s days: %(title)s"),
    "stale_chair": N_("No journal entry for %(days)s days: %(title)s"),
    "pilot_overdue": N_("Pilot past its planned end: %(title)s"),
    "evaluation_idle": N_("Evaluation waiting for a decision gate: %(title)s"),
    "retrospective_submitted": N_("Retrospective submitted for publication: %(title)s"),
    "retrospective_changes_requested": N_("Changes requested on the retrospective: %(title)s"),
    "retrospective_published": N_("Retrospective published: %(title)s"),
    "retrospective_unpublished": N_("Retrospective still to publish: %(title)s"),
    "retrospective_overdue": N_("Retrospective overdue: %(title)s"),
    "follow_up_overdue": N_("Follow-up action overdue: %(action)s"),
    "derogation_expiring": N_("Derogation expiring in %(days)s days or less: %(title)s"),
    "derogation_expiring_chair": N_("Derogation expiring in %(days)s days or less: %(title)s"),
    "derogation_report_due": N_("Evaluation report due in %(days)s days or less: %(title)s"),
    "digest": N_("Your weekly digest: %(count)s items"),
}
LABELS = {
    "vote_due": N_("Votes due on gate reviews"),
    "stale": N_("Experiments without a journal entry"),
    "pilot_overdue": N_("Pilots past their planned end"),
    "evaluation_idle": N_("Evaluations waiting for a decision gate"),
    "retrospective_unpublished": N_("Retrospectives not yet published"),
    "follow_up_overdue": N_("Follow-up actions past their due date"),
    "derogation_expiring": N_("Derogations nearing their expiry"),
    "derogation_report_due": N_("Evaluation reports of derogations nearing their due date"),
}

# Reminder thresholds (days); an organisation's ReminderSettings override any of them.
DEFAULT_THRESHOLDS = {
    "vote_due_days_before": 3,
    "stale_days": 30,
    "stale_chair_days": 60,
    "pilot_overdue_every_days": 7,
    "evaluation_idle_days": 14,
    # After the stop, the owner is reminded of an unpublished retrospective; past its due
    # date the chairs are told, then again every N days.
    "retrospective_unpublished_days": 14,
    "retrospective_overdue_every_days": 7,
    # Days from a stop to its retrospective's due date.
    "retrospective_due_days": DEFAULT_DUE_DAYS,
    # Derogations: a first notice of the expiry and of the evaluation report's due date N
    # days before, a last one M days before (owner; the chairs too for the expiry).
    "derogation_notice_days": 90,
    "derogation_last_notice_days": 30,
    # The failure page counts a "silent death": no activity for this long and no decision.
    "silent_death_days": 90,
}
