from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_settings

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def load(env: dict[str, str], **kw: object) -> object:
    return load_settings(env, env_file=None, **kw)  # type: ignore[arg-type]


def test_defaults_need_no_variables() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.token is None
    assert settings.admins == frozenset()
    assert settings.db_path == Path("diaspora-bot.sqlite3")
    assert settings.send_rate == 25.0


def test_reads_every_variable(tmp_path: Path) -> None:
    env = {
        "BOT_TOKEN": TOKEN,
        "BOT_API_URL": "http://127.0.0.1:8081/bot",
        "BOT_ADMINS": " 12, 34 ,",
        "BOT_DB": str(tmp_path / "x.sqlite3"),
    }
    settings = load_settings(env, env_file=None, require_token=True)
    assert settings.token == TOKEN
    assert settings.api_url == "http://127.0.0.1:8081/bot"
    assert settings.admins == frozenset({12, 34})
    assert settings.db_path == tmp_path / "x.sqlite3"


def test_token_never_in_repr() -> None:
    settings = load_settings({"BOT_TOKEN": TOKEN}, env_file=None)
    assert TOKEN not in repr(settings)
    assert TOKEN.split(":")[1] not in str(settings)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "BOT_TOKEN"),
        ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN"),
        ({"BOT_TOKEN": TOKEN, "BOT_ADMINS": "12,abc"}, "BOT_ADMINS"),
        ({"BOT_TOKEN": TOKEN, "BOT_API_URL": "ftp://x"}, "BOT_API_URL"),
        ({"BOT_TOKEN": TOKEN, "BOT_DB": "/no/such/folder/bot.db"}, "BOT_DB"),
        ({"BOT_TOKEN": TOKEN, "BOT_DB": ":memory:"}, "BOT_DB"),
        ({"BOT_TOKEN": TOKEN, "BOT_SEND_RATE": "fast"}, "BOT_SEND_RATE"),
        ({"BOT_TOKEN": TOKEN, "BOT_SEND_RATE": "500"}, "BOT_SEND_RATE"),
        ({"BOT_TOKEN": TOKEN, "BOT_LOG_LEVEL": "LOUD"}, "BOT_LOG_LEVEL"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env, env_file=None, require_token=True)
    assert caught.value.variable == variable
    assert variable in str(caught.value)


@pytest.mark.parametrize("admins", ["123 456", "123; 456"])
def test_admins_separated_otherwise_than_by_commas_get_a_hint(admins: str) -> None:
    """An operator review: "'123 456' is not a Telegram user id" said nothing of commas."""
    with pytest.raises(ConfigError, match="separate several ids with commas"):
        load_settings({"BOT_ADMINS": admins}, env_file=None)


def test_the_default_time_zone_is_a_zone_name() -> None:
    assert load_settings({}, env_file=None).default_timezone == "Asia/Baku"
    toronto = load_settings({"BOT_DEFAULT_TZ": "America/Toronto"}, env_file=None)
    assert toronto.default_timezone == "America/Toronto"
    for wrong in ("Toronto", "EST", "Europe/Viena", "../etc/passwd"):
        with pytest.raises(ConfigError, match="BOT_DEFAULT_TZ: .* such as America/Toronto"):
            load_settings({"BOT_DEFAULT_TZ": wrong}, env_file=None)


def test_a_send_rate_out_of_range_says_what_is_allowed() -> None:
    with pytest.raises(ConfigError, match=r"more than 0 and at most 30 .*BOT_PAID_BROADCAST"):
        load_settings({"BOT_SEND_RATE": "0"}, env_file=None)
    # paid broadcasts go at up to 1000/s apart from it: 500 would let replies and reminders
    # run into 429s (an operations review)
    with pytest.raises(ConfigError, match=r"at most 30 .*up to 1000/s whatever it is"):
        load_settings({"BOT_SEND_RATE": "500"}, env_file=None)
    # ... yet an .env of before, with paid broadcasts, still starts: at 30, and says so
    paid = load_settings({"BOT_SEND_RATE": "500", "BOT_PAID_BROADCAST": "yes"}, env_file=None)
    assert paid.send_rate == 30 and paid.paid_broadcast
    assert paid.notes == (
        "BOT_SEND_RATE=500 is taken as 30: paid announcements go at up to 1000/s apart from"
        " it, and replies and reminders above 30/s would only meet Telegram's 429s",
    )


def test_paid_broadcast_says_what_it_accepts_and_takes_on_and_off() -> None:
    """'on' got "must be 1 or 0", although true/yes/false/no were accepted too."""
    for value, paid in (("on", True), ("ON", True), ("off", False), ("Yes", True), ("0", False)):
        assert load_settings({"BOT_PAID_BROADCAST": value}, env_file=None).paid_broadcast is paid
    with pytest.raises(ConfigError) as caught:
        load_settings({"BOT_PAID_BROADCAST": "maybe"}, env_file=None)
    assert str(caught.value) == (
        "BOT_PAID_BROADCAST: must be one of 1, true, yes, on, 0, false, no, off (or empty for no)"
    )


def test_a_bot_db_under_a_file_says_it_is_not_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """BOT_DB=README.md/x said "folder README.md does not exist"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text("hello", encoding="utf-8")
    monkeypatch.setenv("BOT_DB", "README.md/x")
    assert main(["check"]) == 2
    assert capsys.readouterr().err.strip() == (
        "diaspora-bot: configuration error: BOT_DB: README.md is not a folder"
    )


def test_dotenv_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"BOT_TOKEN={TOKEN}\nBOT_ADMINS=1,2\n")
    settings = load_settings({"BOT_ADMINS": "3"}, env_file=env_file)
    assert settings.token == TOKEN
    assert settings.admins == frozenset({3})


def test_a_dotenv_file_that_is_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_bytes("BOT_ADMINS=1\n# Bakı\n".encode("cp1254"))  # saved by an old editor
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        load_settings({}, env_file=env_file)


def test_run_without_token_prints_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "BOT_TOKEN" in err[0]
    assert "Traceback" not in err[0]


def test_debug_logs_are_the_bots_own_not_the_libraries_that_print_updates() -> None:
    """PTB logs whole updates (texts, names, coordinates) at DEBUG, aiosqlite SQL values."""
    import logging

    from bot.config import configure_logging

    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    try:
        root.handlers[:] = []  # as in a fresh process (basicConfig leaves a configured root)
        configure_logging("DEBUG")
        assert logging.getLogger("bot.places").isEnabledFor(logging.DEBUG)
        for library in (
            "telegram.ext.Application",
            "telegram.ext.ConversationHandler",
            "aiosqlite",
        ):
            assert not logging.getLogger(library).isEnabledFor(logging.DEBUG), library
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        for name in ("telegram", "aiosqlite", "asyncio"):
            logging.getLogger(name).setLevel(logging.NOTSET)


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("Network Retry Loop (Polling Updates): Failed run number 3 of -1.", "Network Retry"),
        (
            "Error while calling `get_updates` one more time to mark all fetched updates.",
            "could not confirm the last updates before stopping (Conflict",
        ),
    ],
)
def test_ptb_polling_failures_are_logged_in_one_line(message: str, shown: str) -> None:
    """Stopping while another process polls with the token logged a 30-line traceback from
    PTB's updater (an operator review)."""
    import logging

    from telegram.error import Conflict

    from bot.config import _NetworkRetriesInOneLine

    try:
        raise Conflict("Conflict: terminated by other getUpdates request")
    except Conflict:
        import sys

        record = logging.LogRecord(
            "telegram.ext.Updater", logging.ERROR, __file__, 1, message, None, sys.exc_info()
        )
    assert _NetworkRetriesInOneLine().filter(record)
    assert record.exc_info is None and record.getMessage().startswith(shown)
    assert "terminated by other getUpdates request" in record.getMessage()


def test_a_flood_wait_the_limiter_gave_up_on_is_a_warning_in_one_line() -> None:
    """An operations review: a 24-second 429 storm logged six ERROR records of PTB's
    AIORateLimiter with full tracebacks, though the bot waited and nobody was missed."""
    import logging
    import sys

    from telegram.error import RetryAfter

    from bot.config import _NetworkRetriesInOneLine

    try:
        raise RetryAfter(3)
    except RetryAfter:
        record = logging.LogRecord(
            "telegram.ext.AIORateLimiter",
            logging.ERROR,
            __file__,
            1,
            "Rate limit hit after maximum of %d retries",
            (3,),
            sys.exc_info(),
        )
    assert _NetworkRetriesInOneLine().filter(record)
    assert record.exc_info is None and record.levelname == "WARNING"
    assert record.getMessage().startswith("Rate limit hit after maximum of 3 retries (")
    assert record.getMessage().endswith("goes again; a reply at that moment is lost")


ROOT = Path(__file__).resolve().parent.parent


def test_env_example_names_every_variable_and_its_defaults_are_the_defaults() -> None:
    """.env.example is what an operator copies to .env: it must list every variable the bot
    reads (and the README's table), and its uncommented defaults must load as the defaults."""
    import re

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    read = set(re.findall(r'get\("(BOT_[A-Z_]+)"\)', (ROOT / "bot/config.py").read_text()))
    listed = set(re.findall(r"^#?(BOT_[A-Z_]+)=", example, re.MULTILINE))
    readme = set(re.findall(r"^\| `(BOT_[A-Z_]+)` \|", (ROOT / "README.md").read_text(), re.M))
    assert len(read) >= 8
    assert listed == read
    assert readme == read
    # every commented value is the default (uncommenting one changes nothing by itself)
    values = dict(re.findall(r"^#(BOT_[A-Z_]+)=(\S*)$", example, re.MULTILINE))
    values.pop("BOT_ADMINS")  # an example of the format, not a default
    assert load_settings(values, env_file=None) == load_settings({}, env_file=None)
    # as copied, it loads, and `run` asks for the token by name
    copied = ROOT / ".env.example"
    assert load_settings({}, env_file=copied) == load_settings({}, env_file=None)
    with pytest.raises(ConfigError, match="BOT_TOKEN: is not set"):
        load_settings({}, env_file=copied, require_token=True)


def test_version_is_the_installed_packages(capsys: pytest.CaptureFixture[str]) -> None:
    """`diaspora-bot --version` says what is deployed, from pyproject.toml (as installed)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    shown = capsys.readouterr().out.strip()
    assert shown.startswith(f"diaspora-bot {project['version']}")
    if (ROOT / ".git").exists():  # a checkout: which commit, as every checkout says 0.1.0
        import subprocess

        git = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        if git.returncode == 0:  # (git refuses a checkout another user owns)
            assert shown == f"diaspora-bot {project['version']} (commit {git.stdout.strip()})"


@pytest.mark.parametrize("kind", ["places", "holidays", "faq", "intents", "translations"])
def test_import_refuses_a_device_or_fifo_in_one_line(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An adversarial review: `import places /dev/zero` read until memory ran out (the 5 MB
    limit read the size of a device, 0)."""
    import os

    monkeypatch.chdir(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for special in ("/dev/zero", str(fifo)):
        assert main(["import", kind, special, "--check"]) == 2
        assert capsys.readouterr().err.strip() == (
            f"diaspora-bot: {special} is not a regular file or folder; give the file itself"
        )


def test_import_faq_of_a_folder_with_a_fifo_or_device_in_it_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A review: a FIFO (or a link to /dev/zero) among a folder's topics hung the import."""
    import os
    import shutil

    monkeypatch.chdir(tmp_path)
    topics = tmp_path / "topics"
    shutil.copytree(ROOT / "data" / "faq", topics, ignore=shutil.ignore_patterns("README*"))
    os.mkfifo(topics / "pipe.toml")
    (topics / "zero.toml").symlink_to("/dev/zero")
    assert main(["import", "faq", str(topics), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"{topics / 'pipe.toml'}: not a regular file" in err
    assert f"{topics / 'zero.toml'}: not a regular file" in err


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ('en = "State Flag Day"', 'en = "State "Flag" Day"', 'a " inside a text ends it early'),
        ('en = "State Flag Day"', "en = “State Flag Day”", 'plain " quotes, not “ ”'),
        ("day = 9\n", "day = 9/11\n", "month = 12 and day = 31"),
        ('en = "State Flag Day"', 'en = """State Flag Day', 'opened with """ is never closed'),
        # a review: the commonest slip, and a straight " beside curly ones inside a text
        ('en = "State Flag Day"', 'en = "State Flag Day', 'must end with " on the same line'),
        ('en = "State Flag Day"', 'en = "The “State” "Flag" Day"', 'a " inside a text ends it'),
    ],
)
def test_a_toml_slip_in_a_content_file_says_its_line_and_what_to_do(
    tmp_path: Path, old: str, new: str, hint: str
) -> None:
    """A content editor's review: a " inside a text gave only "Expected newline or end of
    document after a statement (at line 19, column 34)"."""
    from bot import holidays

    path = tmp_path / "holidays.toml"
    path.write_text((ROOT / "data/holidays.toml").read_text("utf-8").replace(old, new, 1), "utf-8")
    with pytest.raises(holidays.HolidayFileError) as raised:
        holidays.read(path)
    assert hint in str(raised.value)
    if "never closed" not in hint:  # the line the parser stopped at, as written
        assert f"the line: {new.strip()}" in str(raised.value)
