"""The fixed vocabulary of public-policy themes an experiment belongs to.

Codes stay English in the database, the API and the exports; the French labels live with the
other labels of the views (tracker/views/theme_labels.py).
"""

THEMES = (
    "mobility",
    "social_inclusion",
    "employment",
    "health",
    "housing",
    "education",
    "ecological_transition",
    "agriculture_food",
    "culture_sport",
    "security_justice",
    "digital_services",
    "citizen_participation",
    "public_administration",
    "other",
)


def clean_theme(value: str | None) -> str | None:
    """A theme code or None (blank); ValueError for anything outside the vocabulary."""
    if value is None:
        return None
    code = value.strip().lower()
    if not code:
        return None
    if code not in THEMES:
        raise ValueError("theme must be one of: " + ", ".join(THEMES))
    return code
