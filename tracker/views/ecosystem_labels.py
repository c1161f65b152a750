"""Human labels of the territory, partner and commons vocabularies (codes stay English)."""

from flask_babel import lazy_gettext as _l

LEVEL_LABELS = {
    "commune": _l("Commune"),
    "intercommunality": _l("Intercommunality"),
    "department": _l("Department"),
    "region": _l("Region"),
}

PARTNER_KIND_LABELS = {
    "association": _l("Association"),
    "company": _l("Company"),
    "public_body": _l("Public body"),
    "research_team": _l("Research team"),
    "citizen_collective": _l("Citizen collective"),
}

PARTNER_ROLE_LABELS = {
    "funder": _l("Funder"),
    "operator": _l("Operator"),
    "evaluator": _l("Evaluator"),
    "user_representative": _l("User representative"),
    "large_economic_actor": _l("Large economic actor"),
    "host": _l("Host"),
}

COMMONS_KIND_LABELS = {
    "premises": _l("Premises"),
    "data": _l("Data"),
    "procurement": _l("Public procurement"),
    "funding": _l("Funding"),
    "staff_time": _l("Staff time"),
    "training": _l("Training"),
}

# Events of the experiment's timeline written by these features.
ECOSYSTEM_TRIGGER_LABELS = {
    "territory_archived": _l("Territory archived"),
    "territory_restored": _l("Territory restored"),
    "partner_linked": _l("Partner added"),
    "partner_changed": _l("Partner's role changed"),
    "partner_withdrawn": _l("Partner withdrawn"),
    "partner_archived": _l("Partner archived"),
    "partner_restored": _l("Partner restored"),
    "commons_added": _l("Contribution added to the commons ledger"),
    "commons_changed": _l("Contribution changed"),
    "commons_withdrawn": _l("Contribution withdrawn"),
    "commons_restored": _l("Contribution restored"),
}

ECOSYSTEM_LABELS = {
    "LEVEL_LABELS": LEVEL_LABELS,
    "PARTNER_KIND_LABELS": PARTNER_KIND_LABELS,
    "PARTNER_ROLE_LABELS": PARTNER_ROLE_LABELS,
    "COMMONS_KIND_LABELS": COMMONS_KIND_LABELS,
}
