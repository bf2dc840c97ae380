"""Typed settings read from the environment (and a ``.env`` file), never at import time."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

DEFAULT_DB = "diaspora-bot.sqlite3"
DEFAULT_SEND_RATE = 25.0
_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_YES = ("1", "true", "yes", "on")
_NO = ("0", "false", "no", "off", "")


def unknown_keys(table: Mapping[str, object], known: frozenset[str] | set[str]) -> str | None:
    """The keys of a content file's ``table`` that are not ``known``, each with the known one
    it is likely a typo of ("'mroe' (did you mean 'more'?)"); None if all are known."""
    import difflib

    unknown = sorted(set(table) - known)
    if not unknown:
        return None
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, sorted(known), n=1)
        hints.append(f"{key!r} (did you mean {close[0]!r}?)" if close else repr(key))
    return ", ".join(hints)


#: In a content text, shown as typed: a "{mark}" (only the FAQ's {default_zone} is filled
#: in) and an HTML-like tag ("<b>"): the texts are plain text.
MARKISH = re.compile(r"\{[^{}\n]{1,40}\}")
TAGISH = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*\s*/?>")


def not_utf8(exc: UnicodeDecodeError) -> str:
    """A content file that is not UTF-8 ("ANSI" from Notepad, UTF-16): the line, and the fix
    (ə, ş and Cyrillic would be lost otherwise)."""
    line = exc.object[: exc.start].count(b"\n") + 1
    return f"is not UTF-8 text (line {line}): save it with the encoding UTF-8"


def toml_problem(text: str, exc: Exception) -> str:
    """tomllib's error in a content file, with the line it is on and, for the slips people
    make, what to do: a content editor's review found "Expected newline or end of document
    after a statement (at line 19, column 34)" for a " inside a text, and "Unterminated
    string (at end of document)" with no line where the text began."""
    message = str(exc)
    lines = text.splitlines()
    at = re.search(r"at line (\d+)", message)
    number = int(at.group(1)) if at else None
    line = lines[number - 1].strip() if number and number <= len(lines) else ""
    hint = ""
    if "Unterminated string" in message or ("end of document" in message and not number):
        opened = [i for i, t in enumerate(lines, 1) if t.count('"""') % 2 == 1]
        if len(opened) % 2 == 1:
            hint = (
                f'a text opened with """ is never closed: the last one opens on line {opened[-1]}'
            )
    elif re.search(r"=\s*[“”„]", line):  # the text itself opened with a curly quote
        hint = 'a text must be in plain " quotes, not “ ”: a word processor changed them'
    elif re.search(r"=\s*\d{1,2}\s*[/.]\s*\d", line):
        hint = "write a date as two numbers: month = 12 and day = 31"
    elif "Illegal character" in message and "\\n" in message and line.count('"') % 2:
        hint = 'a text in " quotes must end with " on the same line; """ opens one of several lines'
    elif "Expected newline" in message and re.search(r'=\s*"[^"]*"[^"\s,\]]', line):
        hint = 'a " inside a text ends it early: write «…» or “…” inside instead, or \\"'
    elif "Unclosed array" in message:
        hint = "is a comma missing between two texts in [ … ], or the closing ] (here or above)?"
    elif "twice" in message:
        hint = "the same [table] or key is written twice: keep one and merge what they hold"
    shown = f"; the line: {line[:80]}" if line else ""
    return f"not valid TOML: {message}{shown}" + (f" ({hint})" if hint else "")


class ContentError(Exception):
    """A content file (data/) that cannot be loaded on a deployment that has none of that
    content yet: the bot would run without it, so start-up stops (exit code 2) and names the
    file and what is wrong (an operator review: one bad row meant no places at all, with one
    log line to say so)."""


class ConfigError(Exception):
    """A missing or malformed setting; the message names the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)  # never shown in repr or logs
    api_url: str | None = None
    admins: frozenset[int] = frozenset()
    db_path: Path = Path(DEFAULT_DB)
    send_rate: float = DEFAULT_SEND_RATE
    paid_broadcast: bool = False
    log_level: str = "INFO"
    #: The zone of people who have set none (BOT_DEFAULT_TZ): where the community lives
    default_timezone: str = "Asia/Baku"
    #: What the configuration changed, to log at start ("BOT_SEND_RATE=100 taken as 30")
    notes: tuple[str, ...] = ()

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins


def _parse_admins(raw: str) -> frozenset[int]:
    admins: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if not re.fullmatch(r"\d{1,20}", part):
            # "123 456", "123; 456": the ids are there, the separator is not (a review)
            several = re.fullmatch(r"\d+(?:[\s;]+\d+)+", part) is not None
            hint = ": separate several ids with commas, e.g. 123,456" if several else ""
            raise ConfigError(
                "BOT_ADMINS", f"{part!r} is not a Telegram user id (digits only){hint}"
            )
        admins.add(int(part))
    return frozenset(admins)


#: Telegram's free limit of messages per second (about 30 for all chats together).
FREE_RATE = 30.0


def _parse_rate(name: str, raw: str, maximum: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(name, f"{raw!r} is not a number") from None
    if not 0 < value <= maximum:
        # paid broadcasts are paced apart, at up to 1000/s (PTB's AIORateLimiter), whatever
        # this is: above 30, replies and reminders would only meet Telegram's 429s (a review)
        limit = f"at most {maximum:g} messages per second"
        if maximum <= FREE_RATE:
            limit += " (Telegram's free limit; with BOT_PAID_BROADCAST=1 announcements go at"
            limit += " up to 1000/s whatever it is)"
        raise ConfigError(name, f"must be more than 0 and {limit}")
    return value


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    env_file: Path | None = Path(".env"),
    require_token: bool = False,
) -> Settings:
    """Read settings from ``environ`` (default: the process environment) over a ``.env`` file.

    Raises :class:`ConfigError` naming the variable when a value is missing or malformed.
    """
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        try:
            found = dotenv_values(env_file)
        except UnicodeDecodeError:
            raise ConfigError(str(env_file), "is not UTF-8 text; save it as UTF-8") from None
        values.update({k: v for k, v in found.items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str:
        return values.get(name, "").strip()

    token = get("BOT_TOKEN") or None
    if token is not None and not _TOKEN_RE.match(token):
        raise ConfigError("BOT_TOKEN", "does not look like a bot token from @BotFather")
    if require_token and token is None:
        raise ConfigError("BOT_TOKEN", "is not set; get a token from @BotFather")

    api_url = get("BOT_API_URL") or None
    if api_url is not None and not re.match(r"^https?://[^\s/]+", api_url):
        raise ConfigError("BOT_API_URL", "must be an http:// or https:// URL")

    db_raw = get("BOT_DB") or DEFAULT_DB
    db_path = Path(db_raw).expanduser()
    if db_raw.strip() == ":memory:" or db_raw.startswith("file:"):
        # broadcasts, reminders and fast reads open their own connections to the same file
        raise ConfigError("BOT_DB", f"{db_raw!r} is not a file path; give one, e.g. bot.sqlite3")
    if db_path.is_dir():
        raise ConfigError("BOT_DB", f"{db_raw} is a directory; give a file path")
    if not db_path.parent.exists():
        raise ConfigError("BOT_DB", f"folder {db_path.parent} does not exist")
    if not db_path.parent.is_dir():
        raise ConfigError("BOT_DB", f"{db_path.parent} is not a folder")

    paid = get("BOT_PAID_BROADCAST").lower()
    if paid not in _YES + _NO:
        accepted = ", ".join(v for v in _YES + _NO if v)
        raise ConfigError("BOT_PAID_BROADCAST", f"must be one of {accepted} (or empty for no)")
    paid_broadcast = paid in _YES

    rate_raw = get("BOT_SEND_RATE")
    notes: list[str] = []
    send_rate = (
        _parse_rate("BOT_SEND_RATE", rate_raw, 1000.0 if paid_broadcast else 30.0)
        if rate_raw
        else DEFAULT_SEND_RATE
    )
    if send_rate > FREE_RATE:
        # allowed up to 1000 with paid broadcasts until 2026-11-29: an .env of then still
        # starts (a review), at the free limit, since paid announcements go apart at 1000/s
        notes.append(
            f"BOT_SEND_RATE={send_rate:g} is taken as {FREE_RATE:g}: paid announcements go at"
            " up to 1000/s apart from it, and replies and reminders above 30/s would only"
            " meet Telegram's 429s"
        )
        send_rate = FREE_RATE

    level = (get("BOT_LOG_LEVEL") or "INFO").upper()
    if level not in _LOG_LEVELS:
        raise ConfigError("BOT_LOG_LEVEL", f"must be one of {', '.join(_LOG_LEVELS)}")

    default_timezone = get("BOT_DEFAULT_TZ") or "Asia/Baku"
    if not _is_zone(default_timezone):
        raise ConfigError(
            "BOT_DEFAULT_TZ",
            f"{default_timezone!r} is not a time zone name; give one such as America/Toronto,"
            " Europe/Berlin or Asia/Baku",
        )

    return Settings(
        token=token,
        api_url=api_url,
        admins=_parse_admins(get("BOT_ADMINS")),
        db_path=db_path,
        send_rate=send_rate,
        paid_broadcast=paid_broadcast,
        log_level=level,
        default_timezone=default_timezone,
        notes=tuple(notes),
    )


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"  # "EST", "CET": legacy names, not a place


def redact(text: str, token: str | None) -> str:
    """``text`` with the token, and its secret part alone, blanked out wherever it appears."""
    for secret in filter(None, (token, (token or "").partition(":")[2])):
        text = text.replace(secret, "<BOT_TOKEN>")
    return text


class _Redacting(logging.Formatter):
    """Formats as usual, then blanks out the token wherever a library quoted it (PTB puts it
    in InvalidToken's message, which its retry loop logs with the traceback)."""

    def __init__(self, fmt: str, token: str | None) -> None:
        super().__init__(fmt)
        self._token = token

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._token)


class _NetworkRetriesInOneLine(logging.Filter):
    """PTB's network retry loop (start-up, polling) logs every failed try with two chained
    tracebacks: 50-100 lines before the one line ``run`` prints for a rejected token or no
    network. Below DEBUG, such a record says what failed in one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and record.getMessage().startswith("Network Retry Loop"):
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = record.exc_text = None
        elif error is not None and record.getMessage().startswith(
            "Error while calling `get_updates` one more time"
        ):
            # stopping while Telegram refuses getUpdates (another process polls, no network)
            record.msg = f"could not confirm the last updates before stopping ({error})"
            record.args = None
            record.exc_info = record.exc_text = None
        elif error is not None and record.getMessage().startswith("Rate limit hit after maximum"):
            # the limiter hands a 429 it waited out three times to the bot, which waits again
            # (bot.delivery): no error, and no traceback (an operations review: a 24-second
            # storm wrote six ERROR tracebacks, 176 lines, though nobody was missed)
            record.msg = (
                f"{record.getMessage()} ({error}): a reminder or announcement waits and goes"
                " again; a reply at that moment is lost"
            )
            record.args = None
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            # a warning now: not shown where only errors are (BOT_LOG_LEVEL=ERROR)
            return logging.getLogger().getEffectiveLevel() <= logging.WARNING
        elif error is not None and record.getMessage().startswith("Can not load invalid JSON"):
            # an error page from a proxy or an overloaded Telegram: not a traceback of our code
            record.msg = "the Bot API answered with something that is not JSON (an error page?)"
            record.args = None
            record.exc_info = record.exc_text = None
        return True


def configure_logging(level: str, token: str | None = None) -> None:
    """Log to stderr; keep libraries that log secrets or noise quiet at INFO.

    httpx logs every request URL at INFO, and Bot API URLs contain the token; at any level,
    the token (and its secret part alone) is replaced wherever it would appear.
    """
    logging.basicConfig(level=getattr(logging, level))
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_Redacting("%(asctime)s %(levelname)s %(name)s: %(message)s", token))
        if level != "DEBUG":
            handler.addFilter(_NetworkRetriesInOneLine())
    for noisy in ("httpx", "httpcore", "apscheduler", "telegram.ext.ExtBot", "tornado.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, getattr(logging, level)))
    # Their DEBUG lines print whole updates (texts, names, coordinates) or SQL parameters:
    # DEBUG is for the bot's own lines only.
    for chatty in ("telegram", "aiosqlite", "asyncio"):
        logging.getLogger(chatty).setLevel(max(logging.INFO, getattr(logging, level)))
