"""Demo lessons: written by the outcomes, some made public, one reused, all searchable."""

from sqlmodel import col, select

from tests.conftest import NOW
from tracker import demo
from tracker.models import Event, Lesson, LessonReuse, User
from tracker.services import lessons_search as search_service


def test_the_demo_teaches_publishes_and_reuses_lessons(session):
    demo.build(session=session, now=NOW)
    lessons = session.exec(select(Lesson)).all()
    assert {"retrospective", "adapt"} <= {lesson.kind for lesson in lessons}
    public = [lesson for lesson in lessons if lesson.visibility == "public"]
    # Each organisation has public lessons, each asked by the team and approved by a chair.
    assert len({lesson.organisation_id for lesson in public}) == 2
    assert all(lesson.publication == "approved" for lesson in public)
    published = session.exec(select(Event).where(col(Event.trigger) == "lesson_published")).all()
    assert len(published) == len(public)
    reuses = session.exec(select(LessonReuse)).all()
    assert any(session.get(Lesson, reuse.lesson_id).visibility == "public" for reuse in reuses)
    reader = session.exec(select(User).where(User.email.like("%gironde%"))).first()
    page = search_service.search(
        session=session, actor=reader, filters=search_service.Filters(), limit=100
    )
    titles = {hit.lesson.id for hit in page.items}
    assert {lesson.id for lesson in public} <= titles
