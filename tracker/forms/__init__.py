"""WTForms forms (Flask-WTF, CSRF on every form). Labels are English msgids, lazily translated."""

from flask_babel import lazy_gettext as _l

ROLE_CHOICES = [
    ("agent", _l("Agent")),
    ("reviewer", _l("Reviewer")),
    ("admin", _l("Administrator")),
]
