"""The bulk import form: one CSV file of experiments."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class ImportForm(FlaskForm):
    """Upload a CSV in the export's format."""

    file = FileField(_l("CSV file of experiments"), validators=[FileRequired(_l("Choose a file."))])
