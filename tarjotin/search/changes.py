"""The change log: every flush that touches what an index document shows records the
activities concerned in ``search_change``, in the same transaction.

It is one SQLAlchemy session event, so seeding, forms, imports and whatever comes later
are covered without calling anything. Statements that bypass the unit of work (Core
``insert()``/``update()``, ORM bulk updates) are not seen; whoever writes that way
rebuilds the index (``flask index rebuild``), as the benchmark generator does.
"""

from sqlalchemy import event, insert, inspect, select

from tarjotin.extensions import db
from tarjotin.models import (
    Activity,
    Area,
    Cancellation,
    Language,
    Location,
    Organization,
    SearchChange,
    Session,
    TargetGroup,
    Theme,
    WeeklySlot,
    activity_language,
    activity_target_group,
    activity_theme,
)
from tarjotin.timeutil import utcnow

_SCHEDULE = (WeeklySlot, Session, Cancellation)
_LINKED_TERMS = {
    Theme: activity_theme.c.theme_id,
    TargetGroup: activity_target_group.c.target_group_id,
    Language: activity_language.c.language_id,
}


def listen():
    """Record changes on every session of ``db.session`` (once per process)."""
    if not event.contains(db.session, "after_flush", record_changes):
        event.listen(db.session, "after_flush", record_changes)


def record_changes(session, _flush_context):
    """Write the ids of the activities this flush touched into the change log.

    Runs after the flush, when new rows have their ids, inside the flush's transaction.
    """
    ids = set()
    queries = []
    # Each of these properties builds a new set: take them once, not once per object.
    new, dirty, deleted = session.new, session.dirty, session.deleted
    for obj in (*new, *dirty, *deleted):
        if isinstance(obj, Activity):
            if obj in dirty and not session.is_modified(obj):
                continue
            ids.add(obj.id)
        elif isinstance(obj, _SCHEDULE):
            ids.add(obj.activity_id or _previous(obj, "activity_id"))
        elif obj in new:
            continue  # a new place, organiser or term has no activities yet
        elif isinstance(obj, (Location, Organization)) and _changed(session, obj):
            column = Activity.location_id if isinstance(obj, Location) else Activity.organization_id
            queries.append(select(Activity.id).where(column == obj.id))
        elif isinstance(obj, Area) and _changed(session, obj):
            districts = select(Area.id).where(Area.parent_id == obj.id)
            places = select(Location.id).where(
                Location.area_id.in_(districts) | (Location.area_id == obj.id)
            )
            queries.append(select(Activity.id).where(Activity.location_id.in_(places)))
        elif type(obj) in _LINKED_TERMS and _changed(session, obj):
            column = _LINKED_TERMS[type(obj)]
            queries.append(select(column.table.c.activity_id).where(column == obj.id))
    if not ids and not queries:
        return
    connection = session.connection()
    for query in queries:
        ids.update(connection.scalars(query))
    ids.discard(None)
    if ids:
        now = utcnow()
        connection.execute(
            insert(SearchChange),
            [{"activity_id": activity_id, "recorded_at": now} for activity_id in sorted(ids)],
        )


def _changed(session, obj):
    return obj in session.deleted or session.is_modified(obj)


def _previous(obj, attribute):
    """The value ``attribute`` had before this flush (for a row moved or deleted)."""
    history = inspect(obj).attrs[attribute].history
    return next(iter(history.deleted or history.unchanged or ()), None)
