"""Demo and bench data carry themes: every demo experiment one, the bench a realistic mix."""

from collections import Counter

from sqlmodel import Session, select

from tests.conftest import NOW
from tracker import demo
from tracker.db import get_engine
from tracker.demo import bulk
from tracker.models import Experiment, Lesson
from tracker.models.themes import THEMES


def test_every_demo_experiment_has_a_theme_and_its_lessons_keep_it(session: Session):
    demo.build(session=session, now=NOW)
    themes = dict(session.exec(select(Experiment.id, Experiment.theme)).all())
    assert themes and all(theme in THEMES for theme in themes.values())
    assert len(set(themes.values())) >= 8  # a dashboard filter has something to show
    lessons = session.exec(select(Lesson.experiment_id, Lesson.theme)).all()
    assert lessons and all(theme == themes[experiment] for experiment, theme in lessons)


def test_bench_experiments_mix_themes_and_some_have_none(app, session: Session, world):
    cast = bulk.prepare_cast(session, NOW)
    bulk.generate(get_engine(app), cast, 100, NOW)
    counts = Counter(session.exec(select(Experiment.theme)).all())
    assert counts[None] == 10  # one in ten has not said its theme yet
    assert len([theme for theme in counts if theme is not None]) >= 5
