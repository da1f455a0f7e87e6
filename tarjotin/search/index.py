"""The index on disk: building it aside, swapping it in, keeping it in step, searching it.

``folder`` holds generations: ``CURRENT`` names the generation in use, and each
generation is a complete Whoosh index with ``applied.json``, the change-log rows it has
applied. A build writes a new generation and then replaces ``CURRENT`` by a rename, which
is atomic, so a process that searches meanwhile always sees a complete index. The
processes of one server share the folder; Whoosh's writer lock (a file lock, freed when
its process dies) lets one of them at a time apply changes, and nobody ever waits for it.
"""

import contextlib
import gc
import json
import logging
import os
import shutil
import threading
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DatabaseSession
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from tarjotin.catalogue.lifecycle import PUBLISHED
from tarjotin.models import Activity, SearchChange
from tarjotin.search import spelling
from tarjotin.search.query import Freshness, SearcherCaches, run_search
from tarjotin.search.schema import (
    SCHEMA_VERSION,
    document,
    indexable,
    load_activities,
    make_schema,
)

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
APPLIED = "applied.json"
VERSION = "schema-version"
# How long a missing change-log id is waited for. PostgreSQL hands out ids when a row is
# written, not when its transaction commits, so id 9 may become visible after id 10; a
# missing id is either such a transaction still running or one that rolled back.
GAP_GRACE_SECONDS = 600
# At a build, ids this far below the newest are checked for transactions still running.
BUILD_LOOKBACK_IDS = 1000
BATCH = 500
# Generations kept besides the current one, for processes that still read an older one.
KEEP_OLD_GENERATIONS = 1


class SearchUnavailable(Exception):
    """The index is missing or broken; the caller falls back to the database."""


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    count: int  # activities indexed
    seconds: float
    generation: str

    def summary(self):
        return f"Indexed {self.count} activities in {self.seconds:.1f} s ({self.generation})."


def build_index(session, folder, *, today, finnish="auto", procs=1, limitmb=128):
    """Build a complete index of the public activities on ``today`` and swap it in.

    Reads what is committed, through a session of its own on ``session``'s engine.
    ``procs`` > 1 indexes in that many processes.
    """
    with DatabaseSession(bind=session.get_bind()) as own:
        return _build(own, Path(folder), today, finnish, procs, limitmb)


def _build(session, folder, today, finnish, procs, limitmb):
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    generation = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    path = folder / generation
    path.mkdir()
    try:
        # The change log first: what it shows is in the activities read after it.
        state = _AppliedState.at_build(session, time.time())
        storage = FileStorage(str(path))
        ix = storage.create_index(make_schema(finnish))
        writer_args = {"limitmb": limitmb}
        if procs > 1:
            writer_args.update(procs=procs, multisegment=True)
        writer = ix.writer(**writer_args)
        count = 0
        try:
            ids = session.scalars(
                select(Activity.id).where(Activity.status == PUBLISHED).order_by(Activity.id)
            ).all()
            words = spelling.count_words(())
            for start in range(0, len(ids), BATCH):
                for activity in load_activities(session, ids[start : start + BATCH]):
                    if indexable(activity, today):
                        doc = document(activity)
                        writer.add_document(**doc)
                        for lang, counter in spelling.count_words([doc]).items():
                            words[lang].update(counter)
                        count += 1
                session.expunge_all()
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            raise
        ix.close()
        spelling.write(path, words)
        state.write(path)
        (path / VERSION).write_text(str(SCHEMA_VERSION))
        _point_to(folder, generation)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _remove_old_generations(folder, generation)
    return BuildReport(count, time.perf_counter() - started, generation)


def _point_to(folder, generation):
    """Make ``generation`` the current one in a single rename."""
    temporary = folder / f"{CURRENT}.{uuid.uuid4().hex}"
    temporary.write_text(generation)
    os.replace(temporary, folder / CURRENT)


def _current_generation(folder):
    try:
        name = (Path(folder) / CURRENT).read_text().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def _is_current_version(path):
    try:
        return (Path(path) / VERSION).read_text().strip() == str(SCHEMA_VERSION)
    except OSError:
        return False


def _remove_old_generations(folder, current):
    old = sorted(
        (p for p in folder.iterdir() if p.is_dir() and p.name.startswith("gen-")),
        key=lambda p: p.stat().st_mtime,
    )
    old = [p for p in old if p.name != current]
    for path in old[: max(0, len(old) - KEEP_OLD_GENERATIONS)]:
        shutil.rmtree(path, ignore_errors=True)


@dataclass
class _AppliedState:
    """Which change-log rows a generation has applied.

    Every id up to ``through`` is applied (or was given up on); ``applied`` are the ids
    above it applied so far; ``gaps`` are the runs of ids missing between them, each with
    the time it was first seen missing: [first, last, since].
    """

    through: int = 0
    applied: frozenset = frozenset()
    gaps: tuple = ()

    @classmethod
    def read(cls, path):
        data = json.loads((Path(path) / APPLIED).read_text())
        return cls(data["through"], frozenset(data["applied"]), tuple(map(tuple, data["gaps"])))

    def write(self, path):
        data = {"through": self.through, "applied": sorted(self.applied), "gaps": self.gaps}
        temporary = Path(path) / f"{APPLIED}.{uuid.uuid4().hex}"
        temporary.write_text(json.dumps(data))
        os.replace(temporary, Path(path) / APPLIED)

    @classmethod
    def at_build(cls, session, now):
        newest = session.scalar(select(func.max(SearchChange.id))) or 0
        low = max(0, newest - BUILD_LOOKBACK_IDS)
        seen = session.scalars(select(SearchChange.id).where(SearchChange.id > low)).all()
        return cls(low).advanced(seen, now)

    def advanced(self, ids, now, grace=GAP_GRACE_SECONDS):
        """Return the state once ``ids`` are applied too, at time ``now``."""
        applied = sorted(self.applied.union(ids))
        applied = [i for i in applied if i > self.through]
        gaps, previous = [], self.through
        for i in applied:
            if i > previous + 1:
                first, last = previous + 1, i - 1
                since = min((s for f, t, s in self.gaps if f <= last and t >= first), default=now)
                gaps.append((first, last, since))
            previous = i
        waiting = [gap for gap in gaps if now - gap[2] <= grace]
        # Up to the first gap still waited for; with none, up to the last id applied.
        through = waiting[0][0] - 1 if waiting else max([self.through, *applied])
        return _AppliedState(through, frozenset(i for i in applied if i > through), tuple(waiting))


class SearchIndex:
    """The index of one app in one process: one searcher, refreshed; catch-up in a thread.

    Searches are serialised within the process (Whoosh's file readers are not thread-safe);
    gunicorn's workers are separate processes and search side by side.
    """

    def __init__(self, folder, *, stale_after_days=183, catch_up_interval=0, app=None):
        self.folder = Path(folder)
        self.stale_after_days = stale_after_days
        self.catch_up_interval = catch_up_interval
        self.app = app
        self._lock = threading.RLock()
        self._catching_up = threading.Lock()
        self._generation = None
        self._ix = None
        self._searcher = None
        self._weighting = Freshness()
        self._caches = SearcherCaches()
        self._thread_pid = None
        self._catch_up_failing = False
        self._warned = None  # what was last logged about the index, so as to log it once

    # -- building ---------------------------------------------------------------------

    def rebuild(self, session, *, today, finnish="auto", procs=1):
        """Build a new generation from the database and swap it in; return a BuildReport."""
        return build_index(session, self.folder, today=today, finnish=finnish, procs=procs)

    def exists(self):
        """Tell whether there is a current generation of this version (it may be broken)."""
        generation = _current_generation(self.folder)
        return generation is not None and _is_current_version(self.folder / generation)

    # -- searching --------------------------------------------------------------------

    def search(self, request, session=None):
        """Return the SearchHits of ``request``.

        With ``session``, changes in the log are applied first when no other writer is at
        work. :raise SearchUnavailable: the index is missing or broken.
        """
        self._start_catching_up()
        if session is not None:
            self.catch_up(session)
        with self._lock:
            searcher = self._current_searcher()
            try:
                return run_search(
                    searcher,
                    request,
                    self._weighting,
                    self._caches,
                    self.stale_after_days,
                    self.folder / self._generation,
                )
            except Exception as error:
                self._close()
                self._warn("broken", error)
                raise SearchUnavailable("broken") from error

    def _current_searcher(self):
        generation = _current_generation(self.folder)
        problem = "missing" if generation is None else None
        if (
            generation is not None
            and generation != self._generation
            and not _is_current_version(self.folder / generation)
        ):
            problem = "outdated (run flask index rebuild)"
        if problem:
            self._close()
            self._warn(problem)
            raise SearchUnavailable(problem)
        try:
            if generation != self._generation or not self._searcher.up_to_date():
                self._swap(generation, *self._open(generation))
        except Exception as error:
            self._close()
            self._warn("broken", error)
            raise SearchUnavailable("broken") from error
        self._warned = None
        return self._searcher

    def _open(self, generation):
        """Open a new searcher on the latest commit of ``generation``.

        Never Whoosh's ``Searcher.refresh()``: it reuses a segment's reader by the segment's
        id alone, so documents deleted (or replaced) since stay found until a merge.
        Segments are read only once each, though (SearcherCaches).
        """
        try:
            ix = FileStorage(str(self.folder / generation), readonly=True).open_index()
            return ix, ix.searcher(weighting=self._weighting)
        except Exception as error:
            _release_files(error)
            raise

    def _swap(self, generation, ix, searcher):
        old = self._searcher
        self._ix, self._searcher, self._generation = ix, searcher, generation
        if old is not None:
            old.close()

    def _refresh(self):
        """Open the latest index before a search needs it (the thread's work after a change)."""
        generation = _current_generation(self.folder)
        with self._lock:
            current = self._generation == generation and (
                self._searcher is None or self._searcher.up_to_date()
            )
        if generation is None or current:
            return
        ix, searcher = self._open(generation)  # slow at scale: outside the lock
        with self._lock:
            if self._generation in (None, generation) or self._searcher is None:
                self._swap(generation, ix, searcher)
            else:
                searcher.close()

    def _close(self):
        if self._searcher is not None:
            with contextlib.suppress(Exception):  # a broken index may not even close
                self._searcher.close()
        self._searcher = self._ix = self._generation = None
        self._caches.clear()

    def _warn(self, reason, error=None):
        # Once per state, not once per request: a missing index would flood the log. The
        # log names the folder and the kind of error, never what anybody searched for.
        if self._warned != reason:
            self._warned = reason
            log.warning(
                "The search index in %s is %s%s; searching the database instead.",
                self.folder,
                reason,
                f" ({type(error).__name__})" if error is not None else "",
            )

    def close(self):
        """Close the searcher (the thread, if any, ends with the process)."""
        with self._lock:
            self._close()

    # -- keeping in step --------------------------------------------------------------

    def catch_up(self, session, *, wait=False):
        """Apply the change-log rows this index has not applied; return how many.

        Reads through a session of its own on ``session``'s engine, so that nothing
        uncommitted is indexed. Returns None when another thread or process is writing the
        index (``wait`` waits for it) or there is no index.
        """
        if not self._catching_up.acquire(blocking=wait):
            return None
        try:
            generation = _current_generation(self.folder)
            if generation is None or not _is_current_version(self.folder / generation):
                return None
            with DatabaseSession(bind=session.get_bind()) as own:
                applied = self._apply(own, self.folder / generation, wait)
        except LockError:
            return None
        except Exception as error:  # noqa: BLE001 - searching goes on with what is there
            if not self._catch_up_failing:
                log.warning("The search index could not catch up (%s).", type(error).__name__)
            self._catch_up_failing = True
            return None
        else:
            self._catch_up_failing = False
        finally:
            self._catching_up.release()
        return applied

    def _apply(self, session, path, wait):
        state = _AppliedState.read(path)
        if not self._pending(session, state):
            return 0
        ix = FileStorage(str(path)).open_index()
        writer = ix.writer(timeout=60.0 if wait else 0.0)
        try:
            state = _AppliedState.read(path)  # another process may have applied some
            rows = self._pending(session, state)
            today = _today()
            ids = sorted({activity_id for _, activity_id in rows})
            found = {}
            for start in range(0, len(ids), BATCH):
                for activity in load_activities(session, ids[start : start + BATCH]):
                    found[activity.id] = activity
            documents = []
            for activity_id in ids:
                activity = found.get(activity_id)
                if activity is not None and indexable(activity, today):
                    documents.append(document(activity))
                    writer.update_document(**documents[-1])
                else:
                    writer.delete_by_term("id", str(activity_id))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        finally:
            ix.close()
        spelling.add(path, documents)
        state.advanced([change_id for change_id, _ in rows], time.time()).write(path)
        return len(rows)

    @staticmethod
    def _pending(session, state):
        rows = session.execute(
            select(SearchChange.id, SearchChange.activity_id)
            .where(SearchChange.id > state.through)
            .order_by(SearchChange.id)
        ).all()
        return [(i, activity_id) for i, activity_id in rows if i not in state.applied]

    def _start_catching_up(self):
        """Start this process's catch-up thread, once (again in a forked child)."""
        if not self.catch_up_interval or self.app is None or self._thread_pid == os.getpid():
            return
        with self._lock:
            if self._thread_pid == os.getpid():
                return
            self._thread_pid = os.getpid()
            thread = threading.Thread(
                target=self._keep_catching_up, name="search-catch-up", daemon=True
            )
            thread.start()

    def _keep_catching_up(self):
        from tarjotin.extensions import db

        while True:
            time.sleep(self.catch_up_interval)
            try:
                with self.app.app_context():
                    self.catch_up(db.session)
                    db.session.remove()
                self._refresh()
            except Exception:  # noqa: BLE001 - the thread must outlive a bad moment
                log.exception("The search index's catch-up failed.")


def _release_files(error):
    """Close, quietly, the files Whoosh left open when it could not read a broken index.

    They are only referred to by the frames of ``error``'s traceback.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        error.__traceback__ = None
        gc.collect()


def _today():
    from tarjotin.timeutil import region_today

    return region_today()
