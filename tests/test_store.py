import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import bot.store as store_module
from bot.store import Store, StoreError, is_busy, latest_version, migrations, users

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


async def test_fresh_database_is_migrated_to_the_latest_version(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        assert await store.version() == latest_version() >= 1
        mode = await store.fetchone("PRAGMA journal_mode")
        assert mode is not None and mode[0] == "wal"
        fk = await store.fetchone("PRAGMA foreign_keys")
        assert fk is not None and fk[0] == 1
        assert await store.integrity_check() == []
    finally:
        await store.close()


async def test_reopening_applies_nothing_twice_and_keeps_data(db_path: Path) -> None:
    store = await Store.open(db_path)
    await users.touch(store, 42, "az", NOW)
    await store.close()
    store = await Store.open(db_path)
    try:
        assert await store.migrate() == latest_version()
        person = await users.get(store, 42)
        assert person is not None and person.language == "az"
    finally:
        await store.close()


async def test_migrations_are_numbered_without_gaps() -> None:
    versions = [v for v, _, _ in migrations()]
    assert versions == list(range(1, len(versions) + 1))


async def test_deleting_a_person_finds_their_rows_through_an_index(db_path: Path) -> None:
    """/forget deletes a person's rows in every table that points at them (foreign keys, and
    the trigger for broadcast recipients): each lookup must be an index search, not a scan
    of a table that grows with every broadcast."""
    store = await Store.open(db_path)
    try:
        children = [("broadcast_recipients", "user_id")]  # the trigger's DELETE
        for (table,) in await store.fetchall(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        ):
            for fk in await store.fetchall(f"PRAGMA foreign_key_list({table})"):
                if fk["table"] == "users":
                    children.append((table, fk["from"]))
        assert len(children) >= 3
        for table, column in children:
            plan = await store.fetchall(
                f"EXPLAIN QUERY PLAN DELETE FROM {table} WHERE {column} = 1"
            )
            steps = " ".join(str(row[-1]) for row in plan)
            assert steps.startswith("SEARCH"), (table, column, steps)
    finally:
        await store.close()


async def test_newer_schema_is_refused(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    with pytest.raises(StoreError, match="newer"):
        await Store.open(db_path)


async def test_garbage_file_is_a_clear_error(db_path: Path) -> None:
    db_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        await Store.open(db_path)


async def test_touch_creates_once_then_updates_last_seen(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        first = await users.touch(store, 7, "ru", NOW)
        again = await users.touch(store, 7, "en", NOW + timedelta(hours=1))
        assert first.is_new and not again.is_new
        assert again.language == "ru"  # the stored choice wins over Telegram's code
        assert again.created_at == "2026-12-01T12:00:00Z"
        assert again.last_seen == "2026-12-01T13:00:00Z"
    finally:
        await store.close()


async def test_failed_transaction_leaves_nothing_half_written(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as conn:
                await conn.execute(
                    "INSERT INTO users (id, language, created_at, last_seen)"
                    " VALUES (1, 'az', 't', 't')"
                )
                await conn.execute(
                    "INSERT INTO users (id, language, created_at, last_seen)"
                    " VALUES (2, 'xx', 't', 't')"
                )
        assert await users.get(store, 1) is None
    finally:
        await store.close()


async def test_manual_timezone_is_not_overridden_by_a_guess(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await users.touch(store, 5, "az", NOW)
        await users.set_timezone(store, 5, "Europe/Berlin")
        await users.locate(store, 5, "Asia/Tokyo", "JP")  # a shared location's guess
        person = await users.get(store, 5)
        assert person is not None and person.timezone == "Europe/Berlin"
    finally:
        await store.close()


async def test_backup_is_a_usable_copy(db_path: Path, tmp_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await users.touch(store, 9, "en", NOW)
        await store.backup(tmp_path / "copy.sqlite3")
    finally:
        await store.close()
    copy = await Store.open(tmp_path / "copy.sqlite3")
    try:
        assert await users.get(copy, 9) is not None
    finally:
        await copy.close()


async def test_cancelled_transaction_leaves_the_connection_usable(db_path: Path) -> None:
    import asyncio

    store = await Store.open(db_path)
    try:
        started = asyncio.Event()

        async def slow_writer() -> None:
            async with store.transaction() as conn:
                await conn.execute(
                    "INSERT INTO users (id, language, created_at, last_seen)"
                    " VALUES (77, 'az', 't', 't')"
                )
                started.set()
                await asyncio.Event().wait()  # cancelled here, mid-transaction

        task = asyncio.create_task(slow_writer())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # cancelled while awaiting BEGIN itself
        task = asyncio.create_task(slow_writer())
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await users.get(store, 77) is None  # rolled back
        async with store.transaction() as conn:  # and the next transaction works
            await conn.execute(
                "INSERT INTO users (id, language, created_at, last_seen)"
                " VALUES (78, 'en', 't', 't')"
            )
        assert await users.get(store, 78) is not None
        assert not store.conn.in_transaction
    finally:
        await store.close()


async def test_lookup_reads_on_this_thread_and_sees_every_commit(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await users.touch(store, 7, "ru", NOW)
        # the read-only connection answers without a trip to aiosqlite's thread
        assert store._reader is not None
        before = store._reader.total_changes
        assert (await users.get(store, 7)) is not None
        await users.set_language(store, 7, "az")
        found = await users.get(store, 7)
        assert found is not None and found.language == "az"  # committed write is seen
        with pytest.raises(sqlite3.OperationalError):  # and it can only read
            store._reader.execute("DELETE FROM users")
        assert store._reader.total_changes == before
    finally:
        await store.close()


async def test_lookup_inside_a_transaction_sees_its_own_uncommitted_writes(
    db_path: Path,
) -> None:
    store = await Store.open(db_path)
    try:
        await users.touch(store, 7, "ru", NOW)
        async with store.transaction() as conn:
            await conn.execute("UPDATE users SET language = 'en' WHERE id = 7")
            inside = await users.get(store, 7)
            assert inside is not None and inside.language == "en"
        after = await users.get(store, 7)
        assert after is not None and after.language == "en"
    finally:
        await store.close()


async def test_lookup_without_a_file_goes_through_aiosqlite() -> None:
    store = await Store.open(":memory:")
    try:
        assert store._reader is None
        await users.touch(store, 7, "ru", NOW)
        found = await users.get(store, 7)
        assert found is not None and found.language == "ru"
    finally:
        await store.close()


async def test_a_small_write_runs_here_and_is_seen_everywhere(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await users.touch(store, 7, "ru", NOW)
        assert store._writer is not None
        before = store._writer.total_changes
        await users.set_language(store, 7, "az")
        assert store._writer.total_changes == before + 1  # no trip to aiosqlite's thread
        row = await store.fetchone("SELECT language FROM users WHERE id = 7")  # aiosqlite's view
        assert row is not None and row[0] == "az"
        # foreign keys hold on this connection too
        before = store._writer.total_changes
        with pytest.raises(sqlite3.IntegrityError):
            await store.write(
                "INSERT INTO holiday_subscriptions (user_id, holiday_id) VALUES (999, 'none')"
            )
        assert store._writer.total_changes == before  # refused on this connection
    finally:
        await store.close()


async def test_a_small_write_waits_for_an_open_transaction(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        await users.touch(store, 7, "ru", NOW)
        assert store._writer is not None
        inside = asyncio.Event()
        finish = asyncio.Event()

        async def long_transaction() -> None:
            async with store.transaction() as conn:
                await conn.execute("UPDATE users SET language = 'en' WHERE id = 7")
                inside.set()
                await finish.wait()

        task = asyncio.create_task(long_transaction())
        await inside.wait()
        before = store._writer.total_changes
        write = asyncio.create_task(users.set_language(store, 7, "az"))
        await asyncio.sleep(0)
        assert not write.done()  # queued behind the transaction, not run beside it
        finish.set()
        await asyncio.gather(task, write)
        assert store._writer.total_changes == before  # it went through aiosqlite
        found = await users.get(store, 7)
        assert found is not None and found.language == "az"  # and came after the transaction
    finally:
        await store.close()


async def test_a_small_write_waits_for_another_process_holding_the_lock(db_path: Path) -> None:
    store = await Store.open(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        await users.touch(store, 7, "ru", NOW)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE users SET language = 'en' WHERE id = 7")
        write = asyncio.create_task(users.set_language(store, 7, "az"))
        await asyncio.sleep(0)  # the other process keeps its lock (aiosqlite waits up to 5 s)
        assert not write.done()
        other.execute("COMMIT")
        await write  # not lost: applied once the lock is free
        found = await users.get(store, 7)
        assert found is not None and found.language == "az"
    finally:
        other.close()
        await store.close()


async def test_writes_made_here_reach_the_database_file_by_checkpoints(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loop-thread writer never checkpoints itself; every few commits aiosqlite's thread
    copies the WAL into the database file, so the WAL cannot grow without end."""
    monkeypatch.setattr(store_module, "CHECKPOINT_EVERY", 5)
    store = await Store.open(db_path)
    try:
        await users.touch(store, 7, "ru", NOW)
        for language in ("en", "az", "ru", "en", "az"):
            await users.set_language(store, 7, language)
        checkpoint = store._checkpoint
        assert checkpoint is not None
        await checkpoint
        copy = tmp_path / "main-file-only.sqlite3"  # the database file without its WAL
        copy.write_bytes(db_path.read_bytes())
        with contextlib.closing(sqlite3.connect(copy)) as plain:
            assert plain.execute("SELECT language FROM users WHERE id = 7").fetchone() == ("az",)
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("code", "busy"),
    [
        (sqlite3.SQLITE_BUSY, True),
        (sqlite3.SQLITE_LOCKED, True),
        (517, True),  # SQLITE_BUSY_SNAPSHOT: a WAL reader's snapshot is too old to write
        (261, True),  # SQLITE_BUSY_RECOVERY
        (262, True),  # SQLITE_LOCKED_SHAREDCACHE
        (sqlite3.SQLITE_FULL, False),
        (sqlite3.SQLITE_IOERR, False),
    ],
)
def test_busy_means_another_writer_in_every_extended_code(code: int, busy: bool) -> None:
    error = sqlite3.OperationalError("x")
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    assert is_busy(error) is busy


async def test_a_checkpoint_waits_for_a_transaction_and_never_fails_inside_it(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(store_module, "CHECKPOINT_EVERY", 3)
    store = await Store.open(db_path)
    try:
        await users.touch(store, 7, "ru", NOW)
        await users.set_language(store, 7, "en")
        await users.set_language(store, 7, "az")  # the 3rd commit here: a checkpoint is due
        async with store.transaction():  # ...but a transaction is open when it would run
            await asyncio.sleep(0)
            await asyncio.sleep(0)
        assert store._checkpoint is None  # skipped, not failed
        await users.set_language(store, 7, "ru")  # the next write here tries again
        checkpoint = store._checkpoint
        assert checkpoint is not None
        await checkpoint
        copy = tmp_path / "main-file-only.sqlite3"
        copy.write_bytes(db_path.read_bytes())
        with contextlib.closing(sqlite3.connect(copy)) as plain:
            assert plain.execute("SELECT language FROM users WHERE id = 7").fetchone() == ("ru",)
        assert "checkpoint failed" not in caplog.text
    finally:
        await store.close()


async def test_another_applications_database_is_never_migrated(db_path: Path) -> None:
    """BOT_DB pointing at another program's SQLite file got the bot's tables put into it."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE notes (x)")
        conn.execute("INSERT INTO notes VALUES ('theirs')")
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="is not a diaspora-bot database"):
        await Store.open(db_path)
    assert db_path.read_bytes() == before
    db_path.unlink()
    db_path.touch()  # an empty file is the bot's to fill, as a new one at the first start
    store = await Store.open(db_path)
    try:
        assert await store.version() == latest_version()
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("kind", "file"),
    [("places", "data/places.csv"), ("faq", "data/faq"), ("holidays", "data/holidays.toml")],
)
def test_an_import_into_another_applications_database_is_refused(
    kind: str,
    file: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot import DATA_DIR
    from bot.cli import main

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    before = other.read_bytes()
    monkeypatch.setenv("BOT_DB", str(other))
    monkeypatch.chdir(tmp_path)
    assert main(["import", kind, str(DATA_DIR.parent / file)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"diaspora-bot: database error: {other} is not a diaspora-bot database (schema"
        " version 0, tables of another application); nothing was changed. Check BOT_DB"
    )
    assert other.read_bytes() == before


async def test_a_new_database_and_its_backups_are_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    """An adversarial review: under umask 022 the database SQLite created, and every backup,
    were world-readable (0644), holding every member's id, zone and country."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        store = await Store.open(tmp_path / "new.sqlite3")
        try:
            await users.touch(store, 9, "en", NOW)
            await store.backup(tmp_path / "copy.sqlite3")
            wal = tmp_path / "new.sqlite3-wal"
            assert stat.S_IMODE(wal.stat().st_mode) == 0o600  # SQLite follows the database
        finally:
            await store.close()
        kept = tmp_path / "kept.sqlite3"
        kept.touch(mode=0o640)  # an operator's own choice for an existing file stays
        await (await Store.open(kept)).close()
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes["new.sqlite3"] == 0o600
    assert modes["copy.sqlite3"] == 0o600
    assert modes["kept.sqlite3"] == 0o640


async def test_an_in_memory_database_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review: creating the database file 0600 first made an empty file named ':memory:'
    in the working folder (and one was committed)."""
    monkeypatch.chdir(tmp_path)
    await (await Store.open(":memory:")).close()
    assert list(tmp_path.iterdir()) == []
