"""A person talks to the real Application through the Bot API stand-in."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import CommandHandler

from bot import reminders
from bot.clock import FakeClock
from bot.config import Settings
from bot.fakeapi import FakeBotAPI
from bot.simulator import Simulator, touched
from bot.store import Store, users
from tests.conftest import ADMIN_ID, in_reply_to_bot


@pytest.mark.parametrize(
    ("code", "greeting"),
    [("az", "Salam"), ("ru", "Здравствуйте"), ("en", "Hello"), ("de", "Hello"), (None, "Hello")],
)
async def test_start_greets_in_the_persons_language(
    sim: Simulator, code: str | None, greeting: str
) -> None:
    person = sim.person(101, code, first_name="Aysel")
    replies = await sim.send(person, "/start")
    assert len(replies) in (1, 2)  # 2: a new person is also asked once about reminders
    assert replies[0].text.startswith(f"{greeting}, Aysel")
    assert len(replies[0].keyboard) >= 3  # the main menu


@pytest.mark.parametrize(
    ("code", "note"),
    [
        ("tr", "Telegram-ınız türk dilindədir; mən o dildə yazmıram, ona görə azərbaycanca"),
        ("de-AT", "Your Telegram is in German, which I don't write, so I answer in English."),
        ("uk", "Ваш Telegram на другом языке (украинский), а я на нём не пишу"),
        ("ru", None),
        ("xx-YY", None),  # no language Babel knows: nothing to name
        (None, None),
        # a review: underscores, as the bot's own mapping reads them
        ("ru_RU", None),
        ("de_DE", "Your Telegram is in German, which I don't write, so I answer in English."),
        ("und", None),
    ],
)
async def test_start_says_why_another_language_and_how_to_change_it(
    sim: Simulator, code: str | None, note: str | None
) -> None:
    """A persona review: a Telegram in Turkish got Azerbaijani, in German English, with no
    word of why, nor of /language."""
    person = sim.person(104, code)
    (greeting, *_) = await sim.send(person, "/start")
    last = greeting.text.split("\n\n")[-1]
    if note is None:
        assert "/language" not in last
    else:
        assert last.startswith(note) and last.endswith("/language")
    # the first /start only: not at each "hi" (a review), nor after a language was chosen
    (again, *_) = await sim.send(person, "hi")
    assert "/language" not in again.text.split("\n\n")[-1]


async def test_start_after_choosing_a_language_gives_no_reason_for_it(sim: Simulator) -> None:
    person = sim.person(105, "de")
    await sim.send(person, "/language ru")
    (greeting, *_) = await sim.send(person, "/start")
    assert greeting.text.startswith("Здравствуйте") and "Telegram" not in greeting.text


async def test_help_lists_every_command_in_azerbaijani(sim: Simulator) -> None:
    person = sim.person(102, "az")
    (reply,) = await sim.send(person, "/help")
    for command in ("/start", "/help", "/language"):
        assert command in reply.text
    assert "dili dəyiş" in reply.text


async def test_menu_button_runs_its_command(sim: Simulator) -> None:
    person = sim.person(103, "ru")
    (reply,) = await sim.send(person, "ℹ️ Помощь")
    assert "/language — сменить язык" in reply.text


async def test_language_choice_persists_across_a_restart(
    settings: Settings, clock: FakeClock
) -> None:
    async with Simulator.running(settings, clock=clock) as sim:
        person = sim.person(104, "en")
        (picker,) = await sim.send(person, "/language")
        replies = await sim.press(person, picker, "Русский")
        assert replies[0].text == "✅ Язык: русский."
    async with Simulator.running(settings, clock=clock) as sim:
        reply, *_question = await sim.send(sim.person(104, "en"), "/start")  # + reminders?
        assert reply.text.startswith("Здравствуйте")


async def test_choosing_the_same_language_again_sends_no_new_menu(sim: Simulator) -> None:
    person = sim.person(107, "en")
    (picker,) = await sim.send(person, "/language")
    changed = await sim.press(person, picker, "Azərbaycanca")
    assert [m.text for m in changed] == ["✅ Dil: Azərbaycanca.", "Menyu yeniləndi."]
    (picker,) = await sim.send(person, "/language")
    again = await sim.press(person, picker, "Azərbaycanca")
    assert [m.text for m in again] == [changed[0].text]  # the picker edited, nothing sent


@pytest.mark.parametrize(
    ("argument", "reply"),
    [
        ("az", "✅ Dil: Azərbaycanca."),
        ("русский", "✅ Язык: русский."),
        ("English", None),
        # a review: told "I answer only in Azerbaijani, English and Russian"
        ("по-русски", "✅ Язык: русский."),
        ("🇦🇿", "✅ Dil: Azərbaycanca."),
    ],
)
async def test_a_language_named_after_the_command_is_set_at_once(
    sim: Simulator, argument: str, reply: str | None
) -> None:
    """A review: "/language az" showed the buttons."""
    person = sim.person(108, "en")
    (answer,) = await sim.send(person, f"/language {argument}")
    assert answer.text == (reply or "✅ Language: English.")
    assert answer.keyboard if reply else not answer.keyboard  # a new menu only if it changed
    profile = await users.get(sim.store, 108)
    expected = {"az": "az", "🇦🇿": "az", "русский": "ru", "по-русски": "ru"}.get(argument, "en")
    assert profile is not None and profile.language == expected
    (picker,) = await sim.send(person, "/language klingon")  # not a language: the buttons
    assert len(picker.inline_buttons) == 3
    # ... and that it is not one of them (a persona review: "/language de" said nothing)
    said = {"az": "Yalnız", "🇦🇿": "Yalnız", "русский": "Я отвечаю", "по-русски": "Я отвечаю"}.get(
        argument, "I can answer"
    )
    assert picker.text.startswith(said)


async def test_stale_or_forged_button_gets_a_polite_answer(sim: Simulator) -> None:
    person = sim.person(105, "en")
    (picker,) = await sim.send(person, "/language")
    await sim.press_data(person, picker, "lang:xx")
    assert sim.alert() == "This button is no longer valid. Please send /start again."
    await sim.press_data(person, picker, "zz:old:1")
    assert sim.alert() == "This button is no longer valid. Please send /start again."


async def test_unknown_command_and_sticker_get_an_answer(sim: Simulator) -> None:
    person = sim.person(106, "az")
    (reply,) = await sim.send(person, "/weather")
    assert "/help" in reply.text
    raw = sim.text_update(person, "x")
    del raw["message"]["text"]
    raw["message"]["sticker"] = {
        "file_id": "s",
        "file_unique_id": "s",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    await sim.feed(raw)
    assert "/help" in sim.api.last(106).text


PHOTO = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]


def media(sim: Simulator, person: Any, **fields: Any) -> dict[str, Any]:
    """A private message of ``person`` with ``fields`` (a photo, a voice…) instead of text."""
    raw = sim.text_update(person, "x")
    del raw["message"]["text"]
    raw["message"].update(fields)
    return raw


async def send_album(sim: Simulator, person: Any, group: str, caption: str) -> list[list[Any]]:
    """What the bot said in reply to each of two photos sent as one album, the first captioned."""
    items = [
        media(sim, person, photo=PHOTO, media_group_id=group, caption=caption),
        media(sim, person, photo=PHOTO, media_group_id=group),
    ]
    return [touched(sim.api, person.id, await sim.feed(item)) for item in items]


async def test_a_shared_phone_number_is_not_kept_and_said_so(sim: Simulator) -> None:
    """A privacy-minded persona shared her contact: "I didn't understand that", no word on
    whether the bot kept the number."""
    person = sim.person(108, "en")
    contact = {"phone_number": "+491701234567", "first_name": "Aynur", "user_id": 108}
    (said,) = touched(sim.api, 108, await sim.feed(media(sim, person, contact=contact)))
    assert said.text.startswith("I don't need a phone number, and I haven't kept it.")
    dump = ""  # every row of every table, as text
    for table in await sim.store.fetchall("SELECT name FROM sqlite_master WHERE type='table'"):
        rows = await sim.store.fetchall(f'SELECT * FROM "{table["name"]}"')
        dump += "".join(str(tuple(r)) for r in rows)
    assert "1701234567" not in dump


async def test_media_get_an_answer_that_says_what_the_bot_reads(sim: Simulator) -> None:
    """A review: a question in a photo's caption, a voice message, an album of four photos
    each got "I didn't understand that. I understand text questions…" (four times)."""
    person = sim.person(109, "en")
    asked = await sim.feed(media(sim, person, photo=PHOTO, caption="When is Solidarity Day?"))
    (card,) = touched(sim.api, 109, asked)
    assert card.text.startswith("<b>Solidarity Day (31 December)</b>")
    voice = {"file_id": "v", "file_unique_id": "v", "duration": 3}
    (said,) = touched(sim.api, 109, await sim.feed(media(sim, person, voice=voice)))
    assert said.text.startswith("I can't listen to voice or video messages.")
    album = [media(sim, person, photo=PHOTO, media_group_id="a1") for _ in range(4)]
    answers = [touched(sim.api, 109, await sim.feed(item)) for item in album]
    assert [len(a) for a in answers] == [1, 0, 0, 0]
    assert answers[0][0].text.startswith("I can't see pictures, videos or files")
    chatter = await sim.feed(media(sim, person, photo=PHOTO, caption="my cat 🐱"))
    (said,) = touched(sim.api, 109, chatter)  # a caption that is no question: what it reads
    assert said.text.startswith("I can't see pictures")
    # a re-review: a greeting picture got the Flag Day card, "/start" the diaspora policy
    wish = await sim.feed(media(sim, person, photo=PHOTO, caption="Happy Flag Day! 🇦🇿"))
    (said,) = touched(sim.api, 109, wish)
    assert said.text == "🇦🇿 Thank you, and happy holiday to you too!"
    # a re-review: the caption's answer, then "only text" for the next photo
    answers = await send_album(sim, person, "a2", "When is Flag Day?")
    assert [len(a) for a in answers] == [1, 0]
    assert answers[0][0].text.startswith("<b>State Flag Day")
    command = await sim.feed(media(sim, person, photo=PHOTO, caption="/start"))
    (said,) = touched(sim.api, 109, command)
    assert said.text.startswith("I can't see pictures")
    # a review: an album whose caption is not understood got no reply at all
    answers = await send_album(sim, person, "a3", "my cats 🐱")
    assert [len(a) for a in answers] == [1, 0]
    assert answers[0][0].text.startswith("I can't see pictures")
    # a third review: "Привет" under a photo was told "only text"
    hello = await sim.feed(media(sim, person, photo=PHOTO, caption="Hello!"))
    said, *_asked = touched(sim.api, 109, hello)
    assert said.text.startswith("Hello, Test! 👋")


async def test_a_broken_handler_gives_an_error_message_not_silence(
    settings: Settings, api: FakeBotAPI, clock: FakeClock
) -> None:
    async def broken(update: object, context: object) -> None:
        raise RuntimeError("boom")

    async with Simulator.running(settings, api=api, clock=clock) as sim:
        sim.app.add_handler(CommandHandler("boom", broken), group=-1)
        replies = await sim.send(sim.person(107, "ru"), "/boom")
        texts = [r.text for r in replies]
        assert "Извините, что-то пошло не так. Попробуйте ещё раз чуть позже." in texts


async def test_offline_chat_answers_start_and_help(settings: Settings) -> None:
    import io

    from bot.chat import chat
    from bot.simulator import Person

    lines = iter(["/start", "/help", "/language", "3", "/location 40.4 49.8", "/quit"])
    out = io.StringIO()
    await chat(settings, person=Person(1, "az"), read_line=lambda: next(lines), out=out)
    text = out.getvalue()
    assert "Salam" in text
    assert "/language — dili dəyiş" in text
    assert "[3] 🇷🇺 Русский" in text
    assert "✅ Язык: русский." in text


async def test_offline_chat_answers_a_long_piped_script(settings: Settings) -> None:
    """Flood protection is for Telegram: 30 lines piped into chat all get their answer."""
    import io

    from bot.chat import chat
    from bot.simulator import Person

    lines = iter(["/help"] * 30 + ["/quit"])
    out = io.StringIO()
    await chat(settings, person=Person(1, "en"), read_line=lambda: next(lines), out=out)
    assert out.getvalue().count("/language — change the language") == 30


async def test_store_file_is_the_configured_one(sim: Simulator, db_path: Path) -> None:
    await sim.send(sim.person(108, "az"), "/start")
    assert db_path.exists()


def test_offline_chat_never_opens_the_bots_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chat runs the scheduler and the broadcast sender too: on the real database it would
    'send' real people's due reminders into the terminal, and they would never get them."""
    from bot.cli import main

    real = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("BOT_DB", str(real))
    monkeypatch.chdir(tmp_path)

    def end_of_input(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", end_of_input)
    assert main(["chat", "--db", str(real)]) == 2  # refused, nothing opened
    assert not real.exists()
    assert main(["chat"]) == 0
    assert not real.exists()
    assert (tmp_path / "diaspora-chat.sqlite3").exists()  # its own file, kept between chats


def test_a_database_that_cannot_be_written_is_one_line_and_nothing_left_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A read-only file (chattr +i, a read-only mount) fails at the first write of start-up.
    The store opened before it must be closed: its thread would keep the process alive."""
    import sqlite3
    import threading

    from bot import holidays
    from bot.cli import main

    async def read_only(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(holidays, "load_at_start", read_only)
    monkeypatch.setattr("builtins.input", lambda prompt="": "/quit")
    before = set(threading.enumerate())
    assert main(["chat", "--db", str(tmp_path / "chat.sqlite3")]) == 1
    assert "at start-up: attempt to write a readonly database" in capsys.readouterr().err
    started = [t for t in threading.enumerate() if t not in before]
    for thread in started:  # a closed connection's thread ends within moments
        thread.join(timeout=5)
    assert [t for t in started if t.is_alive()] == []


@pytest.mark.parametrize("broken", ["places", "holidays"])
def test_a_broken_content_file_on_a_fresh_deployment_stops_start_up(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    broken: str,
) -> None:
    """An operator review: one bad row of places.csv (or a slip in holidays.toml) before the
    first start, and the bot ran with no places (no holidays, and "✅ Subscribed. On — I
    will send…"), with one log line to say so. With nothing stored it now stops, exit 2,
    naming the file and the line; with content stored the old content is kept (as before)."""
    import shutil

    from bot import DATA_DIR, holidays
    from bot.cli import main

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    if broken == "places":
        text = (data / "places.csv").read_text(encoding="utf-8")
        (data / "places.csv").write_text(text.replace("52.5244,13.4105", "13.4105,52.5244"))
        monkeypatch.setattr("bot.app.DATA_DIR", data)
    else:
        text = (data / "holidays.toml").read_text(encoding="utf-8")
        (data / "holidays.toml").write_text(text.replace("month = 11", 'month = "11"', 1))
        real = holidays.load_at_start

        async def from_copy(store: Store, path: Path = data / "holidays.toml") -> None:
            await real(store, path)

        monkeypatch.setattr(holidays, "load_at_start", from_copy)
    monkeypatch.setattr("builtins.input", lambda prompt="": "/quit")
    assert main(["chat", "--db", str(tmp_path / "fresh.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("diaspora-bot: content error: ") and err.count("\n") == 1
    assert ("line 2: lat,lon 13.4105,52.5244" if broken == "places" else "month") in err
    assert "Traceback" not in err


async def test_a_missing_data_folder_is_an_error_in_the_log(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    """An install without its content files (a copy of bot/ alone): say so, do not run quietly
    empty."""
    import logging

    monkeypatch.setattr("bot.app.DATA_DIR", tmp_path / "site-packages" / "data")
    caplog.set_level(logging.INFO)
    async with Simulator.running(settings) as sim:
        assert await sim.send(sim.person(1, "en"), "/help")  # still answers
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any("no data folder at" in e and "pip install -e ." in e for e in errors)


async def test_a_stop_during_start_up_ends_start_up_before_the_store_closes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM while post_init loads the data files: PTB's run_polling then shuts down with
    post_init's task still running; it used to fail later on the closed store ("Task
    exception was never retrieved")."""
    import asyncio

    from bot.app import build_application, runtime_of

    loading = asyncio.Event()

    async def slow_load(*args: object) -> None:
        loading.set()
        await asyncio.Event().wait()  # the gazetteer's first load takes a second or so

    monkeypatch.setattr("bot.app.load_data", slow_load)
    app = build_application(settings, request=FakeBotAPI())
    await app.initialize()
    assert app.post_init is not None and app.post_shutdown is not None
    starting = asyncio.create_task(app.post_init(app))
    await loading.wait()
    await app.shutdown()  # what run_polling's finally does after the signal
    await app.post_shutdown(app)
    assert starting.cancelled()
    assert runtime_of(app).store is None


async def test_a_broken_gazetteer_does_not_keep_the_places_file_out(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import app, gazetteer, places

    async def broken(*args: object) -> bool:
        raise gazetteer.GazetteerError("cities.tsv.gz: UNIQUE constraint failed")

    loaded: list[object] = []

    async def places_load(*args: object) -> bool:
        loaded.append(args[1])
        return True

    monkeypatch.setattr(gazetteer, "load", broken)
    monkeypatch.setattr(places, "load", places_load)
    store = await Store.open(db_path)
    try:
        await app.load_data(store, FakeClock(datetime(2026, 12, 1, tzinfo=UTC)))
    finally:
        await store.close()
    assert len(loaded) == 1


@pytest.mark.parametrize(
    ("environment", "args", "greeting"),
    [
        ({"LANG": "ru_RU.UTF-8"}, [], "Здравствуйте"),
        ({"LANG": "C.UTF-8"}, [], "Hello"),
        ({"LANG": "ru_RU.UTF-8"}, ["--lang", "az"], "Salam"),
    ],
)
def test_offline_chat_speaks_the_terminals_language_unless_told(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: dict[str, str],
    args: list[str],
    greeting: str,
) -> None:
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    lines = iter(["/start", "/quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    assert main(["chat", *args]) == 0
    assert f"🤖 {greeting}, You!" in capsys.readouterr().out


def test_chat_lang_wins_over_the_language_kept_from_an_earlier_chat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Someone who had chatted before got 'Hello, You!' with --lang az: the stored language
    won over the one asked for."""
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    lines: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt="": lines.pop(0))
    for args, greeting in (([], "Hello"), (["--lang", "az"], "Salam"), ([], "Salam")):
        lines[:] = ["/start", "/quit"]
        assert main(["chat", *args]) == 0
        assert f"🤖 {greeting}, You!" in capsys.readouterr().out, args


async def test_an_announcement_to_yourself_shows_in_the_chat(settings: Settings) -> None:
    """An admin trying /broadcast in the terminal never saw the announcement arrive: it is
    sent after the answer to the last line, while the chat waits for the next one."""
    import io
    import time

    from bot.chat import chat
    from bot.simulator import Person

    out = io.StringIO()
    script = ["/subscribe", "/broadcast", "Dear compatriots, a concert on Friday", "6"]

    def read_line() -> str:
        if script:
            return script.pop(0)
        deadline = time.monotonic() + 10  # the sender delivers it meanwhile
        while "Delivered: 1" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        return "/quit"

    await chat(settings, person=Person(ADMIN_ID, "en"), read_line=read_line, out=out)
    text = out.getvalue()
    sending = text.index("📤 Sending the announcement. Recipients: 1.")
    after = text[sending:]
    assert "🤖 Dear compatriots, a concert on Friday" in after  # delivered, not the preview
    assert "✅ Announcement #1 is sent" in after


async def test_command_menus_are_published_in_each_language_admins_too(
    sim: Simulator, api: FakeBotAPI
) -> None:
    """Everyone's menu and the admins' menu in az, en (the default) and ru: the admin menu was
    English only."""
    menus: dict[tuple[str, str], dict[str, str]] = {}
    for call in api.calls:
        if call.method == "setMyCommands":
            whose = "admin" if call.params["scope"].get("chat_id") == ADMIN_ID else "everyone"
            lang = call.params.get("language_code") or "en"
            menus[(whose, lang)] = {c["command"]: c["description"] for c in call.params["commands"]}
    assert sorted(menus) == [
        (w, lang) for w in ("admin", "everyone") for lang in ("az", "en", "ru")
    ]
    for lang in ("az", "en", "ru"):
        assert (
            "broadcast" in menus[("admin", lang)] and "broadcast" not in menus[("everyone", lang)]
        )
        assert menus[("admin", lang)]["help"] == menus[("everyone", lang)]["help"]
    assert menus[("admin", "az")]["help"] != menus[("admin", "ru")]["help"]


@pytest.mark.parametrize(
    ("lang", "text", "day"),
    [
        ("az", "1 dekabr ne bayramidir", "1 dekabr"),
        ("az", "31 avqust ne gunudur", "31 avqust"),
        ("az", "10 noyabr ne gunudur", "10 noyabr"),
        ("ru", "что празднуют 1 декабря", "1 декабря"),
        ("en", "what is december 30", "30 December"),
        ("en", "what is celebrated on 8 november", "8 November"),
    ],
)
async def test_a_day_no_topic_mentions_gets_the_holidays_not_one_of_their_cards(
    sim: Simulator, lang: str, text: str, day: str
) -> None:
    """A user-journey review: "31 avqust nə günüdür", "what is december 30" got Solidarity
    Day's card with its countdown, as if 31 December were the answer."""
    (reply,) = await sim.send(sim.person(330, lang), text)
    assert day in reply.text.splitlines()[0]
    assert not reply.text.startswith("<b>") and "⏳" not in reply.text
    labels = [b["text"] for b in reply.inline_buttons]
    assert any("31" in label for label in labels) and any("9" in label for label in labels)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("31 dekabra nə qədər qalıb", "<b>Həmrəylik Günü (31 dekabr)</b>"),
        ("16 dekabr 1991-ci ildə nə olub", "<b>Həmrəylik Günü (31 dekabr)</b>"),  # its decision
        ("Həmrəylik günü İyun 5?", "<b>Həmrəylik Günü (31 dekabr)</b>"),  # was a crash
        # a review: a day in passing took the answer away
        ("Zəfərin 5 illiyi 8 noyabrda xaricdə necə qeyd olundu?", "<b>Zəfərin 5 illiyi"),
        ("sen 9 noyabrda bayraq gününü necə qeyd edirsən?", "<b>Dövlət Bayrağı Günü"),
        ("9 noyabr", "<b>Dövlət Bayrağı Günü (9 noyabr)</b>"),
        ("dekabrın 31-i hansı bayramdır", "<b>Həmrəylik Günü (31 dekabr)</b>"),
    ],
)
async def test_a_day_the_card_mentions_gets_the_card(sim: Simulator, text: str, title: str) -> None:
    (reply,) = await sim.send(sim.person(331, "az"), text)
    assert reply.text.startswith(title)


async def test_the_reminders_card_says_when_this_persons_reminders_come(sim: Simulator) -> None:
    """A user-journey review: after /subscribe 19 and /timezone London, "what time will I
    get the reminder" was told "at 10:00 your time" (the card's text) and nothing else."""
    person = sim.person(332, "en")
    await sim.send(person, "/subscribe 19")
    await sim.send(person, "/timezone London")
    (card,) = await sim.send(person, "what time will I get the reminder")
    assert card.text.startswith("<b>How holiday reminders work</b>")
    assert card.text.endswith("🔔 Yours come on the day at 19:00 (London). To change: /settings")
    (more,) = await sim.press(person, card, "More")
    assert "19:00 (London)" in more.text
    await sim.send(person, "/unsubscribe")
    (card,) = await sim.send(person, "what time will I get the reminder")
    assert card.text.endswith("🔕 You get no holiday reminders now. To turn them on: /subscribe")
    # in a group, a reply to the bot: nobody's settings shown to everyone
    group = {"id": -100332, "type": "supergroup", "title": "Diaspora"}
    raw = in_reply_to_bot(sim.text_update(person, "when do reminders come?", chat=group))
    (answer,) = touched(sim.api, group["id"], await sim.feed(raw))
    assert answer.text.startswith("<b>How holiday reminders work</b>")
    assert "🔕" not in answer.text and "🔔" not in answer.text
    assert "🔔 Subscribe to reminders" not in [b["text"] for b in answer.inline_buttons]


async def test_the_reminders_card_subscribes_someone_not_subscribed(sim: Simulator) -> None:
    """A persona review: the card said "To turn them on: /subscribe" with no button, and the
    "yes" typed after it got the list of what the bot does; nobody was subscribed."""
    person = sim.person(333, "en")
    (card,) = await sim.send(person, "how do reminders work")
    (done,) = await sim.press(person, card, "🔔 Subscribe to reminders")
    assert done.text.startswith("✅ Subscribed.")
    (card,) = await sim.send(person, "how do reminders work")  # subscribed: no button now
    assert "🔔 Subscribe to reminders" not in [b["text"] for b in card.inline_buttons]
    other = sim.person(334, "ru")
    for said in ("ок", "хорошо, понятно"):  # a word back, no yes (a review: these subscribed)
        await sim.send(other, "как работают напоминания?")
        await sim.send(other, said)
        view = await reminders.settings_of(sim.store, 334, "ru")
        assert view is None or not view.any_holiday, said
    await sim.send(other, "как работают напоминания?")
    (declined,) = await sim.send(other, "нет")  # a no is answered as /start's (a review)
    assert declined.text.startswith("Хорошо, напоминаний не будет.")
    one = sim.person(335, "en")
    await sim.send(one, "how do reminders work")
    await sim.send(one, "yes, just flag day")  # that one only, as after /start's question
    just = await reminders.settings_of(sim.store, 335, "en")
    assert just is not None and [h.id for h in just.holidays if h.subscribed] == ["flag_day"]
    await sim.send(other, "как работают напоминания?")
    (typed,) = await sim.send(other, "да")
    assert typed.text.startswith("✅ Подписка оформлена.")
    stored = await reminders.settings_of(sim.store, 334, "ru")
    assert stored is not None and stored.any_holiday


@pytest.mark.parametrize(
    ("lang", "text", "title"),
    [
        # a user-journey review: the Flag Day card, and "How holiday reminders work"
        ("ru", "как отмечают день солидарности за границей?", "День солидарности (31 декабря)"),
        ("az", "mekteb hansi gunler isleyir", "Həftəsonu Azərbaycan məktəbləri"),
    ],
)
async def test_questions_a_review_found_answered_by_the_wrong_card(
    sim: Simulator, lang: str, text: str, title: str
) -> None:
    (reply,) = await sim.send(sim.person(333, lang), text)
    assert reply.text.startswith(f"<b>{title}</b>")


@pytest.mark.parametrize(
    ("lang", "text", "yours"),
    [
        ("en", "so I get it at 10 am right?", "🔔 Yours come on the day at 10:00 (Los Angeles)."),
        ("en", "am I subscribed", "✅ You are subscribed already: "),
        ("ru", "подписан ли я", "🔔 Ваши напоминания приходят в день праздника в 10:00 (Лос-"),
        ("ru", "в 10 утра придет напоминание?", "в 10:00 (Лос-Анджелес)."),
        ("az", "saat 10da gelecek?", "10:00 (Los-Anceles)"),
    ],
)
async def test_asking_whether_a_reminder_comes_shows_ones_own(
    sim: Simulator, lang: str, text: str, yours: str
) -> None:
    """A persona review: "will I get it at 10am?" after subscribing was "not understood"."""
    person = sim.person(335, lang)
    await sim.send(person, "/subscribe")
    await sim.send(person, "/timezone Los Angeles")
    (card,) = await sim.send(person, text)
    assert yours in card.text.splitlines()[-1]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("I subscribed on 5 December, when will I get the reminder?", "How holiday reminders work"),
        ("Does the Azerbaijani weekend school open on 1 September?", "Azerbaijani weekend schools"),
        ("Is Solidarity Day on 30 December or 31?", "Solidarity Day (31 December)"),
        ("Can I change the reminder time to 8 maybe?", "How holiday reminders work"),
    ],
)
async def test_a_day_said_in_passing_keeps_the_answer(
    sim: Simulator, text: str, title: str
) -> None:
    """A review of the first day check: any day in a question took its card away."""
    (reply,) = await sim.send(sim.person(334, "en"), text)
    assert reply.text.startswith(f"<b>{title}</b>")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Государственный праздник 10 ноября?"),  # the State Committee's title has it too
        ("ru", "Что было 5 декабря 2025?"),  # not the 2025 events' card
        ("en", "What was on 5 December 2025?"),
    ],
)
async def test_a_day_no_topic_has_is_said_so_with_a_year_or_a_shared_word(
    sim: Simulator, lang: str, text: str
) -> None:
    (reply,) = await sim.send(sim.person(335, lang), text)
    first = reply.text.splitlines()[0]
    assert any(day in first for day in ("5 December", "5 декабря", "10 ноября")), first
    assert not reply.text.startswith("<b>")


@pytest.mark.parametrize(
    ("lang", "text", "title"),
    [
        # a user-journey review: Flag Day's card, 343 days away, with Solidarity Day in 30
        ("az", "bayrama neçə gün qalıb", "Həmrəylik Günü (31 dekabr)"),
        ("ru", "сколько дней до праздника", "День солидарности (31 декабря)"),
        ("en", "how many days until the holiday", "Solidarity Day (31 December)"),  # no topic
        # a holiday named keeps its own card
        ("az", "Bayraq gününə neçə gün qalıb", "Dövlət Bayrağı Günü (9 noyabr)"),
        ("ru", "сколько дней до дня флага", "День Государственного флага (9 ноября)"),
        # "of our flag": bayraq + -ımızın, with q softened (it counted to Solidarity Day)
        ("az", "bayrağımızın gününə neçə gün qalıb", "Dövlət Bayrağı Günü (9 noyabr)"),
    ],
)
async def test_days_to_the_holiday_not_named_are_to_the_next_one(
    sim: Simulator, clock: FakeClock, lang: str, text: str, title: str
) -> None:
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    (reply,) = await sim.send(sim.person(336, lang), text)
    assert reply.text.startswith(f"<b>{title}</b>")
    days = "30" if "31" in title else "343"
    assert days in reply.text.splitlines()[-1]


@pytest.mark.parametrize(
    ("lang", "text", "title"),
    [
        # a re-review: the day named is the holiday asked about, not the next one (Flag Day, 4
        # days away on 5 November)
        ("en", "how many days until 31 December", "Solidarity Day (31 December)"),
        ("ru", "сколько дней осталось до 31 декабря", "День солидарности (31 декабря)"),
    ],
)
async def test_days_to_a_day_named_are_to_that_day(
    sim: Simulator, clock: FakeClock, lang: str, text: str, title: str
) -> None:
    clock.set(datetime(2026, 11, 5, 9, 0, tzinfo=UTC))
    (reply,) = await sim.send(sim.person(337, lang), text)
    assert reply.text.startswith(f"<b>{title}</b>")


async def test_days_to_a_holiday_the_bot_does_not_know_are_not_ours(sim: Simulator) -> None:
    """A re-review: "how many days is the Novruz holiday" got Solidarity Day's countdown."""
    (reply,) = await sim.send(sim.person(338, "en"), "how many days is the Novruz holiday")
    assert not reply.text.startswith("<b>")
