"""The pk() helper: the id of a saved row, a clear error for a row never flushed."""

import pytest
from sqlmodel import Session

from tests.conftest import NOW
from tracker.models import Organisation
from tracker.models.base import pk


def test_pk_is_the_database_id_once_flushed(session: Session) -> None:
    organisation = Organisation(name="Préfecture du Rhône", created_at=NOW)
    session.add(organisation)
    session.flush()
    assert organisation.id is not None
    assert pk(organisation) == organisation.id


def test_pk_refuses_a_row_never_flushed() -> None:
    with pytest.raises(RuntimeError, match="Organisation has no id yet: flush it first"):
        pk(Organisation(name="Mairie de Lyon", created_at=NOW))
