"""Reading request bodies and query strings into pydantic models, with clear refusals.

A body that is not JSON at all is a 400 (malformed); well-formed JSON that is not an object,
or an object that does not fit the model, is a 422 with field messages.
"""

import json
import math
from typing import Any, NoReturn, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from tracker.services.errors import Invalid
from workflows.definition import N_

Model = TypeVar("Model", bound=BaseModel)

NOT_JSON = N_("The request body is not valid JSON.")
EMPTY = N_("The request body is empty: send a JSON object.")
NOT_OBJECT = N_("The request body must be a JSON object.")
WRONG_TYPE = N_("Send the body as application/json.")
HAS_NUL = N_("The text contains a NUL character.")


def _reject_constant(name: str) -> NoReturn:
    # NaN and Infinity are not JSON, although Python's parser accepts them.
    raise ValueError(name)


def _finite_float(text: str) -> float:
    # 1e400 parses to infinity, which no JSON answer could carry back.
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _nul_errors(value: Any, path: str = "") -> dict[str, list[str]]:
    """Fields whose text holds a NUL character, which PostgreSQL text columns refuse."""
    if isinstance(value, str):
        return {path or "__root__": [HAS_NUL]} if "\x00" in value else {}
    children: Any = ()
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    errors: dict[str, list[str]] = {}
    for key, child in children:
        errors.update(_nul_errors(child, f"{path}.{key}" if path else str(key)))
    return errors


def json_object() -> dict[str, Any]:
    """The request body as a JSON object; BadRequest or Invalid otherwise."""
    if not request.is_json:
        raise UnsupportedMediaType(WRONG_TYPE)
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise BadRequest(EMPTY)
    try:
        data = json.loads(
            raw.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float
        )
    except (ValueError, RecursionError):
        raise BadRequest(NOT_JSON) from None
    if not isinstance(data, dict):
        raise Invalid(NOT_OBJECT, errors={"__root__": [NOT_OBJECT]})
    return data


def _validate(model: type[Model], data: dict[str, Any]) -> Model:
    errors = _nul_errors(data)
    if errors:
        raise Invalid(errors=errors)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Invalid.from_validation(error) from None


def body_as(model: type[Model]) -> Model:
    """The JSON body validated by `model` (unknown fields are refused by the model)."""
    return _validate(model, json_object())


def query_as(model: type[Model]) -> Model:
    """The query string validated by `model`; parameters it does not know are ignored."""
    known = model.model_fields
    return _validate(model, {k: v for k, v in request.args.items() if k in known})
