"""Groups, blocking, flood protection, logs, backup and check."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.clock import FakeClock
from bot.fakeapi import BOT_USER, BOT_USERNAME, ChatMessage, chat_id_of
from bot.i18n import gettext
from bot.simulator import Simulator, touched
from bot.store import migrations, users
from tests.conftest import ADMIN_ID, database_at, in_reply_to_bot

GROUP = {"id": -100200300, "type": "supergroup", "title": "Diaspora Berlin"}


def _until(status: str) -> dict[str, int]:
    return {"until_date": 0} if status == "kicked" else {}


def member_update(sim: Simulator, user_id: int, old: str, new: str) -> dict[str, Any]:
    person = sim.person(user_id).as_user()
    bot = {"id": 1, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME}
    return {
        "update_id": 9000 + user_id,
        "my_chat_member": {
            "chat": {"id": user_id, "type": "private", "first_name": "X"},
            "from": person,
            "date": 0,
            "old_chat_member": {"status": old, "user": bot, **_until(old)},
            "new_chat_member": {
                "status": new,
                "user": bot,
                **_until(new),
            },
        },
    }


async def test_blocking_marks_inactive_at_once_and_start_reactivates(sim: Simulator) -> None:
    person = sim.person(301, "az")
    await sim.send(person, "/start")
    await sim.feed(member_update(sim, 301, "member", "kicked"))
    stored = await users.get(sim.store, 301)
    assert stored is not None and not stored.active
    await sim.feed(member_update(sim, 301, "kicked", "member"))
    await users.set_active(sim.store, 301, False)  # unblocked but not yet back
    (reply,) = await sim.send(person, "/start")
    assert reply.text.startswith("Salam")
    stored = await users.get(sim.store, 301)
    assert stored is not None and stored.active


async def test_group_chatter_is_ignored_but_addressed_commands_are_answered(
    sim: Simulator,
) -> None:
    person = sim.person(302, "en")
    calls = await sim.feed(sim.text_update(person, "hello everyone", chat=GROUP))
    assert calls == []
    calls = await sim.feed(sim.text_update(person, "/help@other_bot", chat=GROUP))
    assert calls == []
    calls = await sim.feed(sim.text_update(person, f"/help@{BOT_USERNAME}", chat=GROUP))
    assert [c.method for c in calls] == ["sendMessage"]
    assert "/language" in calls[0].params["text"]
    # nothing about a group member is stored just because they spoke in a group
    assert await users.get(sim.store, 302) is None


async def test_personal_and_admin_commands_in_a_group_point_to_a_private_chat(
    sim: Simulator,
) -> None:
    """/mydata in a group posted the person's stored data to everyone; /forget's and
    /language's buttons could be pressed by anybody there."""
    person = sim.person(320, "az")
    await sim.send(person, "/start")
    await sim.send(person, "/subscribe")
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/start")
    sent = [(person, c) for c in ("/mydata", "/forget", "/language", "/settings", "/timezone")]
    sent += [(admin, c) for c in ("/stats", f"/broadcast@{BOT_USERNAME}", "/broadcasts")]
    for who, command in sent:
        calls = await sim.feed(sim.text_update(who, command, chat=GROUP))
        (answer,) = [c for c in calls if c.method == "sendMessage"]
        text, markup = answer.params["text"], answer.params["reply_markup"]
        name = command.partition("@")[0]
        expected = "only in a private chat" if who is admin else "yalnız mənimlə şəxsi söhbətdə"
        assert text.startswith(name) and expected in text, (command, text)
        (button,) = [b for row in markup["inline_keyboard"] for b in row]
        assert button["url"] == f"https://t.me/{BOT_USERNAME}"
        assert "320" not in text and "Telegram ID" not in text
    assert await users.get(sim.store, 320) is not None  # nothing was forgotten or changed


async def test_an_admin_command_from_a_non_admin_in_a_group_is_refused_as_in_private(
    sim: Simulator,
) -> None:
    """ "/stats works only in a private chat with me" sent them to a chat that refuses it."""
    person = sim.person(324, "en")
    for command in ("/stats", f"/broadcast@{BOT_USERNAME}"):
        calls = await sim.feed(sim.text_update(person, command, chat=GROUP))
        (answer,) = [c for c in calls if c.method == "sendMessage"]
        assert "only for the community's admins" in answer.params["text"], command


async def test_someone_elses_forget_or_language_button_in_a_group_changes_nobody(
    sim: Simulator,
) -> None:
    """A group member pressed "Yes, delete" under another's /forget and lost their own data."""
    presser = sim.person(321, "ru")
    await sim.send(presser, "/start")
    prompt = ChatMessage(GROUP["id"], 77, "?", None, "sendMessage", {})
    for data in ("fg:yes", "lang:en"):
        raw = sim.callback_update(presser, prompt, data)
        raw["callback_query"]["message"]["chat"] = GROUP
        (answer,) = [c for c in await sim.feed(raw) if c.method == "answerCallbackQuery"]
        assert "личные" in answer.params["text"]
    stored = await users.get(sim.store, 321)
    assert stored is not None and stored.language == "ru"


async def test_start_in_a_group_shows_no_menu_keyboard_to_everyone(sim: Simulator) -> None:
    calls = await sim.feed(sim.text_update(sim.person(322, "en"), "/start", chat=GROUP))
    (answer,) = [c for c in calls if c.method == "sendMessage"]
    assert "reply to my message" in answer.params["text"]
    assert answer.params.get("reply_markup") is None
    assert "menu below" not in answer.params["text"]


async def test_a_reply_to_the_bot_in_a_group_is_answered_as_a_question(sim: Simulator) -> None:
    person = sim.person(323, "en")
    (help_sent,) = await sim.feed(sim.text_update(person, "/help", chat=GROUP))
    asked = sim.text_update(person, "When is Solidarity Day?", chat=GROUP)
    calls = await sim.feed(in_reply_to_bot(asked, help_sent.message_id or 0, "help"))
    (answer,) = [c for c in calls if c.method == "sendMessage"]
    assert chat_id_of(answer.params) == GROUP["id"] and "31 December" in answer.params["text"]
    # nothing understood: people talking in the group, no answer (it was one "all topics"
    # button; under an announcement every "👍" drew one)
    chatter = sim.text_update(person, "we will see, mate", chat=GROUP)
    assert await sim.feed(in_reply_to_bot(chatter, help_sent.message_id or 0, "help")) == []
    # a reply to another member is chatter, as before
    other = sim.text_update(person, "When is Solidarity Day?", chat=GROUP)
    other["message"]["reply_to_message"] = {**other["message"], "message_id": 5}
    assert await sim.feed(other) == []


async def test_flood_gets_one_warning_and_others_are_not_slowed(
    sim: Simulator, clock: FakeClock
) -> None:
    flooder, other = sim.person(303, "en"), sim.person(304, "ru")
    for _ in range(500):
        await sim.send(flooder, "spam")
    texts = [m.text for m in sim.api.chat(303)]
    assert (
        texts.count("You are sending messages too fast. Please wait a little and try again. 🙏")
        == 1
    )
    assert len(texts) == 21  # 20 answers within the limit, then one warning, then silence
    (reply,) = await sim.send(other, "/help")
    assert "/language" in reply.text
    clock.advance(timedelta(minutes=1))  # the cool-down ends
    assert await sim.send(flooder, "/help")


async def test_a_flooder_costs_no_reading_of_russian_in_latin_letters(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A security review: each message of someone ignored by flood protection was still read
    for Russian typed in Latin letters first, about 10 ms each for long ones."""
    from handlers import gate

    read: list[str] = []
    real = gate._read_as_russian

    async def counted(message: Any, context: Any) -> str | None:
        read.append(message.text)
        return await real(message, context)

    monkeypatch.setattr(gate, "_read_as_russian", counted)
    flooder = sim.person(316, "ru")
    typed = "gde azerbaydzhanskiy dom v berline"
    for _ in range(21):  # 20 answered, then the warning
        await sim.send(flooder, typed)
    assert read.count(typed) == 21
    for _ in range(50):
        assert await sim.send(flooder, typed) == []
    assert read.count(typed) == 21  # not read while ignored


async def test_an_admin_at_work_is_not_slowed_down(sim: Simulator) -> None:
    """An operations review: about 20 broadcast steps in 10 s got the admin "too fast", and
    the next /broadcast was ignored for 30 s."""
    admin = sim.person(ADMIN_ID, "en")
    for _ in range(30):
        await sim.send(admin, "/help")
    texts = [m.text for m in sim.api.chat(ADMIN_ID)]
    assert len(texts) == 30 and not [t for t in texts if "too fast" in t]


async def test_typing_an_inline_query_does_not_silence_the_private_chat(
    sim: Simulator, clock: FakeClock
) -> None:
    """An adversarial review: 22 inline queries while typing "@bot when is solidarity day"
    tripped the message limit, and the next private question got no answer for 30 s."""
    person = sim.person(315, "en")
    typed = "when is solidarity day"
    for n in range(1, len(typed) + 1):
        answers = await sim.feed(sim.inline_update(person, typed[:n]))
        assert [c.method for c in answers] == ["answerInlineQuery"]
    (reply,) = await sim.send(person, "When is Solidarity Day?")
    assert "31 December" in reply.text
    # inline queries have a limit of their own, for someone who sends them without end
    answered = 0
    for _ in range(80):
        answered += len(await sim.feed(sim.inline_update(person, "flag")))
    assert 30 <= answered < 80
    (reply,) = await sim.send(person, "When is Flag Day?")  # still answered in the chat
    assert "9 November" in reply.text


async def test_a_button_pressed_during_the_cool_down_stops_spinning(sim: Simulator) -> None:
    """A review: a press dropped by flood protection got no answerCallbackQuery at all."""
    person = sim.person(313, "en")
    (picker,) = await sim.send(person, "/language")
    for _ in range(22):
        await sim.send(person, "spam")
    calls = await sim.feed(sim.callback_update(person, picker, "lang:az"))
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", None)]


async def test_a_card_shared_through_inline_mode_in_the_bots_chat_is_not_answered_again(
    sim: Simulator,
) -> None:
    person = sim.person(314, "en")
    await sim.send(person, "/start")
    shared = sim.text_update(person, "State Flag Day (9 November)\n\n9 November is …")
    shared["message"]["via_bot"] = BOT_USER
    assert await sim.feed(shared) == []


async def test_a_block_during_a_flood_is_not_lost(sim: Simulator) -> None:
    """my_chat_member came after the flood check, which dropped it: still active, then 403s."""
    person = sim.person(312, "en")
    for _ in range(25):
        await sim.send(person, "spam")
    await sim.feed(member_update(sim, 312, "member", "kicked"))
    stored = await users.get(sim.store, 312)
    assert stored is not None and not stored.active


async def test_posting_as_a_channel_or_anonymously_is_flood_limited_too(sim: Simulator) -> None:
    """Senders Telegram marks as bots (GroupAnonymousBot, Channel_Bot) skipped the limit."""
    person = sim.person(313, "en")
    (help_sent,) = await sim.feed(sim.text_update(person, "/help", chat=GROUP))
    answered = 0
    for _ in range(40):
        raw = sim.text_update(person, "When is Solidarity Day?", chat=GROUP)
        raw["message"]["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
        raw["message"]["sender_chat"] = GROUP
        answered += len(await sim.feed(in_reply_to_bot(raw, help_sent.message_id or 0, "help")))
    assert answered == 20  # the limit, as for a person; then silence (was all 40)


async def test_the_slow_down_message_is_in_the_language_the_person_chose(
    sim: Simulator,
) -> None:
    person = sim.person(311, "en")  # Telegram in English; chose Azerbaijani in the bot
    (picker,) = await sim.send(person, "/language")
    await sim.press(person, picker, "Azərbaycan")
    for _ in range(25):
        await sim.send(person, "spam")
    assert sim.api.chat(311)[-1].text == gettext("az", "flood.slow_down")


async def test_telegram_business_messages_cause_nothing(sim: Simulator) -> None:
    """With Business Mode on, the owner's own "Your order ships tomorrow" got "I'm not sure I
    understood" sent to their customer."""
    person = sim.person(314, "en")
    for kind in ("business_message", "edited_business_message"):
        raw = sim.text_update(person, "Your order ships tomorrow, thanks!")
        raw[kind] = raw.pop("message") | {"business_connection_id": "bc1", "edit_date": 1}
        assert await sim.feed(raw) == [], kind
    assert await users.get(sim.store, 314) is None


def edited(raw: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """``raw`` (a message update) as Telegram sends its edit (with ``text`` instead)."""
    message = raw["message"] | {"edit_date": raw["message"]["date"] + 5}
    if text is not None:
        message["text"] = text
    return {"update_id": raw["update_id"] + 10_000, "edited_message": message}


async def test_a_correction_of_the_latest_message_is_answered_as_if_sent_so(
    sim: Simulator,
) -> None:
    """A review: "Berlinn" corrected to "Berlin" while /houses waited, or a question whose
    typo was fixed, got silence."""
    person = sim.person(306, "en")
    await sim.send(person, "/houses")
    typo = sim.text_update(person, "Berlinn")
    (asked,) = touched(sim.api, 306, await sim.feed(typo))
    assert asked.text.startswith("I don't know a city called “Berlinn”")
    (found,) = touched(sim.api, 306, await sim.feed(edited(typo, "Berlin")))
    assert found.text.startswith("📍 <b>Near Berlin</b>")
    question = sim.text_update(person, "whn is flg dya")
    await sim.feed(question)
    (card,) = touched(sim.api, 306, await sim.feed(edited(question, "when is flag day")))
    assert card.text.startswith("<b>State Flag Day (9 November)</b>")


async def test_a_corrected_city_still_answers_the_question_it_answered(sim: Simulator) -> None:
    """A re-review: "Hamburgg" typed for /timezone, edited to "Hamburg", became a search and
    the zone stayed unset."""
    person = sim.person(307, "en")
    await sim.send(person, "/timezone")
    typo = sim.text_update(person, "Hamburgg")
    await sim.feed(typo)
    await sim.feed(edited(typo, "Hamburg"))
    profile = await users.get(sim.store, 307)
    assert profile is not None and profile.timezone == "Europe/Berlin"


async def test_other_edits_and_channel_posts_cause_nothing(sim: Simulator) -> None:
    person = sim.person(305, "en")
    raw = sim.text_update(person, "/help")
    assert await sim.feed(edited(raw)) == []  # the bot never saw it: nothing to correct
    older = sim.text_update(person, "when is flag day")
    await sim.feed(older)
    await sim.send(person, "thanks")
    assert await sim.feed(edited(older, "when is solidarity day")) == []  # not the latest
    live = sim.location_update(person, 50.94, 6.96)
    await sim.feed(live)
    moved = edited(live)
    moved["edited_message"]["location"] = {"latitude": 50.95, "longitude": 6.97}
    assert await sim.feed(moved) == []  # a live location moving
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    draft = sim.text_update(admin, "Concert in Berlin on Friday, all welcom")
    await sim.feed(draft)  # previewed: an edit is no question (it got the topics), the
    calls = await sim.feed(edited(draft, "Concert in Berlin on Friday, all welcome"))
    shown = [c.params.get("text") for c in calls if c.method == "sendMessage"]
    assert shown[0] == "Concert in Berlin on Friday, all welcome"  # draft's new preview
    assert not any("not sure" in str(t) for t in shown)  # (tests/test_broadcast.py)
    post = sim.text_update(person, "news", chat={"id": -1001, "type": "channel", "title": "C"})
    post["channel_post"] = post.pop("message")
    del post["channel_post"]["from"]
    assert await sim.feed(post) == []


async def test_one_log_line_per_update_without_text_or_ids(
    sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.updates")
    await sim.send(sim.person(306, "en"), "secret question about 52.5200 13.4050")
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.updates"]
    assert len(lines) == 1
    # free text: the places feature and /timezone look whether they wait for a city, then
    # the FAQ answers
    assert lines[0].startswith(
        "update type=message"
        " handler=places.pending_text,settings.zone_typed,intents.request_or_question ms="
    )
    assert lines[0].endswith("outcome=ok")
    assert "secret" not in lines[0] and "52.52" not in lines[0] and "306" not in lines[0]
    # a correction, answered as the message it corrects, is one line too (a review: two)
    caplog.clear()
    question = sim.text_update(sim.person(306, "en"), "whn is flag day")
    await sim.feed(question)
    caplog.clear()
    await sim.feed(edited(question, "when is flag day"))
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.updates"]
    assert len(lines) == 1 and lines[0].startswith("update type=edited_message handler=places")


def test_backup_and_check_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1  # no database yet
    database_at(db, len(migrations()), "")
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 0
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 2  # never overwrites
    out = capsys.readouterr().out
    assert "backup written" in out
    assert main(["check"]) == 0
    assert "ok: integrity check passed" in capsys.readouterr().out
    assert main(["backup", str(tmp_path / "no-such-folder" / "copy.sqlite3")]) == 2


def test_a_backup_is_one_file_that_check_leaves_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup in WAL mode (as the bot keeps its database) grew empty -wal and -shm files
    whenever `check` opened it read-only; it is a rollback-journal file, and restore puts it
    back into a WAL database."""
    db = tmp_path / "bot.sqlite3"
    copy = tmp_path / "copy.sqlite3"
    monkeypatch.chdir(tmp_path)
    live_database(db)
    monkeypatch.setenv("BOT_DB", str(db))
    assert main(["backup", str(copy)]) == 0
    monkeypatch.setenv("BOT_DB", str(copy))
    assert main(["check"]) == 0
    assert sorted(p.name for p in tmp_path.glob("copy*")) == ["copy.sqlite3"]
    with contextlib.closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    monkeypatch.setenv("BOT_DB", str(db))
    assert main(["restore", str(copy)]) == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert dump(db) == dump(copy)
    # restoring onto a new server: the database it creates is 0600, as the bot's own (a review)
    fresh = tmp_path / "fresh.sqlite3"
    monkeypatch.setenv("BOT_DB", str(fresh))
    assert main(["restore", str(copy)]) == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    capsys.readouterr()


PEOPLE = "".join(
    f"INSERT INTO users (id, language, created_at, last_seen) VALUES ({n}, 'az', 'then', 'then');"
    f"INSERT INTO holiday_subscriptions VALUES ({n}, 'flag_day');"
    for n in range(1, 300)
)


def live_database(db: Path) -> None:
    """A current bot's database in WAL mode, with 299 people subscribed to Flag Day."""
    database_at(
        db,
        len(migrations()),
        "PRAGMA journal_mode = WAL;"
        "INSERT INTO holidays (id, month, day) VALUES ('flag_day', 11, 9);" + PEOPLE,
    )


def crash_while_writing(db: Path) -> None:
    """Another process writes to ``db`` and dies before any checkpoint, as a bot killed hard
    does: its commits are only in ``db``-wal, which it leaves behind."""
    import subprocess
    import sys

    script = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA foreign_keys = ON')\n"
        "conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "conn.execute('DELETE FROM users WHERE id < 150')\n"
        'conn.execute("INSERT INTO users (id, language, created_at, last_seen)'
        " SELECT id + 1000, 'ru', 'later', 'later' FROM users\")\n"
        "conn.execute(\"INSERT INTO holiday_subscriptions SELECT id, 'flag_day' FROM users"
        ' WHERE id > 1000")\n'
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=True, timeout=60)
    assert db.with_name(db.name + "-wal").stat().st_size > 0


def dump(db: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return list(conn.iterdump())


def test_restore_puts_back_exactly_the_backup_over_a_crashed_bots_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The admin's review: ``cp backup live`` beside a crashed bot's -wal let SQLite replay
    that WAL onto the backup. ``restore`` writes through BOT_DB's own WAL instead."""
    import shutil

    db = tmp_path / "live.sqlite3"
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.chdir(tmp_path)
    live_database(db)
    assert main(["backup", "backup.sqlite3"]) == 0
    crash_while_writing(db)
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("live.sqlite3", "live.sqlite3-wal", "live.sqlite3-shm"):
        shutil.copyfile(tmp_path / name, crashed / name)
    after_crash = dump(crashed / "live.sqlite3")  # (recovers the copy's WAL)
    assert after_crash != dump(tmp_path / "backup.sqlite3")
    # the setup is the reviewer's: cp over the database, the WAL left beside it, is not the backup
    for name in ("live.sqlite3", "live.sqlite3-wal", "live.sqlite3-shm"):
        shutil.copyfile(tmp_path / name, crashed / name)
    shutil.copyfile(tmp_path / "backup.sqlite3", crashed / "live.sqlite3")
    assert dump(crashed / "live.sqlite3") != dump(tmp_path / "backup.sqlite3")
    capsys.readouterr()

    assert main(["restore", "backup.sqlite3"]) == 0
    out = capsys.readouterr().out.splitlines()
    (safety,) = tmp_path.glob("live.sqlite3.before-restore-*")
    assert out == [
        f"ok: restored backup.sqlite3 into {db}: integrity check passed, schema version"
        f" {len(migrations())} of {len(migrations())}; the database before it is kept in"
        f" {safety}",
        # the crashed bot had deleted 149 people after the backup
        "note: 149 person(s) in the backup are not in the database before it: they may have"
        " used /forget since, and are back; see README, Restoring a backup",
    ]
    assert dump(db) == dump(tmp_path / "backup.sqlite3")
    assert dump(safety) == after_crash  # what the bot had written is not lost
    assert main(["check"]) == 0
    assert "ok: integrity check passed" in capsys.readouterr().out


def test_restore_keeps_what_was_sent_after_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operations review: the 03:00 backup restored on the holiday's afternoon greeted
    everyone a second time, and resumed an announcement to those it had reached."""
    db = tmp_path / "live.sqlite3"
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.chdir(tmp_path)
    live_database(db)
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute(  # an announcement going out when the backup is taken
            "INSERT INTO broadcasts (id, kind, text, state, created_at, total)"
            " VALUES (7, 'text', 'Concert', 'running', '2026-11-09T06:00:00', 4)"
        )
        conn.execute(
            "INSERT INTO broadcast_recipients (broadcast_id, user_id, state) SELECT 7, id,"
            " CASE WHEN id = 101 THEN 'delivered' ELSE 'pending' END FROM users"
            " WHERE id BETWEEN 101 AND 104"
        )
    assert main(["backup", "backup.sqlite3"]) == 0
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute(  # after it: the announcement ends, the 10:00 greetings go out
            "UPDATE broadcast_recipients SET state = CASE user_id WHEN 104 THEN 'blocked'"
            " ELSE 'delivered' END WHERE broadcast_id = 7"
        )
        conn.execute(
            "UPDATE broadcasts SET state = 'done', delivered = 3, blocked = 1,"
            " finished_at = '2026-11-09T06:10:00' WHERE id = 7"
        )
        conn.execute(
            "INSERT INTO reminder_sent (user_id, holiday_id, year, status, claimed_at)"
            " SELECT id, 'flag_day', 2026, 'sent', '2026-11-09T06:00:00' FROM users"
            " WHERE id <= 20"
        )
    capsys.readouterr()

    assert main(["restore", "backup.sqlite3"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(
        "kept from the database before it, so not sent again: 20 reminder(s), 3 announcement"
        " delivery(ies)"
    ), out
    assert "note:" not in out  # nobody was deleted since the backup
    with contextlib.closing(sqlite3.connect(db)) as conn:
        sent = conn.execute("SELECT count(*) FROM reminder_sent WHERE status = 'sent'")
        assert sent.fetchone() == (20,)
        states = conn.execute(
            "SELECT state, count(*) FROM broadcast_recipients GROUP BY state ORDER BY state"
        )
        assert states.fetchall() == [("blocked", 1), ("delivered", 3)]
        ended = conn.execute("SELECT state, delivered, blocked FROM broadcasts WHERE id = 7")
        assert ended.fetchone() == ("done", 3, 1)
    assert main(["check"]) == 0


def test_restore_of_an_older_schema_says_what_it_could_not_keep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A diff review: after an upgrade between backup and restore, nothing sent since was
    kept, and nothing said so."""
    db = tmp_path / "live.sqlite3"
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.chdir(tmp_path)
    live_database(db)
    database_at(tmp_path / "backup.sqlite3", 7, "")
    with contextlib.closing(sqlite3.connect(tmp_path / "backup.sqlite3")) as conn, conn:
        conn.execute(  # someone the live database no longer has (/forget since)
            "INSERT INTO users (id, language, created_at, last_seen) VALUES (5000, 'az', 'a', 'a')"
        )
    capsys.readouterr()
    assert main(["restore", "backup.sqlite3"]) == 0
    out, err = capsys.readouterr()
    assert "could not be carried over (the backup has schema version 7" in err, err
    assert "may be sent again" in err
    assert "note: 1 person(s) in the backup are not in the database before it" in out, out


def test_restore_into_a_new_database_keeps_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    database_at(tmp_path / "backup.sqlite3", 7, "")
    monkeypatch.setenv("BOT_DB", str(tmp_path / "new.sqlite3"))
    assert main(["restore", "backup.sqlite3"]) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(f"schema version 7 of {len(migrations())} (the bot migrates it on start)")
    )
    assert not list(tmp_path.glob("*before-restore*"))
    assert dump(tmp_path / "new.sqlite3") == dump(tmp_path / "backup.sqlite3")


def test_restore_refuses_what_is_no_good_backup_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "live.sqlite3"
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.chdir(tmp_path)
    database_at(db, len(migrations()), "")
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    small_database(tmp_path / "other.sqlite3", monkeypatch, rows=1)
    monkeypatch.setenv("BOT_DB", str(db))
    database_at(tmp_path / "newer.sqlite3", len(migrations()), "PRAGMA user_version = 999;")
    damaged = tmp_path / "damaged.sqlite3"
    database_at(damaged, len(migrations()), "")
    with sqlite3.connect(damaged) as conn:
        conn.executemany(
            "INSERT INTO users (id, created_at, last_seen) VALUES (?, ?, '')",
            [(n, "x" * 400) for n in range(2000)],
        )
    with damaged.open("r+b") as file:  # one page in the middle overwritten
        file.seek(4096 * 60)
        file.write(b"\xff" * 4096)
    before = db.read_bytes()
    for file, code, said in (
        ("missing.sqlite3", 1, "no file missing.sqlite3"),
        ("live.sqlite3", 2, "is the database (BOT_DB) itself"),
        (str(db), 2, "is the database (BOT_DB) itself"),
        ("notes.txt", 1, "notes.txt cannot be read as a database (file is not a database)"),
        ("other.sqlite3", 1, "not a diaspora-bot database"),
        ("newer.sqlite3", 1, "schema version 999, newer than this bot's"),
        ("damaged.sqlite3", 1, "damaged.sqlite3 is damaged (database disk image is malformed)"),
        ("live.sqlite3-wal", 2, "is the database (BOT_DB) itself, or its WAL"),
    ):
        assert main(["restore", file]) == code, file
        captured = capsys.readouterr()
        assert captured.out == ""
        (line,) = captured.err.splitlines()
        assert said in line, line
        assert code == 2 or line.endswith("nothing restored"), line
    assert db.read_bytes() == before
    other = (tmp_path / "other.sqlite3").read_bytes()
    monkeypatch.setenv("BOT_DB", "other.sqlite3")  # a mistyped BOT_DB: not overwritten
    database_at(tmp_path / "good.sqlite3", len(migrations()), "")
    assert main(["restore", "good.sqlite3"]) == 1
    assert "is another application's database" in capsys.readouterr().err
    assert (tmp_path / "other.sqlite3").read_bytes() == other
    assert not list(tmp_path.glob("*before-restore*"))


def small_database(db: Path, monkeypatch: pytest.MonkeyPatch, rows: int = 0) -> Path:
    """A database file at ``db`` (BOT_DB) with one table of ``rows`` half-kilobyte rows."""
    monkeypatch.setenv("BOT_DB", str(db))
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * rows)
    return db


def test_a_failed_backup_leaves_no_partial_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    small_database(tmp_path / "bot.sqlite3", monkeypatch)

    async def disk_full(self: Any, target: Any, **kwargs: Any) -> None:
        await target.execute("CREATE TABLE half (x)")  # some pages are written, then:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("aiosqlite.Connection.backup", disk_full)
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 1
    assert "backup failed, nothing written: database or disk is full" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bot.sqlite3"]  # a retry can go ahead
    monkeypatch.undo()  # the disk has room again
    monkeypatch.setenv("BOT_DB", str(tmp_path / "bot.sqlite3"))
    (tmp_path / "copy.sqlite3.partial").write_text("someone's notes", encoding="utf-8")
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 1  # not ours: left alone
    assert (tmp_path / "copy.sqlite3.partial").read_text(encoding="utf-8") == "someone's notes"


def test_check_reports_a_damaged_database_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = small_database(tmp_path / "bot.sqlite3", monkeypatch, rows=200)
    with db.open("r+b") as file:  # one page in the middle overwritten
        file.seek(4096 * 3)
        file.write(b"\xff" * 4096)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("problem: ")


def test_check_and_backup_leave_an_older_database_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """They must not upgrade (nor switch to WAL) a database an older bot still runs on."""
    from bot.store import latest_version

    db = tmp_path / "old.sqlite3"
    database_at(
        db,
        7,
        "INSERT INTO users (id, language, created_at, last_seen)"
        " VALUES (1, 'az', '2026-01-01', '2026-01-01');",
    )
    monkeypatch.setenv("BOT_DB", str(db))
    monkeypatch.chdir(tmp_path)
    before = db.read_bytes()
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"schema version 7, this bot expects {latest_version()} (it migrates on start)",
        f"ok: integrity check passed, schema version 7 of {latest_version()}",
    ]
    assert main(["backup", "copy.sqlite3"]) == 0
    assert db.read_bytes() == before
    with sqlite3.connect(tmp_path / "copy.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        assert conn.execute("SELECT language FROM users").fetchall() == [("az",)]


def _on_a_read_only_mount(folder: Path, argv: list[str], env: dict[str, str]) -> Any:
    """``diaspora-bot ARGV`` with ``folder`` mounted read-only over itself, in a mount
    namespace of its own (gone with the process); skipped where that is not allowed."""
    import os
    import shutil
    import subprocess
    import sys

    if os.name != "posix" or shutil.which("unshare") is None:
        pytest.skip("needs unshare(1)")
    script = (
        f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" || exit 99;'
        f' exec "{sys.executable}" -m bot.cli "$@"'
    )
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", *argv],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode == 99 or "unshare failed" in done.stderr:
        pytest.skip("cannot mount here (needs root or user namespaces)")
    return done


def test_check_backup_and_export_work_on_a_read_only_mount(tmp_path: Path, loaded_db: Path) -> None:
    """They failed there with 'unable to open database file' (WAL needs a -shm file)."""
    import shutil

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "bot.sqlite3"
    shutil.copyfile(loaded_db, db)
    env = {"BOT_DB": str(db)}
    done = _on_a_read_only_mount(folder, ["check"], env)
    assert (done.returncode, done.stderr) == (0, "")
    assert "ok: integrity check passed" in done.stdout
    done = _on_a_read_only_mount(folder, ["backup", str(tmp_path / "copy.sqlite3")], env)
    assert (done.returncode, done.stderr) == (0, "")
    done = _on_a_read_only_mount(folder, ["export", "places", str(tmp_path / "p.csv")], env)
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "p.csv").read_bytes().count(b"\n") > 30
    assert sorted(p.name for p in folder.iterdir()) == ["bot.sqlite3"]


def test_check_says_what_is_no_diaspora_bot_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said 'ok: integrity check passed, schema version 0 of 13' for both."""
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    other = small_database(tmp_path / "other.sqlite3", monkeypatch, rows=1)
    for db, what in (
        (empty, "an empty file"),
        (other, "schema version 0, none of the bot's tables"),
    ):
        monkeypatch.setenv("BOT_DB", str(db))
        before = db.read_bytes()
        assert main(["check"]) == 1
        captured = capsys.readouterr()
        assert "ok" not in captured.out
        assert captured.err.strip().splitlines() == [
            f"diaspora-bot: {db} is not a diaspora-bot database ({what}); check BOT_DB"
        ]
        assert db.read_bytes() == before


def test_restore_refuses_while_a_bot_runs_and_never_overwrites_a_kept_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A review restored into a running bot ("ok: restored"; its next writes landed on the
    restored data), and two restores in one second wrote over the first kept copy."""
    from bot import cli

    monkeypatch.chdir(tmp_path)
    database_at(tmp_path / "backup.sqlite3", len(migrations()), "")
    database_at(tmp_path / "live.sqlite3", len(migrations()), "")
    monkeypatch.setenv("BOT_DB", str(tmp_path / "live.sqlite3"))
    lock = cli._hold_run_lock(tmp_path / "live.sqlite3")  # what `diaspora-bot run` holds
    assert lock is not None
    try:
        assert main(["restore", "backup.sqlite3"]) == 1
        assert "a bot is running on" in capsys.readouterr().err
    finally:
        cli._HELD.remove(lock)
        lock.close()  # type: ignore[attr-defined]
    assert main(["restore", "backup.sqlite3"]) == 0  # stopped: restored
    assert main(["restore", "backup.sqlite3"]) == 0
    assert len(list(tmp_path.glob("live.sqlite3.before-restore-*"))) == 2


def test_restore_holds_the_run_lock_and_names_it_after_the_real_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second review: a bot started during a restore ran on half-restored data, and a bot
    run through a symlinked path did not stop a restore."""
    from bot import cli

    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    database_at(real / "live.sqlite3", len(migrations()), "")
    database_at(tmp_path / "backup.sqlite3", len(migrations()), "")
    lock = cli._hold_run_lock(tmp_path / "link" / "live.sqlite3")  # a bot run via the link
    assert lock is not None
    monkeypatch.setenv("BOT_DB", str(real / "live.sqlite3"))
    try:
        assert main(["restore", str(tmp_path / "backup.sqlite3")]) == 1
        assert "a bot is running" in capsys.readouterr().err
    finally:
        cli._HELD.remove(lock)
        lock.close()  # type: ignore[attr-defined]
    import fcntl

    path = cli._run_lock_path(real / "live.sqlite3")
    with cli._no_bot_running(real / "live.sqlite3") as alone, path.open("a") as other:
        assert alone  # what restore holds while it copies: a bot starting now waits
        with pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_SH | fcntl.LOCK_NB)
