"""Refusals a service can give; the web, API and CLI layers map them to their own form.

Messages are English message ids (marked with N_) that the presentation layer translates.
"""

from typing import Any

from pydantic import ValidationError

from workflows.definition import N_


class ServiceError(Exception):
    """Base refusal: carries an HTTP-like status and a message id."""

    status = 400
    default_message = N_("The request cannot be processed.")

    def __init__(self, message: str | None = None, **details: Any) -> None:
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)


class NotFound(ServiceError):
    """Unknown, or not visible to this actor (never tells which)."""

    status = 404
    default_message = N_("Not found.")


class Forbidden(ServiceError):
    """Visible, but this actor may not do this."""

    status = 403
    default_message = N_("You are not allowed to do this.")


class Conflict(ServiceError):
    """The current state or version does not allow the change."""

    status = 409
    default_message = N_("This was changed meanwhile; reload and try again.")


class Invalid(ServiceError):
    """Input that fails validation or a guard; `errors` maps fields to messages."""

    status = 422
    default_message = N_("Some fields are invalid.")

    def __init__(
        self, message: str | None = None, errors: dict[str, list[str]] | None = None, **details: Any
    ) -> None:
        super().__init__(message, **details)
        self.errors = errors or {}

    @classmethod
    def from_validation(cls, error: ValidationError) -> "Invalid":
        """Field messages from a pydantic validation error."""
        errors: dict[str, list[str]] = {}
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"]) or "__root__"
            message = str(item["msg"]).removeprefix("Value error, ")
            errors.setdefault(field, []).append(message)
        return cls(errors=errors)


class GuardFailed(Invalid):
    """A transition's conditions are not met; `reasons` names each missing one."""

    default_message = N_("The conditions for this step are not met.")

    def __init__(self, trigger: str, reasons: list[str]) -> None:
        super().__init__(None, trigger=trigger)
        self.trigger = trigger
        self.reasons = reasons
