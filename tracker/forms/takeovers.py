"""Buttons of the takeover: offer a stopped experiment (or withdraw the offer), take it over."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput


class SeekingTakerForm(FlaskForm):
    """Offer or withdraw: the wanted value and the version the page showed."""

    seeking = IntegerField(widget=HiddenInput(), validators=[Optional()])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class TakeOverForm(FlaskForm):
    """Take over: only the CSRF token."""
