"""Kinds of email, their subjects, and which a user may mute or get in the digest."""

from workflows.definition import N_

# Notifications of what just happened: sent to whoever the action concerns.
NOTIFICATIONS = ("gate_requested", "gate_decided", "experiment_stopped", "meeting_scheduled")
# Reminders a user may mute, or receive in the weekly digest.
REMINDERS = ("vote_due", "stale", "pilot_overdue", "evaluation_idle")
# Escalations to a chair: never muted, never held for a digest ("never leave a committee
# without a decision").
ESCALATIONS = ("gate_overdue", "stale_chair")
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
    "digest": N_("Your weekly digest: %(count)s items"),
}
LABELS = {
    "vote_due": N_("Votes due on gate reviews"),
    "stale": N_("Experiments without a journal entry"),
    "pilot_overdue": N_("Pilots past their planned end"),
    "evaluation_idle": N_("Evaluations waiting for a decision gate"),
}

# Reminder thresholds (days); an organisation's ReminderSettings override any of them.
DEFAULT_THRESHOLDS = {
    "vote_due_days_before": 3,
    "stale_days": 30,
    "stale_chair_days": 60,
    "pilot_overdue_every_days": 7,
    "evaluation_idle_days": 14,
}
