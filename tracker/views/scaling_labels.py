"""Human labels of derogations and lineage outcomes (codes stay English in the API)."""

from flask_babel import lazy_gettext as _l

DEROGATION_KIND_LABELS = {
    "france_experimentation": _l("France Expérimentation"),
    "constitution_37_1": _l("Constitution, article 37-1 (experimental law or regulation)"),
    "constitution_72": _l("Constitution, article 72 (local authorities' experimentation)"),
    "prefect": _l("Prefect's derogation"),
    "other": _l("Other legal basis"),
}

OUTCOME_LABELS = {
    "scale": _l("Scaled"),
    "stop": _l("Stopped"),
}
