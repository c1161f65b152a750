"""Human labels for the lessons vocabulary (codes stay English in the database and the API)."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "retrospective": _l("Retrospective of a stop"),
    "adapt": _l("Adapt decision"),
    "scale": _l("Scale decision"),
}

OUTCOME_LABELS = {
    "stop": _l("Stopped"),
    "adapt": _l("Adapted"),
    "scale": _l("Scaled up"),
}

PUBLICATION_LABELS = {
    "none": _l("Internal"),
    "requested": _l("Publication requested"),
    "approved": _l("Public"),
    "declined": _l("Publication declined"),
}

ACTION_LABELS = {
    "request": _l("Ask to make it public"),
    "approve": _l("Approve the publication"),
    "decline": _l("Decline the publication"),
}

FACET_LABELS = {
    "territory": _l("Territory"),
    "theme": _l("Theme"),
    "outcome": _l("Outcome"),
    "stop_reason": _l("Stop reason"),
    "cause_tag": _l("Contributing conditions"),
}
