"""The five steps with how many public activities each has."""

from dataclasses import dataclass

from sqlalchemy import func, select

from tarjotin.catalogue.visibility import public_clause
from tarjotin.models import Activity, Step


@dataclass(frozen=True)
class StepCount:
    step: Step
    count: int


def steps_with_counts(session, today):
    """Return every step in order with the number of public activities on it."""
    counts = dict(
        session.execute(
            select(Activity.step_id, func.count(Activity.id))
            .where(public_clause(today))
            .group_by(Activity.step_id)
        ).all()
    )
    steps = session.scalars(select(Step).order_by(Step.number)).all()
    return [StepCount(step, counts.get(step.id, 0)) for step in steps]
