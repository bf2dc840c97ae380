"""SQLite store on aiosqlite: one connection, WAL, foreign keys, versioned migrations.

Writes go through :meth:`Store.transaction`, which serialises them with a lock so that two
handlers' statements never interleave inside one SQLite transaction. Reads need no lock.

Small indexed reads on the hot path (a person's row, places in a box, an FTS5 match) use
:meth:`Store.lookup`: they run on the event loop's own thread through a second, read-only
connection: reading a person's row that way costs about 10 µs, against 25–40 µs for the trip
to aiosqlite's thread and back (``python -m benchmarks.store_trip``).

Small single-statement writes (:meth:`Store.write`, :meth:`Store.write_returning`: a
person's language, zone, last seen…) also run on the loop's thread, through a third
connection, when no transaction of this process is open and no other process holds the write
lock; otherwise they queue for aiosqlite. Each is one autocommit statement of a few rows;
under load the trip to aiosqlite's thread and back cost more than the write itself, and it
was taken once per queued writer. That connection (like a broadcast's claim connection)
never checkpoints the WAL on the loop's thread: every :data:`CHECKPOINT_EVERY` of their
commits, a passive checkpoint runs on aiosqlite's (:meth:`Store.note_commit`).
Everything else goes through aiosqlite.
Table groups have their own modules (``users.py`` …) holding plain SQL with parameters.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """The database cannot be used (newer schema, corrupt file, …)."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) for every migration shipped with the bot, in order."""
    found: list[tuple[int, str, str]] = []
    folder = resources.files("bot.store") / "migrations"
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"migration numbers must be 1..n without gaps, found {versions}")
    return found


def latest_version() -> int:
    return len(migrations())


#: Created by the first migration: a database without it at schema version 0 is not the bot's.
BOT_TABLE = "users"


def _readonly_uris(path: Path) -> list[str]:
    """How to open ``path`` read-only, in order. On a read-only mount SQLite cannot create the
    WAL index (-shm) a reader needs: "unable to open database file". With no WAL content
    beside it (nothing left uncheckpointed), the file alone is the whole database, and SQLite
    can read it as immutable instead. (A bot cannot be writing to a file on a read-only mount;
    on a writable disk the first, ordinary read-only open succeeds.)"""
    uri = path.resolve().as_uri()
    try:
        wal_has_content = path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        wal_has_content = False
    if wal_has_content:
        return [f"{uri}?mode=ro"]
    return [f"{uri}?mode=ro", f"{uri}?mode=ro&immutable=1"]


#: Commits by the loop-thread writers between two WAL checkpoints (on aiosqlite's thread).
CHECKPOINT_EVERY = 500
#: Bytes the WAL file is truncated to when it is reset after a checkpoint.
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024


def is_busy(error: sqlite3.Error) -> bool:
    """Another connection holds the write lock (``SQLITE_BUSY``, ``SQLITE_LOCKED``, or one of
    their extended codes such as ``SQLITE_BUSY_SNAPSHOT``)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def create_private(path: Path) -> None:
    """Create ``path`` empty, readable by its owner only (0600), if it does not exist: the
    database holds every member's id, zone, country and subscriptions, and SQLite would
    create it (and a backup) world-readable under the usual umask 022 (an adversarial
    review). SQLite gives the -wal and -shm files the database's mode. An existing file
    keeps the mode its operator gave it. Not for an in-memory database (":memory:", "",
    a "file:" URI): that is no file."""
    if str(path) in ("", ":memory:") or str(path).startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


class Store:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None
        self._commits_since_checkpoint = 0
        self._checkpoint: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True, readonly: bool = False) -> Store:
        """``readonly``: the file as it is, never changed (no migration, no WAL switch), for
        ``check``, ``backup`` and ``export``; also on a read-only mount."""
        path = Path(path)
        if readonly:
            return await cls._open_readonly(path)
        try:
            create_private(path)
            conn = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        conn.row_factory = aiosqlite.Row
        store = cls(conn, path)
        try:
            # never the bot's tables (nor WAL) inside another application's file
            if migrate and await store.foreign():
                raise StoreError(
                    f"{path} is not a diaspora-bot database (schema version 0, tables of"
                    " another application); nothing was changed. Check BOT_DB"
                )
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA busy_timeout = 5000")
            # /forget: deleted rows are overwritten in the file, not left in free pages
            await conn.execute("PRAGMA secure_delete = ON")
            # after a checkpoint, a WAL that grew during a burst is cut back to this size
            await conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
            if migrate:
                await store.migrate()
            store._open_reader()
            store._open_writer()
        except (sqlite3.Error, StoreError) as exc:
            store._close_local()
            await conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot use database {path}: {exc}") from exc
        return store

    @classmethod
    async def _open_readonly(cls, path: Path) -> Store:
        uris = _readonly_uris(path)
        for uri in uris:
            try:
                conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open database {path}: {exc}") from exc
            conn.row_factory = aiosqlite.Row
            try:
                await conn.execute("PRAGMA busy_timeout = 5000")
                await conn.execute("SELECT count(*) FROM sqlite_master")  # opens the file
            except sqlite3.Error as exc:
                await conn.close()
                cannot_open = getattr(exc, "sqlite_errorcode", 0) == sqlite3.SQLITE_CANTOPEN
                if cannot_open and uri != uris[-1]:
                    continue
                raise StoreError(f"cannot use database {path}: {exc}") from exc
            return cls(conn, path)
        raise AssertionError("unreachable")  # pragma: no cover

    def _open_reader(self) -> None:
        """The read-only connection behind :meth:`lookup` (none for an in-memory database)."""
        if str(self.path) in ("", ":memory:"):
            return
        reader = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=0
        )
        reader.row_factory = sqlite3.Row
        self._reader = reader

    def _open_writer(self) -> None:
        """The connection behind the fast path of :meth:`write` (none in memory)."""
        if str(self.path) in ("", ":memory:"):
            return
        writer = sqlite3.connect(self.path, isolation_level=None, timeout=0)
        writer.row_factory = sqlite3.Row
        for pragma in (
            "synchronous = NORMAL",
            "foreign_keys = ON",
            "secure_delete = ON",
            "wal_autocheckpoint = 0",
            f"journal_size_limit = {JOURNAL_SIZE_LIMIT}",
        ):
            writer.execute(f"PRAGMA {pragma}")
        self._writer = writer

    def _close_local(self) -> None:
        for local in (self._reader, self._writer):
            if local is not None:
                local.close()
        self._reader = self._writer = None

    async def close(self) -> None:
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        self._close_local()
        await self.conn.close()

    async def version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def tables(self) -> set[str]:
        rows = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {str(r[0]) for r in rows}

    async def foreign(self) -> bool:
        """Another application's database: schema version 0, tables, none of them the bot's
        (a new, empty file is the bot's to create)."""
        if await self.version() != 0:
            return False
        tables = await self.tables()
        return bool(tables) and BOT_TABLE not in tables

    async def migrate(self) -> int:
        """Apply every migration newer than ``PRAGMA user_version``; return the new version."""
        current = await self.version()
        known = migrations()
        if current > len(known):
            raise StoreError(
                f"database schema version {current} is newer than this bot ({len(known)}); "
                "upgrade the bot"
            )
        for version, name, sql in known[current:]:
            log.info("applying migration %s", name)
            # executescript cannot take parameters; the version is an int from a file name.
            script = f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {int(version)};\nCOMMIT;"
            try:
                await self.conn.executescript(script)
            except sqlite3.Error:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise
        return len(known)

    # -- reads -------------------------------------------------------------------------------
    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, params)  # one trip to the SQLite thread
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def lookup(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        """A read that touches a handful of rows through an index, run on this thread.

        It sees what is committed. While a write transaction is open on the main connection
        (maybe this task's own, not yet committed), and if SQLite is busy, the read goes
        through aiosqlite like :meth:`fetchall`. Never for scans or aggregates over big
        tables: those would stall every other handler while they run.
        """
        reader = self._reader
        if reader is not None and not self.conn.in_transaction:
            try:
                return reader.execute(sql, params).fetchall()
            except sqlite3.OperationalError:  # busy, or the file changed under us: go slow
                pass
        return await self.fetchall(sql, params)

    async def lookup_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        return next(iter(await self.lookup(sql, params)), None)

    # -- writes ------------------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction: all statements inside commit together or not at all."""
        async with self._write_lock:
            try:
                # Inside the try: a task cancelled while awaiting BEGIN still has the BEGIN
                # run on the SQLite thread, and must not leave that transaction open.
                await self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
            except BaseException:
                # Queued after the BEGIN on the same thread, so it always undoes it;
                # "no transaction is active" only means BEGIN itself failed.
                with contextlib.suppress(sqlite3.OperationalError):
                    await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    def _write_here(
        self, sql: str, params: Sequence[Any]
    ) -> tuple[int, list[aiosqlite.Row]] | None:
        """One autocommit write on this thread, committed: (rows changed, rows returned); None when
        it must queue for aiosqlite: a transaction of ours is open or queued, or another
        connection holds SQLite's write lock (nothing was changed then)."""
        writer = self._writer
        if writer is None or self._write_lock.locked() or self.conn.in_transaction:
            return None
        try:
            cursor = writer.execute(sql, params)
            rows = cursor.fetchall()  # a RETURNING statement commits once its rows are read
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                return None
            raise
        self.note_commit()
        return cursor.rowcount, rows

    def note_commit(self) -> None:
        """A commit by a connection that never checkpoints (this store's loop-thread writer,
        a broadcast's claim connection): every CHECKPOINT_EVERY of them, a checkpoint is
        scheduled on aiosqlite's thread, so the WAL cannot grow without end."""
        self._commits_since_checkpoint += 1
        if self._commits_since_checkpoint >= CHECKPOINT_EVERY and self._checkpoint is None:
            self._checkpoint = asyncio.get_running_loop().create_task(self._checkpoint_wal())

    async def _checkpoint_wal(self) -> None:
        """A passive checkpoint on aiosqlite's thread, queued only while no transaction of
        ours is open or queued there: between a BEGIN and its COMMIT it would fail
        (SQLITE_LOCKED). Otherwise the next write here tries again. It does not hold the
        write lock while it runs, so writes here go on meanwhile (WAL allows it)."""
        try:
            if self._write_lock.locked() or self.conn.in_transaction:
                return
            self._commits_since_checkpoint = 0
            # queued on aiosqlite's thread before this task yields: any BEGIN comes after it
            await self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            log.warning("WAL checkpoint failed; the next one retries", exc_info=True)
        finally:
            self._checkpoint = None

    async def write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Like :meth:`execute`, for a statement that changes a few rows found through an
        index (a person's language): run on this thread when nothing else writes. Never for
        bulk changes: those would stall every other handler while they run."""
        here = self._write_here(sql, params)
        if here is not None:
            return here[0]
        return await self.execute(sql, params)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement (atomic on its own) on aiosqlite's thread; return the
        number of rows changed."""
        async with self._write_lock:
            cursor = await self.conn.execute(sql, params)
            try:
                return cursor.rowcount
            finally:
                await cursor.close()

    async def write_returning(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        """Run one write statement with ``RETURNING`` of a few rows, as :meth:`write` does;
        return its rows."""
        here = self._write_here(sql, params)
        if here is not None:
            return here[1]
        async with self._write_lock:
            return list(await self.conn.execute_fetchall(sql, params))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    # -- maintenance -------------------------------------------------------------------------
    async def integrity_check(self) -> list[str]:
        rows = await self.fetchall("PRAGMA integrity_check")
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        fk = await self.fetchall("PRAGMA foreign_key_check")
        problems += [f"foreign key violation in {r[0]} rowid {r[1]}" for r in fk]
        return problems

    async def backup(self, target: Path) -> None:
        """A consistent online copy through SQLite's backup API. Written beside ``target`` and
        renamed when complete: a failure (disk full) leaves no partial copy behind.

        The copy is one self-contained file in rollback-journal mode, not WAL as the bot keeps
        its database: a WAL copy grew empty -wal and -shm files beside it whenever ``check``
        (or anything read-only) opened it, and a copy moved without them looked incomplete.
        ``restore`` writes it back in WAL mode."""
        partial = target.with_name(target.name + ".partial")
        if partial.exists():  # another backup under way, or a file that is not ours
            raise FileExistsError(f"{partial} exists; remove it if no backup is running")
        try:
            create_private(partial)
            async with aiosqlite.connect(partial) as dest:
                await self.conn.backup(dest)
                await dest.execute_fetchall("PRAGMA journal_mode = DELETE")
            os.replace(partial, target)
        except BaseException:
            for leftover in (partial, partial.with_name(partial.name + "-journal")):
                leftover.unlink(missing_ok=True)
            raise
