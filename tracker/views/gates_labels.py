"""Human labels for the gate vocabulary: kinds, statuses, verdicts, decisions, routes.

Codes stay English in the database and the API; these msgids are translated at render time.
"""

from flask_babel import lazy_gettext as _l

GATE_KIND_LABELS = {
    "pilot": _l("Pilot gate"),
    "decision": _l("Decision gate"),
}

GATE_STATUS_LABELS = {
    "open": _l("Open"),
    "decided": _l("Decided"),
    "withdrawn": _l("Withdrawn"),
}

VERDICT_LABELS = {
    "conclusive_positive": _l("Conclusive, positive"),
    "conclusive_negative": _l("Conclusive, negative"),
    "inconclusive": _l("Inconclusive"),
    "not_finished": _l("Did not finish"),
}

DECISION_LABELS = {
    "go": _l("Go"),
    "scale": _l("Scale"),
    "adapt": _l("Adapt"),
    "stop": _l("Stop"),
    "hold": _l("Hold"),
}

ROUTE_LABELS = {
    "grow_structure": _l("Grow the carrying structure"),
    "replication": _l("Replication elsewhere"),
    "public_policy": _l("Uptake by a public policy"),
    "partnership": _l("Partnership"),
}

RESTART_LABELS = {
    "prototype": _l("Restart at the prototype"),
    "pilot": _l("Restart at the pilot"),
}

EVIDENCE_LEVEL_LABELS = {
    1: _l("1 — theory of change"),
    2: _l("2 — data showing a change"),
    3: _l("3 — causality (comparison group)"),
    4: _l("4 — independent replication"),
    5: _l("5 — replicated at scale"),
}

SCORECARD_KIND_LABELS = {
    "knockout": _l("Knock-out (yes/no)"),
    "scored": _l("Scored 1 to 5"),
}
