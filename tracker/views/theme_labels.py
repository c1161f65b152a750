"""Human labels of the public-policy themes (codes in tracker/models/themes.py)."""

from flask_babel import lazy_gettext as _l

from tracker.models.themes import THEMES

THEME_LABELS = {
    "mobility": _l("Mobility and transport"),
    "social_inclusion": _l("Solidarity and social inclusion"),
    "employment": _l("Employment and back-to-work"),
    "health": _l("Health"),
    "housing": _l("Housing"),
    "education": _l("Education and youth"),
    "ecological_transition": _l("Ecological transition"),
    "agriculture_food": _l("Agriculture and food"),
    "culture_sport": _l("Culture and sport"),
    "security_justice": _l("Security and justice"),
    "digital_services": _l("Digital public services"),
    "citizen_participation": _l("Citizen participation"),
    "public_administration": _l("Public administration and its agents"),
    "other": _l("Other theme"),
}

assert set(THEME_LABELS) == set(THEMES), "every theme needs a label"


def theme_choices(blank: object) -> list[tuple[str, object]]:
    """Select choices: a blank first (its label given), then every theme in vocabulary order."""
    return [("", blank), *[(code, THEME_LABELS[code]) for code in THEMES]]


def theme_label(code: str | None) -> str:
    """The translated name of a theme ('' when none; the code itself when unknown)."""
    return str(THEME_LABELS.get(code, code)) if code else ""
