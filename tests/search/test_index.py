"""The index on disk: built aside and swapped in, kept in step, and never in the way."""

import logging
import shutil
import time
from datetime import timedelta

import pytest
from whoosh.filedb.filestore import FileStorage

from tarjotin import search
from tarjotin.extensions import db
from tarjotin.search.index import CURRENT, _AppliedState
from tarjotin.search.schema import document
from tests.factories import make_activity
from tests.search.helpers import TODAY, find


def current_folder(index):
    return index.folder / (index.folder / CURRENT).read_text()


# --- Building ---------------------------------------------------------------------------


def test_a_build_indexes_the_public_activities_that_have_not_ended(app):
    make_activity(name_fi="Avoin kahvila")
    make_activity(name_fi="Ehdotettu kahvila", status="submitted")
    make_activity(name_fi="Päättynyt kahvila", valid_until=TODAY - timedelta(days=1))
    db.session.commit()
    index = search.index_for(app)

    report = index.rebuild(db.session, today=TODAY)

    assert report.count == 1
    assert find(index, "kahvila").total == 1


def test_a_rebuild_swaps_in_a_new_folder_while_a_searcher_is_open(app, index):
    make_activity(name_fi="Kahvila")
    db.session.commit()
    assert find(index, "kahvila").total == 1
    before = current_folder(index)

    index.rebuild(db.session, today=TODAY)

    assert current_folder(index) != before
    assert find(index, "kahvila").total == 1


def test_a_rebuild_keeps_one_older_generation_for_processes_still_reading_it(app, index):
    for _ in range(3):
        index.rebuild(db.session, today=TODAY)

    assert len([p for p in index.folder.iterdir() if p.is_dir()]) == 2


def test_rebuild_command_builds_the_index_and_if_missing_leaves_it(app):
    make_activity(name_fi="Kahvila")
    db.session.commit()
    runner = app.test_cli_runner()

    built = runner.invoke(args=["index", "rebuild", "--finnish", "snowball"])
    kept = runner.invoke(args=["index", "rebuild", "--if-missing"])

    assert built.exit_code == 0, built.output
    assert "Indexed 1 activities" in built.output
    assert kept.exit_code == 0 and "nothing built" in kept.output
    assert find(search.index_for(app), "kahvila").total == 1


def test_catch_up_command_applies_waiting_changes(app, index):
    make_activity(name_fi="Kahvila")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["index", "catch-up"])

    assert result.exit_code == 0, result.output
    assert "Applied 1 changes" in result.output


def test_catch_up_command_says_when_there_is_no_index(app):
    result = app.test_cli_runner().invoke(args=["index", "catch-up"])

    assert result.exit_code == 1
    assert "flask index rebuild" in result.output


# --- Keeping in step --------------------------------------------------------------------


def test_a_committed_new_activity_is_found_by_the_next_search(index):
    make_activity(name_fi="Ompelukahvila")
    db.session.commit()

    assert find(index, "ompelukahvila").total == 1


def test_an_uncommitted_change_is_not_indexed(index):
    make_activity(name_fi="Ompelukahvila")

    assert find(index, "ompelukahvila").total == 0
    db.session.rollback()


def test_a_changed_text_is_found_by_its_new_words_only(index):
    activity = make_activity(name_fi="Kuoro")
    db.session.commit()
    assert find(index, "kuoro").total == 1

    activity.name_fi = "Lauluryhmä"
    db.session.commit()

    assert find(index, "kuoro").total == 0
    assert find(index, "lauluryhmä").total == 1


@pytest.mark.parametrize(
    "hide",
    [
        lambda activity: setattr(activity, "status", "archived"),
        lambda activity: setattr(activity, "valid_until", TODAY - timedelta(days=1)),
        lambda activity: db.session.delete(activity),
    ],
    ids=["archived", "ended", "deleted"],
)
def test_an_activity_that_leaves_the_tray_leaves_the_index(index, hide):
    hide(make_activity(name_fi="Kuoro"))
    db.session.commit()
    hide_later = make_activity(name_fi="Kuoro kaksi")
    db.session.commit()
    assert find(index, "kuoro").total == 1

    hide(hide_later)
    db.session.commit()

    assert find(index, "kuoro").total == 0


def test_an_activity_is_dropped_on_the_day_after_it_ends_without_any_change(index):
    make_activity(name_fi="Kuoro", valid_until=TODAY)
    db.session.commit()
    tomorrow = search.SearchRequest("kuoro", "fi", TODAY + timedelta(days=1))

    assert find(index, "kuoro").total == 1
    assert index.search(tomorrow).total == 0


def test_a_search_does_not_wait_while_another_process_holds_the_writer(index):
    make_activity(name_fi="Kuoro")
    db.session.commit()
    held = FileStorage(str(current_folder(index))).open_index().writer()
    try:
        started = time.perf_counter()
        hits = find(index, "kuoro")
        waited = time.perf_counter() - started
    finally:
        held.cancel()

    assert hits.total == 0  # not yet applied, and not waited for
    assert waited < 1
    assert find(index, "kuoro").total == 1


def test_the_catch_up_thread_applies_changes_without_a_search(app, monkeypatch):
    index = search.SearchIndex(search.index_for(app).folder, catch_up_interval=0.05, app=app)
    index.rebuild(db.session, today=TODAY)
    make_activity(name_fi="Kuoro")
    db.session.commit()

    index._start_catching_up()
    deadline = time.monotonic() + 10
    while _AppliedState.read(current_folder(index)).through == 0:
        assert time.monotonic() < deadline, "the thread applied nothing"
        time.sleep(0.05)

    assert index.search(search.SearchRequest("kuoro", "fi", TODAY)).total == 1


# --- Ids that commit out of order -------------------------------------------------------


def test_applied_ids_move_the_mark_forward():
    state = _AppliedState(4).advanced([5, 6, 7], now=100)

    assert (state.through, state.applied, state.gaps) == (7, frozenset(), ())


def test_a_missing_id_is_waited_for_and_applied_when_it_appears():
    state = _AppliedState(4).advanced([5, 7, 8], now=100)
    assert (state.through, state.applied, state.gaps) == (5, frozenset({7, 8}), ((6, 6, 100),))

    state = state.advanced([9], now=130)
    assert state.through == 5 and state.gaps == ((6, 6, 100),)

    state = state.advanced([6], now=160)
    assert (state.through, state.applied, state.gaps) == (9, frozenset(), ())


def test_a_missing_id_is_given_up_on_after_the_grace_time():
    state = _AppliedState(4).advanced([5, 7], now=100)

    state = state.advanced([], now=100 + 601)

    assert (state.through, state.applied, state.gaps) == (7, frozenset(), ())


def test_a_late_change_is_applied_when_its_transaction_commits_after_a_later_one(index):
    late = make_activity(name_fi="Kansantanssi")
    db.session.commit()
    early = make_activity(name_fi="Kuoro")
    db.session.commit()
    # As if the change of "late" (id 1) had committed only after that of "early" (id 2)
    # was applied: the index has "early", and is waiting for id 1.
    folder = current_folder(index)
    _AppliedState(0, frozenset({2}), ((1, 1, time.time()),)).write(folder)
    writer = FileStorage(str(folder)).open_index().writer()
    writer.add_document(**document(early))
    writer.commit()
    assert find(index, "kuoro").ids == (early.id,)

    assert find(index, "kansantanssi").ids == (late.id,)


# --- Missing or broken ------------------------------------------------------------------


def test_a_missing_index_is_unavailable_and_logged_once(app, caplog):
    index = search.index_for(app)

    with caplog.at_level(logging.WARNING, logger="tarjotin.search.index"):
        for _ in range(2):
            with pytest.raises(search.SearchUnavailable):
                find(index, "kuoro")

    assert [r.getMessage() for r in caplog.records].count(
        f"The search index in {index.folder} is missing; searching the database instead."
    ) == 1


def test_a_deleted_index_folder_is_unavailable(index):
    find(index, "kuoro")

    shutil.rmtree(index.folder)

    with pytest.raises(search.SearchUnavailable):
        find(index, "kuoro")


def test_an_index_with_garbage_in_its_files_is_unavailable(app, index):
    make_activity(name_fi="Kuoro")
    db.session.commit()
    for path in current_folder(index).iterdir():
        path.write_bytes(b"\x00garbage" * 100)
    fresh = search.SearchIndex(index.folder)  # as a process started after the damage

    with pytest.raises(search.SearchUnavailable):
        find(fresh, "kuoro")


def test_an_index_is_used_again_once_rebuilt(app, index):
    make_activity(name_fi="Kuoro")
    db.session.commit()
    shutil.rmtree(index.folder)
    with pytest.raises(search.SearchUnavailable):
        find(index, "kuoro")

    index.rebuild(db.session, today=TODAY)

    assert find(index, "kuoro").total == 1


def test_an_index_of_an_older_schema_is_not_used_and_is_rebuilt_when_missing_is_asked(app, index):
    make_activity(name_fi="Kuoro")
    db.session.commit()
    (current_folder(index) / "schema-version").write_text("1")
    fresh = search.SearchIndex(index.folder)

    with pytest.raises(search.SearchUnavailable, match="outdated"):
        find(fresh, "kuoro")
    assert not fresh.exists()

    result = app.test_cli_runner().invoke(args=["index", "rebuild", "--if-missing"])

    assert "Indexed 1 activities" in result.output
    assert find(fresh, "kuoro").total == 1
