"""Gate meeting forms: scheduling (the agenda is chosen among the board's open gates),
rescheduling and cancelling. Times are typed in the reader's timezone."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from tracker.forms.service_errors import ServiceErrorsMixin

NOT_A_TIME = _l("Give a date and a time, for example 2026-12-04 09:30.")
FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def aware(value: datetime | None) -> datetime | None:
    """A time typed without offset, read in the reader's timezone (Europe/Paris by default)."""
    if value is None:
        return None
    return value.replace(tzinfo=ZoneInfo(str(get_timezone())))


def agenda_order(form: Any, open_ids: list[int]) -> list[int]:
    """The ticked gates (`gate_ids`), sorted by their `order_<id>` number, then as listed."""
    ticked = {int(v) for v in form.getlist("gate_ids") if v.isdigit()}
    chosen = [gate_id for gate_id in open_ids if gate_id in ticked]
    # Foreign ids are kept so that the service names them in its refusal.
    chosen += sorted(ticked - set(open_ids))

    def rank(gate_id: int) -> int:
        value = (form.get(f"order_{gate_id}") or "").strip()
        return int(value) if value.isdigit() else 10_000

    return sorted(chosen, key=lambda gate_id: (rank(gate_id), chosen.index(gate_id)))


class _TimeMixin:
    starts_at: DateTimeLocalField

    def validate(self, extra_validators: Any = None) -> bool:
        """Parse every field; a time that cannot be read gets a readable message."""
        valid = super().validate(extra_validators)  # type: ignore[misc]
        if self.starts_at.errors:
            self.starts_at.errors = [str(NOT_A_TIME)]
        return bool(valid)


class MeetingForm(_TimeMixin, ServiceErrorsMixin, FlaskForm):
    """When and where; the agenda's checkboxes are rendered beside it by the template."""

    starts_at = DateTimeLocalField(_l("Date and time"), format=FORMATS, validators=[Optional()])
    duration_minutes = IntegerField(
        _l("Duration in minutes"), default=120, validators=[Optional(), NumberRange(15, 720)]
    )
    place = StringField(_l("Place or video link"), render_kw={"maxlength": 500})

    def to_data(self, gate_ids: list[int]) -> dict[str, Any]:
        """The service's input."""
        return {
            "starts_at": aware(self.starts_at.data),
            "duration_minutes": self.duration_minutes.data or 120,
            "place": (self.place.data or "").strip(),
            "gate_ids": gate_ids,
        }


class RescheduleForm(_TimeMixin, ServiceErrorsMixin, FlaskForm):
    """A new date and/or place."""

    starts_at = DateTimeLocalField(_l("New date and time"), format=FORMATS, validators=[Optional()])
    place = StringField(_l("New place or video link"), render_kw={"maxlength": 500})
    reason = TextAreaField(_l("Why it moves (optional)"), render_kw={"rows": 2})

    def to_data(self) -> dict[str, Any]:
        """Only what was given: the rest stays as it was."""
        data: dict[str, Any] = {"reason": (self.reason.data or "").strip()}
        if self.starts_at.data is not None:
            data["starts_at"] = aware(self.starts_at.data)
        if (self.place.data or "").strip():
            data["place"] = self.place.data.strip()  # type: ignore[union-attr]
        return data


class CancelMeetingForm(FlaskForm):
    """Cancel the meeting, with an optional reason."""

    reason = TextAreaField(_l("Reason (optional)"), render_kw={"rows": 2})
