"""The ``diaspora-bot`` command."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import re
import secrets
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from telegram import Update

from bot.config import (
    ConfigError,
    ContentError,
    Settings,
    configure_logging,
    load_settings,
    redact,
)
from bot.i18n import normalize_language
from bot.store import Store, StoreError, create_private

if TYPE_CHECKING:
    from bot.places import RowError

log = logging.getLogger("bot")

#: ``chat``'s database: its own, so that trying the bot never touches the real one
CHAT_DB = "diaspora-chat.sqlite3"


def _version() -> str:
    """The installed package's version (pyproject.toml's), and the commit when run from a git
    checkout ("0.1.0 (commit 79253b5)"): the version alone is the same for every deployment
    of a checkout (a review). "unknown" for a checkout that was never installed."""
    import subprocess
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("diaspora-bot")
    except PackageNotFoundError:
        found = "unknown"
    checkout = Path(__file__).resolve().parent.parent
    if not (checkout / ".git").exists():
        return found  # installed from a wheel: the version is all there is
    try:
        commit = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return found  # no git on the server
    return f"{found} (commit {commit})" if commit else found


class _Version(argparse.Action):
    """--version, worked out only when asked for (it may run git)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"diaspora-bot {_version()}")  # on stdout, as argparse's own version action
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diaspora-bot", description="Telegram bot for Azerbaijanis living abroad."
    )
    # what is deployed, for a bug report or after an upgrade
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run on Telegram (long polling, or a webhook server)")
    run.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram should call")
    run.add_argument("--listen", default="127.0.0.1", help="webhook server address")
    run.add_argument("--port", type=int, default=8443, help="webhook server port")

    chat = sub.add_parser("chat", help="talk to the bot offline in this terminal")
    chat.add_argument("--user-id", type=int, default=1, help="your pretend Telegram user id")
    chat.add_argument(
        "--lang",
        help="your Telegram language code: az, en or ru (default: this terminal's language"
        " from LANG, else en)",
    )
    chat.add_argument(
        "--db",
        default=CHAT_DB,
        help="the chat's own database file (never BOT_DB: the bot's reminders and"
        " announcements would be 'sent' into this terminal instead of to people)",
    )

    backup = sub.add_parser("backup", help="consistent copy of the database, safe while running")
    backup.add_argument("file", help="where to write the copy (must not exist)")

    sub.add_parser("check", help="integrity check and schema version of the database")

    restore = sub.add_parser(
        "restore", help="replace the database with a backup (stop the bot first)"
    )
    restore.add_argument("file", help="the backup to restore (written by diaspora-bot backup)")

    load = sub.add_parser("import", help="load a content file into the database now")
    load.add_argument(
        "kind",
        choices=["holidays", "faq", "places", "intents", "translations"],
        help="which content",
    )
    load.add_argument(
        "file",
        help="data/holidays.toml, a data/faq topic file or folder, a places CSV file,"
        " data/intents.toml, or a translation (.po) file or folder such as bot/locale (these"
        " two are read at each start: only checked)",
    )
    load.add_argument(
        "--check",
        action="store_true",
        help="only check FILE and say what is wrong with it; write nothing (no database needed)",
    )
    load.add_argument(
        "--remove",
        action="store_true",
        help="holidays: also remove holidays missing from FILE that people subscribed to"
        " (with their subscriptions); without it they are kept. places: allow removing the"
        " places missing from FILE; without it such an import is refused",
    )

    ask = sub.add_parser(
        "ask", help="which knowledge-base topics a question gets, for checking FAQ edits"
    )
    ask.add_argument("question", nargs="+", help="the question, as a person would type it")
    ask.add_argument(
        "--faq",
        default=None,
        help="the folder of topic files to ask (default: data/faq), e.g. a copy being edited",
    )

    exp = sub.add_parser("export", help="write content from the database to a file")
    exp.add_argument("kind", choices=["places"], help="places: Azerbaijani Houses and schools")
    exp.add_argument("file", help="the CSV file to write (must not exist, unless --force)")
    exp.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return parser


def _not_ours(
    path: Path, version: int, tables: set[str], *, hint: str = "check BOT_DB"
) -> str | None:
    """Why the database at ``path`` is no diaspora-bot database (None when it is one)."""
    from bot.store import BOT_TABLE

    if version != 0 or BOT_TABLE in tables:
        return None
    what = "an empty file" if not tables else "schema version 0, none of the bot's tables"
    return f"{path} is not a diaspora-bot database ({what}); {hint}"


def _no_database(settings: Settings) -> bool:
    """True (and says so) when BOT_DB does not exist: a mistyped BOT_DB must not quietly get
    a new, empty database (nor an export from one)."""
    if settings.db_path.exists():
        return False
    print(
        f"diaspora-bot: no database at {settings.db_path} (BOT_DB, relative to the working"
        " folder); the bot creates it at its first start (to try content without a token,"
        " `diaspora-bot chat --db FILE` makes one)",
        file=sys.stderr,
    )
    return True


def _shipped_topics(folder: Path | None = None) -> set[str]:
    """The topic ids of ``folder`` (default: the installed data/faq), by their file names."""
    from bot import DATA_DIR

    return {path.stem for path in (folder or DATA_DIR / "faq").glob("*.toml")}


def _import_faq(settings: Settings, path: Path, check: bool) -> int:
    """Check every file first; write nothing unless all of them are valid."""
    from bot import DATA_DIR, faq
    from bot.store import Store

    if path.is_dir():
        topics, problems = faq.read_topic_dir(path)
    else:
        try:
            topics, problems = [faq.read_topic_file(path)], []
        except faq.FaqFileError as exc:
            topics, problems = [], [str(exc)]
    if problems or not topics:
        for problem in problems or [f"{path}: no topic files"]:
            print(f"diaspora-bot: {problem}", file=sys.stderr)
        print("diaspora-bot: nothing imported", file=sys.stderr)
        return 1
    for problem in faq.unknown_related(topics, _shipped_topics() | {t.id for t in topics}):
        print(f"note: {problem}")
    for problem in [*faq.odd_marks(topics), *faq.advice(topics)]:
        print(f"note: {problem}")
    shipped, _ = faq.read_topic_dir(DATA_DIR / "faq")
    listed = faq.unanswered_beside(path if path.is_dir() else path.parent)
    naming = faq.unanswered_naming(topics, shipped, faq.load_unanswered(listed))
    for topic_id in dict.fromkeys(t for t, _ in naming):
        questions = [q for t, q in naming if t == topic_id]
        more = f" and {len(questions) - 3} more" if len(questions) > 3 else ""
        print(
            f"note: {topic_id}: {listed} lists {', '.join(map(repr, questions[:3]))}{more} as"
            " questions the source does not answer; delete those this topic answers"
        )
    if check:
        print(f"ok: {len(topics)} topic(s) can be imported: {', '.join(t.id for t in topics)}")
        return 0
    if _no_database(settings):
        return 1

    async def save() -> None:
        store = await Store.open(settings.db_path)
        try:
            await faq.save_topics(store, topics)
        finally:
            await store.close()

    asyncio.run(save())
    print(f"imported {len(topics)} topic(s): {', '.join(t.id for t in topics)}")
    shelf = (DATA_DIR / "faq").resolve()
    if shelf in (path.resolve(), *path.resolve().parents):
        print("restart the bot to use them")
    else:
        # start-up loads data/faq: its version of a topic wins, and one without a file goes;
        # "restart to use them" beside "a restart removes them" was an operator's puzzle
        print(
            f"note: the bot loads {shelf} at every start, and a topic without a file there is"
            " removed then: to keep these, copy the file(s) there, then restart the bot"
        )
    return 0


async def _places_not_in(settings: Settings, raw: bytes) -> list[str]:
    """The ids of the places in the database at BOT_DB (read only) that ``raw`` lacks: what
    an import would remove."""
    from bot import places

    if not settings.db_path.exists():
        return []
    given = {str(row[0]) for row in places.parse(raw)}
    try:
        store = await Store.open(settings.db_path, readonly=True)
    except StoreError:
        return []
    try:
        rows = await store.fetchall("SELECT id FROM places ORDER BY pk")
    except sqlite3.Error:  # a database from before the places
        return []
    finally:
        await store.close()
    return [str(r["id"]) for r in rows if str(r["id"]) not in given]


def _removals(file: Path, missing: list[str]) -> str:
    shown = ", ".join(missing[:10]) + (
        f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    )
    return f"{len(missing)} place(s) in the database are not in {file}: {shown}"


def _import_places(settings: Settings, file: Path, check: bool, remove: bool = False) -> int:
    """All rows of ``file`` replace the places in the database, or nothing changes; places
    the file lacks are removed only with ``remove`` (an operator review: a two-row file, a
    spreadsheet saved half-way, replaced all 38 places with "imported 2 places")."""
    from bot import DATA_DIR, places

    try:
        size = file.stat().st_size
        if size > places.MAX_FILE_BYTES:
            limit = places.MAX_FILE_BYTES / 1e6
            print(
                f"diaspora-bot: {file} is {size / 1e6:.1f} MB; at most {limit:.0f} MB is accepted."
                " Nothing was imported.",
                file=sys.stderr,
            )
            return 1
        raw = file.read_bytes()
    except OSError as exc:
        print(f"diaspora-bot: cannot read {file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        if check:
            count = len(places.parse(raw))
            if not count:  # as the import (and start-up, with none stored) refuses it
                raise places.PlacesFileError(
                    [places.RowError(2, "no places in the file; nothing would be left")]
                )
            # where each place is, against the gazetteer in the database (if there is one)
            doubts = asyncio.run(_check_points(settings, raw))
            for row_doubt in doubts or ():
                print(f"{file}: warning: {row_doubt}", file=sys.stderr)
            where = "" if doubts is not None else " (their points unchecked: no gazetteer)"
            print(f"ok: {count} places in {file} can be imported{where}")
            missing = asyncio.run(_places_not_in(settings, raw))
            if missing:
                print(
                    f"would remove: {_removals(file, missing)}"
                    + ("" if remove else " (the import refuses that without --remove)")
                )
            return 1 if missing and not remove else 0  # as the import itself would end
        if _no_database(settings):
            return 1
        missing = asyncio.run(_places_not_in(settings, raw))
        if missing and not remove:
            print(
                f"diaspora-bot: {_removals(file, missing)}. Nothing was imported. Is the file"
                " complete? (`diaspora-bot export places FILE` writes every place to start"
                " from.) To remove them, run this again with --remove",
                file=sys.stderr,
            )
            return 1
        count = asyncio.run(_apply_import(settings, raw, file))
        if missing:
            print(f"removed: {_removals(file, missing)}")
    except places.PlacesFileError as exc:
        for error in exc.errors:
            print(f"{file}: {error}", file=sys.stderr)
        print(f"diaspora-bot: {len(exc.errors)} problem(s); nothing was imported.", file=sys.stderr)
        return 1
    print(f"imported {count} places from {file}")
    shipped = DATA_DIR / places.DATA_NAME
    if not _same_file(file, shipped):  # start-up loads data/places.csv again once it changes
        print(
            f"note: the bot keeps these places until {shipped} changes (an upgrade or git pull"
            f" that brings a new one replaces them at the next start): copy {file} to {shipped}"
            " to keep them across upgrades"
        )
    return 0


async def _check_points(settings: Settings, raw: bytes) -> list[RowError] | None:
    """The doubtful points (:func:`places.check_points`), against the gazetteer in the
    database, or else (no database yet, an older one, one never started) the shipped one
    loaded into a scratch database: start-up checks them, so the check must too (an operator
    review: "ok" before the first start, then start-up refused the file and the bot ran with
    no places). None if neither can be had. BOT_DB is only read: no migration, not even WAL."""
    from bot import places
    from bot.store import cities

    store = None
    if settings.db_path.exists():
        with contextlib.suppress(StoreError):
            store = await Store.open(settings.db_path, readonly=True)
    try:
        if store is not None and await cities.count(store):
            return await places.check_points(store, places.numbered_rows(raw))
    except sqlite3.Error:  # a database from before the gazetteer (no cities table)
        pass
    finally:
        if store is not None:
            await store.close()
    return await _check_points_with_shipped(raw)


async def _check_points_with_shipped(raw: bytes) -> list[RowError] | None:
    from bot import DATA_DIR, gazetteer, places

    shipped = DATA_DIR / gazetteer.DATA_NAME
    if not shipped.is_file():
        return None
    with tempfile.TemporaryDirectory() as scratch:
        store = await Store.open(Path(scratch) / "check.sqlite3")
        try:
            await gazetteer.load(store, shipped, "check")
            return await places.check_points(store, places.numbered_rows(raw))
        except (OSError, gazetteer.GazetteerError):
            return None
        finally:
            await store.close()


async def _apply_import(settings: Settings, raw: bytes, file: Path) -> int:
    from bot import DATA_DIR, places
    from bot.clock import SystemClock, iso

    store = await Store.open(settings.db_path)
    try:
        now = iso(SystemClock().now())
        return await places.import_file(
            store,
            raw,
            now,
            data_file=DATA_DIR / places.DATA_NAME,
            doubt=lambda row: print(f"{file}: warning: {row}", file=sys.stderr),
        )
    finally:
        await store.close()


#: The files SQLite keeps beside a database in WAL mode.
_SIDE = ("-wal", "-shm", "-journal")


def _export_places(settings: Settings, file: Path, force: bool) -> int:
    if _no_database(settings):  # a mistyped BOT_DB must not export an empty list
        return 1
    database = settings.db_path.resolve()
    if file.resolve() in (database, *(database.with_name(database.name + e) for e in _SIDE)):
        print(f"diaspora-bot: {file} is the database (BOT_DB); nothing exported", file=sys.stderr)
        return 2  # not even with --force: it would overwrite every person's data with a list
    if file.exists() and not force:  # as backup: an export never replaces a file unasked
        print(f"diaspora-bot: {file} exists; choose a new file name, or --force", file=sys.stderr)
        return 2
    text = asyncio.run(_export_text(settings))
    if text is None:
        return 1
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"diaspora-bot: cannot write {file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"exported {text.count(chr(10)) - 1} places to {file}")
    return 0


async def _export_text(settings: Settings) -> str | None:
    """The places as CSV, read from the database as it is (never migrated: an older bot must
    still start on it); None, said why, when it has no places table."""
    from bot import places
    from bot.store import latest_version

    store = await Store.open(settings.db_path, readonly=True)
    try:
        version, tables = await store.version(), await store.tables()
        problem = _not_ours(settings.db_path, version, tables)
        if problem is None and "places" not in tables:
            problem = (
                f"{settings.db_path} has no places yet (schema version {version}; this bot"
                f" expects {latest_version()})"
            )
        if problem is not None:
            print(f"diaspora-bot: {problem}; nothing exported", file=sys.stderr)
            return None
        return await places.export_csv(store)
    finally:
        await store.close()


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from telegram.error import BadRequest, InvalidToken, NetworkError

    from bot.app import build_application
    from handlers.errors import FATAL

    url = urlparse(args.webhook or "")
    if args.webhook and (url.scheme != "https" or not url.netloc):
        print("diaspora-bot: --webhook needs an https:// URL", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"diaspora-bot: --port {args.port} is not a TCP port (1-65535)", file=sys.stderr)
        return 2
    _hold_run_lock(settings.db_path)  # held until the process ends: restore asks
    app = build_application(settings)
    log.info("starting diaspora-bot %s; database %s", _version(), settings.db_path)
    try:
        if args.webhook:
            app.run_webhook(
                listen=args.listen,
                port=args.port,
                url_path=url.path.lstrip("/"),
                webhook_url=args.webhook,
                allowed_updates=Update.ALL_TYPES,
                # Telegram sends it back in a header with every update; PTB's server refuses
                # any request without it, so knowing the URL is not enough to pose as a user
                # (or as an admin). A new one each start: setWebhook is called at each start.
                secret_token=secrets.token_urlsafe(32),
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    # One line each, never the token: PTB's own messages for these quote it.
    except InvalidToken:
        print(
            "diaspora-bot: Telegram rejected BOT_TOKEN; check it with @BotFather", file=sys.stderr
        )
        return 1
    except BadRequest as exc:  # a NetworkError to PTB, but Telegram did answer (setWebhook)
        reason = redact(exc.message, settings.token)
        print(f"diaspora-bot: Telegram refused to start the bot: {reason}", file=sys.stderr)
        return 1
    except NetworkError as exc:  # TimedOut included
        reason = redact(str(exc), settings.token)
        if re.search(r"\(5\d\d\)", reason):  # it answered: "Internal Server Error (500)"
            print(
                f"diaspora-bot: the Bot API answered with an error ({reason}); Telegram, or a"
                " proxy in between, may be down: try again later",
                file=sys.stderr,
            )
            return 1
        print(
            f"diaspora-bot: cannot reach the Bot API ({reason}); is the network up?",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # the webhook server: port in use, address not on this machine
        reason = redact(exc.strerror or str(exc), settings.token)
        where = f"cannot listen on {args.listen}:{args.port}" if args.webhook else "cannot start"
        print(f"diaspora-bot: {where}: {reason}", file=sys.stderr)
        return 1
    fatal = app.bot_data.get(FATAL)
    if fatal:  # the bot stopped itself (another process polling with the token)
        print(f"diaspora-bot: {fatal}", file=sys.stderr)
        return 1
    log.info("stopped")
    return 0


def _same_file(a: Path, b: Path) -> bool:
    """Also through a hard link, or another spelling on a case-insensitive file system."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.chat import chat
    from bot.simulator import Person

    db = Path(args.db).expanduser()
    if db.resolve() == settings.db_path.resolve() or _same_file(db, settings.db_path):
        print(
            f"diaspora-bot: {db} is the bot's database (BOT_DB); chat runs the reminders and"
            " announcements too and would take them from real people. Use another --db.",
            file=sys.stderr,
        )
        return 2
    if db.is_dir() or not db.parent.is_dir():
        print(f"diaspora-bot: --db {db}: not a file path in an existing folder", file=sys.stderr)
        return 2
    language = args.lang or next(
        (os.environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), None
    )
    person = Person(args.user_id, normalize_language(language), first_name="You")
    # --lang given: this session speaks it, whatever the chat database kept from before
    chosen = normalize_language(args.lang) if args.lang else None
    asyncio.run(chat(dataclasses.replace(settings, db_path=db), person=person, language=chosen))
    return 0


async def _backup(settings: Settings, target: str) -> int:
    from pathlib import Path

    from bot.store import Store

    path = Path(target)
    if path.exists():  # noqa: ASYNC240 - a one-off CLI check before any I/O starts
        print(f"diaspora-bot: {target} exists; choose a new file name", file=sys.stderr)
        return 2
    if not settings.db_path.exists():
        print(f"diaspora-bot: no database at {settings.db_path} (BOT_DB)", file=sys.stderr)
        return 1
    if not path.parent.is_dir():
        print(f"diaspora-bot: folder {path.parent} does not exist", file=sys.stderr)
        return 2
    store = await Store.open(settings.db_path, readonly=True)
    try:
        await store.backup(path)
    except (OSError, sqlite3.Error) as exc:  # disk full, no permission: nothing left behind
        print(f"diaspora-bot: backup failed, nothing written: {exc}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    print(f"backup written to {target}")
    return 0


@dataclasses.dataclass(frozen=True)
class _Examined:
    """What ``check`` looks at in a database file."""

    problems: list[str]  # from PRAGMA integrity_check and foreign_key_check
    version: int
    tables: set[str]


async def _examine(path: Path) -> _Examined:
    """``check``'s look at ``path``, read-only (never migrated, never changed). Raises
    sqlite3.DatabaseError when the file is too damaged for the check itself to run, and
    StoreError when it cannot be opened at all."""
    store = await Store.open(path, readonly=True)
    try:
        problems = await store.integrity_check()
        return _Examined(problems, await store.version(), await store.tables())
    finally:
        await store.close()


async def _check(settings: Settings) -> int:
    from bot.store import latest_version

    if not settings.db_path.exists():
        print(f"diaspora-bot: no database at {settings.db_path} (BOT_DB)", file=sys.stderr)
        return 1
    try:
        found = await _examine(settings.db_path)  # checked as it is, unchanged
    except sqlite3.DatabaseError as exc:  # too damaged for the check itself to run
        print(f"problem: {exc}")
        print(
            "diaspora-bot: the database is damaged; stop the bot and restore the latest backup"
            " (diaspora-bot restore FILE)",
            file=sys.stderr,
        )
        return 1
    for problem in found.problems:
        print(f"problem: {problem}")
    not_ours = _not_ours(settings.db_path, found.version, found.tables)
    if not_ours is not None:
        print(f"diaspora-bot: {not_ours}", file=sys.stderr)
        return 1
    latest = latest_version()
    if found.version != latest:
        print(f"schema version {found.version}, this bot expects {latest} (it migrates on start)")
    if found.problems:
        return 1
    print(f"ok: integrity check passed, schema version {found.version} of {latest}")
    return 0


def _refuse_restore(reason: str) -> int:
    print(f"diaspora-bot: {reason}; nothing restored", file=sys.stderr)
    return 1


def _run_lock_path(database: Path) -> Path:
    """``BOT_DB.running`` beside the real file (a symlinked path names the same one)."""
    real = database.resolve()
    return real.with_name(real.name + ".running")


#: The open lock files: closing one (or losing the last reference to it) would release it.
_HELD: list[object] = []


def _hold_run_lock(database: Path) -> object | None:
    """A shared lock on ``BOT_DB.running`` for as long as the bot runs: ``restore`` takes it
    exclusively, so it refuses while a bot uses the database (its in-memory state would be
    stale, and its next writes would land on the restored data)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: restore cannot tell, and the README says to stop first
        return None
    try:
        lock = _run_lock_path(database).open("a")
    except OSError as exc:  # a read-only folder: start-up says so more clearly than this
        log.warning("no run lock beside the database (restore cannot tell it runs): %s", exc)
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:  # a restore holds it: start once it is done
        print("diaspora-bot: a restore into BOT_DB is running; waiting for it", file=sys.stderr)
        fcntl.flock(lock, fcntl.LOCK_SH)
    _HELD.append(lock)
    return lock


@contextlib.contextmanager
def _no_bot_running(database: Path) -> Iterator[bool]:
    """Holds ``BOT_DB.running`` alone while the block runs (a bot starting meanwhile waits
    for it, see :func:`_hold_run_lock`); yields False if a bot holds it (nothing held)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: cannot tell
        yield True
        return
    path = _run_lock_path(database)
    try:
        lock = path.open("a")
    except OSError:  # cannot create it: no bot could have taken it either
        yield not path.exists()
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


def _restore(settings: Settings, file: str) -> int:
    """FILE (a backup) becomes the database at BOT_DB, through SQLite's backup API: the pages
    are written through BOT_DB's own WAL, so a WAL a crashed bot left beside it cannot be
    replayed onto them (as it is after ``cp``). FILE is checked first, and what BOT_DB held
    is kept beside it."""
    source, target = Path(file), settings.db_path
    database = target.resolve()
    side = (database, *(database.with_name(database.name + e) for e in _SIDE))
    if source.resolve() in side or _same_file(source, target):
        print(f"diaspora-bot: {file} is the database (BOT_DB) itself, or its WAL", file=sys.stderr)
        return 2
    if not source.is_file():
        return _refuse_restore(f"no file {file}")
    if not target.parent.is_dir():
        return _refuse_restore(f"the folder of BOT_DB ({target.parent}) does not exist")
    with _no_bot_running(target) as alone:
        if not alone:
            return _refuse_restore(f"a bot is running on {target} (BOT_DB): stop it first")
        return asyncio.run(_restore_from(source, target, keep=target.exists()))


async def _restore_from(source: Path, target: Path, *, keep: bool) -> int:
    """:func:`_restore` once the paths are known to make sense; ``keep``: BOT_DB exists, and
    a copy of it is kept first."""
    from datetime import UTC, datetime

    import aiosqlite

    from bot.store import latest_version

    file = str(source)
    try:
        found = await _examine(source)
    except StoreError as exc:  # not a database at all, or cannot be opened
        return _refuse_restore(f"{file} cannot be read as a database ({exc.__cause__ or exc})")
    except sqlite3.Error as exc:  # too damaged for the check itself to run
        return _refuse_restore(f"{file} is damaged ({exc})")
    latest = latest_version()
    not_ours = _not_ours(source, found.version, found.tables, hint="not a backup of this bot")
    if not_ours is not None:
        return _refuse_restore(not_ours)
    if found.problems:
        more = f" and {len(found.problems) - 1} more" if len(found.problems) > 1 else ""
        return _refuse_restore(f"{file} fails the integrity check ({found.problems[0]}{more})")
    if found.version > latest:
        return _refuse_restore(
            f"{file} has schema version {found.version}, newer than this bot's ({latest});"
            " upgrade the bot first"
        )

    safety: Path | None = None
    if keep:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        safety = target.with_name(f"{target.name}.before-restore-{stamp}")
        if safety.exists():  # two restores in one microsecond: never write over a kept copy
            return _refuse_restore(f"{safety} exists already; try again")
        try:
            current = await Store.open(target, readonly=True)  # its WAL included
            try:
                if await current.foreign():
                    return _refuse_restore(
                        f"{target} (BOT_DB) is another application's database, not overwritten;"
                        " check BOT_DB"
                    )
                await current.backup(safety)
            finally:
                await current.close()
        except (OSError, sqlite3.Error, StoreError) as exc:
            return _refuse_restore(
                f"cannot keep a copy of the current database {target} ({exc}); if it is damaged"
                " beyond reading, move it and its -wal and -shm files aside, then restore again"
            )

    try:
        origin = await Store.open(source, readonly=True)
        try:
            create_private(target)  # restoring onto a new server: 0600, as the bot creates it
            async with aiosqlite.connect(target, isolation_level=None) as dest:
                await dest.execute("PRAGMA busy_timeout = 5000")
                await dest.execute_fetchall("PRAGMA journal_mode = WAL")  # as the bot keeps it
                # one step, one transaction on BOT_DB: all of FILE, or BOT_DB unchanged
                await origin.conn.backup(dest)
                with contextlib.suppress(sqlite3.Error):  # the WAL holds it until the next one
                    await dest.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await origin.close()
    except (OSError, sqlite3.Error, StoreError) as exc:
        kept = f" (its earlier content is also in {safety})" if safety else ""
        print(f"diaspora-bot: restore failed: {exc}; {target} is unchanged{kept}", file=sys.stderr)
        return 1

    kept = f"; the database before it is kept in {safety}" if safety else ""
    carried = note = ""
    if safety is not None:
        try:
            reminders_kept, deliveries_kept, gone, problem = await _carry_over_sent(target, safety)
        except (OSError, sqlite3.Error) as exc:
            reminders_kept, deliveries_kept, gone, problem = 0, 0, 0, str(exc)
        if problem:
            print(
                f"diaspora-bot: warning: what {safety} records as sent since the backup could"
                f" not be carried over ({problem}): reminders and announcement deliveries made"
                " since then may be sent again",
                file=sys.stderr,
            )
        if reminders_kept or deliveries_kept:
            carried = (
                f"; kept from the database before it, so not sent again: {reminders_kept}"
                f" reminder(s), {deliveries_kept} announcement delivery(ies)"
            )
        if gone:
            note = (
                f"note: {gone} person(s) in the backup are not in the database before it:"
                " they may have used /forget since, and are back; see README, Restoring a"
                " backup"
            )
    try:
        result = await _examine(target)
    except (sqlite3.Error, StoreError) as exc:
        result = _Examined([str(exc)], 0, set())
    if result.problems or result.version != found.version:
        failed = result.problems[0] if result.problems else f"schema version {result.version}"
        print(
            f"diaspora-bot: restored {file} into {target}, but the check fails: {failed}{kept}",
            file=sys.stderr,
        )
        return 1
    migrates = " (the bot migrates it on start)" if result.version != latest else ""
    print(
        f"ok: restored {file} into {target}: integrity check passed, schema version"
        f" {result.version} of {latest}{migrates}{kept}{carried}"
    )
    if note:
        print(note)
    return 0


#: What a restore keeps from the database it replaces: the reminders and announcement
#: deliveries sent (or maybe sent) after the backup was taken, each of which the backup
#: still has as due or pending (an operations review: restoring the 03:00 backup on 31
#: December afternoon greeted everyone a second time, and resumed an announcement to the
#: 133 of 200 people it had reached). Only the same schema version, only people, holidays
#: and announcements the backup has (an announcement by its id and creation time).
_CARRY_REMINDERS = """
INSERT INTO main.reminder_sent (user_id, holiday_id, year, status, attempts, claimed_at, done_at)
SELECT o.user_id, o.holiday_id, o.year, o.status, o.attempts, o.claimed_at, o.done_at
FROM old.reminder_sent o
WHERE o.user_id IN (SELECT id FROM main.users) AND o.holiday_id IN (SELECT id FROM main.holidays)
    AND o.status <> 'failed'  -- tried again anyway
ON CONFLICT (user_id, holiday_id, year) DO UPDATE SET
    status = excluded.status, attempts = max(attempts, excluded.attempts),
    claimed_at = excluded.claimed_at, done_at = excluded.done_at
WHERE status IN ('failed', 'sending')
"""
_SAME_BROADCAST = """
SELECT b.id FROM main.broadcasts b JOIN old.broadcasts ob ON ob.id = b.id
WHERE ob.created_at = b.created_at
"""
_CARRY_DELIVERIES = f"""
UPDATE main.broadcast_recipients AS r SET state = (
    SELECT CASE o.state WHEN 'sending' THEN 'unconfirmed' ELSE o.state END
    FROM old.broadcast_recipients o WHERE o.broadcast_id = r.broadcast_id AND o.user_id = r.user_id
)
WHERE r.state IN ('pending', 'sending') AND r.broadcast_id IN ({_SAME_BROADCAST})
    AND EXISTS (
        SELECT 1 FROM old.broadcast_recipients o
        WHERE o.broadcast_id = r.broadcast_id AND o.user_id = r.user_id
            AND o.state NOT IN ('pending', r.state)
    )
"""
#: An announcement that ended after the backup: ended in the restored database too (else the
#: bot resumes it at start, and reports it to its admin a second time).
_CARRY_ENDINGS = f"""
UPDATE main.broadcasts AS b SET (state, started_at, finished_at, total, delivered, blocked,
    failed, unconfirmed, not_sent) = (
    SELECT state, started_at, finished_at, total, delivered, blocked, failed, unconfirmed,
        not_sent FROM old.broadcasts o WHERE o.id = b.id
)
WHERE b.state IN ('draft', 'running') AND b.id IN ({_SAME_BROADCAST})
    AND (SELECT state FROM old.broadcasts o WHERE o.id = b.id) IN ('done', 'cancelled')
"""


async def _carry_over_sent(target: Path, before: Path) -> tuple[int, int, int, str]:
    """Keep in the restored ``target`` what ``before`` (the database it replaced) records as
    sent after the backup: (reminders, announcement deliveries) carried over, and how many
    people ``target`` has that ``before`` has not (deleted since: /forget), and why nothing
    could be carried over, if so (another schema version)."""
    import aiosqlite

    async with aiosqlite.connect(target, isolation_level=None) as conn:
        await conn.execute("PRAGMA busy_timeout = 5000")
        await conn.execute("ATTACH DATABASE ? AS old", (str(before),))  # only read
        versions = [
            (await (await conn.execute(f"PRAGMA {schema}.user_version")).fetchone() or (0,))[0]
            for schema in ("main", "old")
        ]
        gone_sql = "SELECT count(*) FROM main.users WHERE id NOT IN (SELECT id FROM old.users)"
        gone = (await (await conn.execute(gone_sql)).fetchone() or (0,))[0]
        if versions[0] != versions[1]:  # another schema: its rows may not fit
            problem = (
                f"the backup has schema version {versions[0]}, the database it replaced"
                f" {versions[1]}"
            )
            return 0, 0, gone, problem
        await conn.execute("BEGIN IMMEDIATE")
        try:
            reminders_kept = (await conn.execute(_CARRY_REMINDERS)).rowcount
            deliveries_kept = (await conn.execute(_CARRY_DELIVERIES)).rowcount
            await conn.execute(_CARRY_ENDINGS)
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("DETACH DATABASE old")
    return max(reminders_kept, 0), max(deliveries_kept, 0), gone, ""


def _check_intents(file: Path) -> int:
    """The requests in plain words are read from data/intents.toml at each start, not stored:
    this only says whether ``file`` is good, before a restart finds it broken."""
    from bot import DATA_DIR, intents
    from bot.app import request_names

    try:
        found = intents.read(file, request_names())
    except (OSError, intents.IntentFileError) as exc:
        print(f"diaspora-bot: {file}: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {len(found)} tables of requests: {', '.join(i.command for i in found)}")
    for phrase, tables in intents.shared_phrases(file.read_text(encoding="utf-8-sig")):
        print(
            f"note: {phrase!r} is in [{tables[0]}] and [{tables[1]}]: the same words would ask"
            " for two things; keep them in one table"
        )
    shipped = DATA_DIR / intents.DEFAULT_FILE.name
    if file.resolve() != shipped.resolve():
        print(f"note: the bot reads {shipped} at start; copy {file} there to use it")
    else:
        print("the bot reads it at its next start")
    return 0


def _catalog_language(po: Path) -> str | None:
    """az for .../az/LC_MESSAGES/core.po; else the file's ``Language:`` header."""
    if po.parent.name == "LC_MESSAGES":
        return po.parent.parent.name
    with contextlib.suppress(OSError, UnicodeDecodeError):
        found = re.search(r'^"Language: *([\w-]+)', po.read_text(encoding="utf-8"), re.M)
        if found:
            return found.group(1)
    return None


def _check_translations(path: Path) -> int:
    """The catalogs are compiled at each start, not stored: this says which messages the bot
    would leave out (showing the English text instead), before a restart does."""
    from bot import i18n

    if path.is_dir():
        files = sorted(p for p in path.rglob("*.po") if not _special(p))  # no FIFO, device
    elif path.is_file():
        files = [path]
    else:
        print(f"diaspora-bot: {path}: no such file or folder", file=sys.stderr)
        return 1
    if not files:
        print(f"diaspora-bot: {path}: no .po files", file=sys.stderr)
        return 1
    shipped = Path(str(i18n.catalog_root()))
    english: dict[Path, dict[str, str]] = {}
    problems = broken = kept = 0
    for po in files:
        language = _catalog_language(po)
        if language is None:
            print(
                f"{po}: which language? Keep it as <language>/LC_MESSAGES/{po.name}, or give"
                ' it a "Language: az" header',
                file=sys.stderr,
            )
            problems, broken = problems + 1, broken + 1
            continue
        reference = None
        if language != i18n.DEFAULT_LANGUAGE:
            # the English beside it (bot/locale/en), else the bot's own
            root = po.parent.parent.parent if po.parent.name == "LC_MESSAGES" else shipped
            if not (root / i18n.DEFAULT_LANGUAGE / "LC_MESSAGES").is_dir():
                root = shipped
            if root not in english:
                english[root] = i18n.texts_of(
                    i18n.check_language(i18n.DEFAULT_LANGUAGE, None, root)
                )
            reference = english[root]
        checked = i18n.check_catalog(po, language, reference)
        for problem in checked.problems:
            print(problem, file=sys.stderr)
        problems += len(checked.problems)
        broken += bool(checked.problems)
        kept += sum(1 for m in checked.catalog if m.id and m.id not in checked.untranslated)
        if checked.untranslated:
            print(
                f"note: {po}: {len(checked.untranslated)} message(s) fuzzy or empty, shown in"
                f" English: {', '.join(checked.untranslated)}"
            )
        if language not in i18n.LANGUAGES:
            print(f"note: {po}: the bot speaks only {', '.join(i18n.LANGUAGES)}, not {language}")
    if problems:
        print(
            f"diaspora-bot: {problems} problem(s) in {broken} file(s); the bot leaves those"
            " messages out and shows them in English",
            file=sys.stderr,
        )
        return 1
    print(f"ok: {len(files)} catalog(s), {kept} messages in use")
    if all(shipped.resolve() in (po.resolve(), *po.resolve().parents) for po in files):
        print("the bot reads them at its next start")
    else:
        print(f"note: the bot reads {shipped} at start; copy the file(s) there to use them")
    return 0


def _import_holidays(settings: Settings, file: Path, remove: bool, check: bool) -> int:
    from bot import DATA_DIR, holidays

    try:
        found = holidays.read(file)
    except holidays.HolidayFileError as exc:
        print(f"diaspora-bot: {file}: {exc}", file=sys.stderr)
        return 1
    # a copy of data/ being edited has its own faq/ beside holidays.toml: that is the one
    # meant (a content editor's review: the check looked in the installed data/faq)
    beside = file.parent / "faq"
    folder = beside if beside.is_dir() and any(beside.glob("*.toml")) else DATA_DIR / "faq"
    topics = _shipped_topics(folder)
    for holiday in found:
        if holiday.faq_id is not None and holiday.faq_id not in topics:
            print(f"note: {holiday.id}: faq {holiday.faq_id!r} is not a topic in {folder}")
    for line in holidays.shown_as_typed(found):
        print(f"note: {line}")
    if check:
        print(f"ok: {len(found)} holidays can be imported: {', '.join(h.id for h in found)}")
        given = {h.id for h in found}
        if settings.db_path.exists() and asyncio.run(
            _check_holidays(settings, file, given, remove)
        ):
            return 1  # a holiday people subscribed to would be suspended: as places --check
        return 0
    if _no_database(settings):
        return 1
    done = asyncio.run(_import(settings, file, remove))
    shipped = (DATA_DIR / "holidays.toml").resolve()
    if done == 0 and file.resolve() != shipped:  # as import faq and places say (a review)
        print(
            f"note: the bot loads {shipped} at every start, and then suspends a holiday"
            " missing from it: to keep these, copy the file there, then restart the bot"
        )
    return done


async def _check_holidays(settings: Settings, file: Path, given: set[str], remove: bool) -> bool:
    """What an import would remove or keep from the database at BOT_DB (read, not changed);
    True if it would newly suspend a holiday people subscribed to (a renamed id: an
    operations review, a pre-start check passed it with exit code 0)."""
    from bot.store import subscriptions

    store = await Store.open(settings.db_path, readonly=True)
    try:
        tables = await store.tables()
        problem = _not_ours(settings.db_path, await store.version(), tables)
        if problem is None and "holidays" not in tables:
            problem = f"{settings.db_path} has no holidays yet"
        if problem is not None:
            print(f"note: {problem}; not compared with it")
            return False
        stored = await subscriptions.subscribers_per_holiday(store)
        everyone = await subscriptions.subscribed_to_all(store)
        suspended = await subscriptions.suspended_holidays(store)
    finally:
        await store.close()
    new = sorted((given - set(stored)) | (given & suspended))  # as replace_holidays
    if new and stored:
        print(
            f"would add {', '.join(new)}: {_people(everyone)} subscribed to every holiday"
            " would get its reminders too"
        )
    removed, kept = subscriptions.not_given(stored, given, remove)
    if removed:
        subscribed = sum(stored[hid] for hid in removed)
        also = f", with {subscribed} subscription(s)" if subscribed else ""
        print(f"would remove (in the database, not in {file}{also}): {', '.join(removed)}")
    for hid, subscribers in kept.items():
        print(
            f"warning: would keep {hid}: not in {file}, but {subscribers}"
            f" {'person is' if subscribers == 1 else 'people are'} subscribed to it; it would"
            f" be {'kept ' if hid in suspended else ''}suspended (not sent, not offered) with"
            " their subscriptions. If its id changed, put the old id back; --remove would"
            " remove it and those subscriptions"
        )
    # only a holiday newly suspended: one suspended by an import before is known (a review:
    # the check then failed before every start until --remove)
    return any(hid not in suspended for hid in kept)


async def _import(settings: Settings, file: Path, remove: bool) -> int:
    from bot import holidays
    from bot.store import Store

    store = await Store.open(settings.db_path)
    try:
        done = await holidays.load(store, file, remove_subscribed=remove)
    except holidays.HolidayFileError as exc:
        print(f"diaspora-bot: {file}: {exc}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    print(f"loaded {len(done.written)} holidays: {', '.join(done.written)}")
    for hid, subscribers in done.added.items():
        print(f"new: {hid}; {_people(subscribers)} subscribed to every holiday get it too")
    if done.removed:
        print(f"removed (not in {file}): {', '.join(done.removed)}")
    for hid, subscribers in done.kept.items():
        print(
            f"kept {hid}: not in {file}, but {subscribers}"
            f" {'person is' if subscribers == 1 else 'people are'} subscribed to it."
            " It is suspended (not sent, not offered) with their subscriptions. If its"
            " id changed, put the old id back; to remove it and those subscriptions,"
            " run this again with --remove"
        )
    return 0


def _people(count: int) -> str:
    """ "the 1 person", "the 3 people" (a review: "the 1 people")."""
    return f"the {count} {'person' if count == 1 else 'people'}"


def _ask(question: str, folder: Path | None) -> int:
    """The topics the knowledge base in ``folder`` gives ``question``, best first, with their
    scores: a content editor's review found a new topic's question answered by an older
    topic, with no way to see it short of the chat."""
    from bot import DATA_DIR, faq

    folder = folder or DATA_DIR / "faq"
    topics, problems = faq.read_topic_dir(folder)
    for problem in problems or ([] if topics else [f"{folder}: no topic files"]):
        print(f"diaspora-bot: {problem}", file=sys.stderr)
    if problems or not topics:
        return 1

    async def rank() -> list[faq.Match]:
        with tempfile.TemporaryDirectory() as scratch:
            store = await Store.open(Path(scratch) / "ask.sqlite3")
            try:
                index = await faq.load_knowledge_base(store, folder)
                return await faq.find(store, index, question)
            finally:
                await store.close()

    from bot import intents
    from bot.app import request_names

    request = intents.command_meant(intents.load(request_names()), question)
    if request is not None and request not in ("yes", "no", "explicit_yes"):
        # a review: "remind me on flag day" was shown as flag_day's card, but it subscribes
        print(
            f"the bot reads this as a request ({request} in data/intents.toml) and does that;"
            " as a question alone:"
        )
    found = asyncio.run(rank())
    if not found:
        print("no topic: the bot says it has no answer and shows the topics")
        return 0
    best = found[0]
    if best.unanswered:
        said = "says its source does not answer this (data/unanswered.toml)"
        would = "would say its source does not answer this (data/unanswered.toml)"
    elif best.confident:
        said, would = f"answers with: {best.topic_id}", f"would answer with: {best.topic_id}"
    else:
        said = "is not sure: it offers the topics below as buttons"
        would = "would not be sure: it would offer the topics below as buttons"
    print(f"it {would}" if request is not None else f"the bot {said}")
    for match in found:
        print(f"  {match.topic_id:28} score {match.score:.2f}")
    return 0


def _special(path: Path) -> bool:
    """A device, FIFO or socket (a symlink to one too): no content file, and read without
    end."""
    return path.exists() and not (path.is_file() or path.is_dir())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(require_token=args.command == "run")
        configure_logging(
            settings.log_level if args.command == "run" else "WARNING", settings.token
        )
        for note in settings.notes:
            logging.getLogger("bot.config").warning("%s", note)
        if args.command == "run":
            return _run(settings, args)
        if args.command == "chat":
            return _chat(settings, args)
        if args.command == "backup":
            return asyncio.run(_backup(settings, args.file))
        if args.command == "check":
            return asyncio.run(_check(settings))
        if args.command == "restore":
            return _restore(settings, args.file)
        if args.command == "import" and _special(Path(args.file)):
            # /dev/zero, a FIFO: read until memory ran out (the size limit reads a size of 0)
            print(
                f"diaspora-bot: {args.file} is not a regular file or folder; give the file itself",
                file=sys.stderr,
            )
            return 2
        if args.command == "import" and args.kind == "faq":
            return _import_faq(settings, Path(args.file), args.check)
        if args.command == "import" and args.kind == "places":
            return _import_places(settings, Path(args.file), args.check, args.remove)
        if args.command == "import" and args.kind == "intents":
            return _check_intents(Path(args.file))
        if args.command == "import" and args.kind == "translations":
            return _check_translations(Path(args.file))
        if args.command == "import":
            return _import_holidays(settings, Path(args.file), args.remove, args.check)
        if args.command == "ask":
            return _ask(" ".join(args.question), Path(args.faq) if args.faq else None)
        if args.command == "export":
            return _export_places(settings, Path(args.file), args.force)
    except ConfigError as exc:
        print(f"diaspora-bot: configuration error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(
            f"diaspora-bot: content error: {exc}. Fix the file (`diaspora-bot import"
            " places|holidays|intents|faq FILE --check` lists every problem) and start again",
            file=sys.stderr,
        )
        return 2
    except StoreError as exc:
        print(f"diaspora-bot: database error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # a read-only or full database: one line, not a traceback
        print(f"diaspora-bot: database error: {exc}; nothing was changed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
