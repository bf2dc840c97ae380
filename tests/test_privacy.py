"""/mydata shows what is stored; /forget leaves no row that mentions the person."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import FakeClock
from bot.fakeapi import FakeBotAPI, chat_id_of
from bot.simulator import Simulator
from bot.store import Store, users
from tests.conftest import ADMIN_ID, database_at, hold_first, run_due_jobs
from tests.test_broadcast import add_people, photo_update, runner


async def rows_mentioning(store: Store, user_id: int) -> list[str]:
    """Every (table, column) whose value is the person's id, across the whole database."""
    found = []
    tables = await store.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL%'"
    )
    for table in (t["name"] for t in tables):
        columns = await store.fetchall("SELECT name FROM pragma_table_info(?)", (table,))
        for column in (c["name"] for c in columns):
            if column.endswith("id") or column in ("id", "user", "chat"):
                # identifiers come from the schema itself, not from input
                row = await store.fetchone(
                    f'SELECT 1 FROM "{table}" WHERE "{column}" = ? LIMIT 1',  # noqa: S608
                    (user_id,),
                )
                if row is not None:
                    found.append(f"{table}.{column}")
    return found


async def test_mydata_shows_what_is_stored(sim: Simulator) -> None:
    person = sim.person(401, "en")
    await sim.send(person, "/start")
    (reply,) = await sim.send(person, "/mydata")
    assert "Telegram ID: 401" in reply.text
    assert reply.text.startswith("<b>What the bot stores about you</b>")
    assert "Language: 🇬🇧 English" in reply.text
    assert "Time zone: not set (reminders use the time in Baku)" in reply.text
    assert "holiday reminders: 0, announcements: 0" in reply.text
    assert "Already asked at /start whether you want reminders: yes" in reply.text
    assert re.search(r"First seen: \d{4}-\d\d-\d\d \d\d:\d\d UTC", reply.text)
    # a persona review: "last seen 16:30" at 16:43 read as a mistake; it is written hourly
    assert re.search(r"last seen: [-\d: ]+ UTC \(updated at most once an hour\)", reply.text)
    assert "As an admin" not in reply.text
    assert "never stored" in reply.text
    await sim.send(person, "/timezone Europe/Paris")
    (reply,) = await sim.send(person, "/mydata")
    assert "Time zone: Paris, UTC+1 — chosen by you; stored as Europe/Paris" in reply.text


async def test_mydata_shows_an_admins_announcements_and_groups(sim: Simulator) -> None:
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/start")
    group = {"id": -555, "type": "group", "title": "G"}
    await sim.feed(sim.text_update(admin, "/group_broadcasts on", chat=group))
    await sim.send(admin, "/broadcast A draft")
    (reply,) = await sim.send(admin, "/mydata")
    admin_line = "As an admin: announcements: 1; groups where you turned announcements on: 1"
    assert admin_line in reply.text


async def test_forget_after_confirmation_leaves_no_row(sim: Simulator) -> None:
    person = sim.person(402, "az")
    await sim.send(person, "/start")
    await sim.store.execute(
        "INSERT INTO holidays (id, month, day) VALUES ('solidarity_day', 12, 31)"
        " ON CONFLICT DO NOTHING"
    )
    await sim.store.execute(
        "INSERT INTO holiday_subscriptions (user_id, holiday_id) VALUES (402, 'solidarity_day')"
    )
    assert await rows_mentioning(sim.store, 402)
    (question,) = await sim.send(person, "/forget")
    (answer,) = await sim.press(person, question, "Xeyr")
    assert answer.text == "Heç nə silinmədi."
    assert await rows_mentioning(sim.store, 402)

    (question,) = await sim.send(person, "/forget")
    (answer,) = await sim.press(person, question, "Bəli, sil")
    assert answer.text.startswith("✅ Hamısı silindi")
    assert await rows_mentioning(sim.store, 402) == []
    assert await sim.store.integrity_check() == []


async def test_no_pressed_after_yes_on_the_same_question_does_not_say_nothing_was_deleted(
    sim: Simulator,
) -> None:
    """A double tap, or a second device before the buttons went: "Nothing was deleted"."""
    person = sim.person(406, "en")
    await sim.send(person, "/start")
    (question,) = await sim.send(person, "/forget")
    question = copy.deepcopy(question)  # the buttons as the second device still shows them
    await sim.press(person, question, "Yes, delete")
    (answer,) = await sim.press(person, question, "No")
    assert answer.text == "Nothing is stored about you."
    assert await rows_mentioning(sim.store, 406) == []


async def test_yes_pressed_twice_says_nothing_is_stored_not_that_nothing_was_deleted(
    sim: Simulator,
) -> None:
    """A review: the second "Yes" said "This question is out of date, so nothing was
    deleted", and asked again, when everything was gone."""
    person = sim.person(407, "en")
    await sim.send(person, "/start")
    (question,) = await sim.send(person, "/forget")
    question = copy.deepcopy(question)
    (gone,) = await sim.press(person, question, "Yes, delete")
    assert await sim.press(person, question, "Yes, delete") == []  # nothing sent or edited
    assert sim.alert() == "Nothing is stored about you."
    assert sim.api.chat(407)[-1].text == gone.text  # "Everything is deleted" stays
    assert await rows_mentioning(sim.store, 407) == []


async def test_mydata_for_a_stranger_after_forget(sim: Simulator) -> None:
    person = sim.person(403, "ru")
    await sim.send(person, "/start")
    (question,) = await sim.send(person, "/forget")
    await sim.press(person, question, "Да, удалить")
    (reply,) = await sim.send(person, "/mydata")  # asking stores nothing
    assert reply.text == "О вас ничего не хранится."
    # another message creates a fresh profile, with nothing from before
    await sim.send(person, "Когда день флага?")
    (reply,) = await sim.send(person, "/mydata")
    assert "Telegram ID: 403" in reply.text
    assert "Напоминания о праздниках: нет" in reply.text


async def test_an_admin_who_forgets_leaves_no_id_in_their_announcements(sim: Simulator) -> None:
    from tests.conftest import ADMIN_ID

    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/start")
    await sim.send(admin, "/broadcast")  # then a forwarded post: copied from the admin's chat
    raw = sim.text_update(admin, "Concert on Friday")
    raw["message"]["forward_origin"] = {
        "type": "channel",
        "chat": {"id": -1001, "type": "channel", "title": "News"},
        "message_id": 5,
        "date": 0,
    }
    await sim.feed(raw)
    assert await rows_mentioning(sim.store, ADMIN_ID)
    (question,) = await sim.send(admin, "/forget")
    await sim.press(admin, question, "Yes, delete")
    assert await rows_mentioning(sim.store, ADMIN_ID) == []


async def test_an_admin_who_forgets_mid_broadcast_leaves_nothing_once_it_ends(
    sim: Simulator, clock: FakeClock
) -> None:
    """The announcement keeps going to its recipients, but the admin's chat is no longer
    written to (no progress, no report), and the broadcast's row — which names the admin's
    chat and messages to copy — is deleted when it ends."""
    await add_people(sim, range(1, 30))
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/start")
    await sim.send(admin, "/broadcast")
    await sim.feed(photo_update(sim, admin, caption="Concert on Friday"))
    control = sim.api.chat(ADMIN_ID)[-1]
    on_the_wire, release = hold_first(
        sim.api, lambda method, params: method == "copyMessage" and chat_id_of(params) != ADMIN_ID
    )
    await sim.press(admin, control, "Send")
    await on_the_wire.wait()
    (question,) = await sim.send(admin, "/forget")
    await sim.press(admin, question, "Yes, delete")
    said = len(sim.api.calls)
    clock.advance(timedelta(minutes=1))  # a progress edit is due
    release.set()
    await runner(sim).wait()
    assert len(copies_of_photo(sim.api)) == 29  # everyone still got it
    to_admin = [c.method for c in sim.api.calls[said:] if chat_id_of(c.params) == ADMIN_ID]
    assert to_admin == []  # no progress edit, no report in the admin's chat
    assert await rows_mentioning(sim.store, ADMIN_ID) == []
    assert await sim.store.fetchall("SELECT id FROM broadcasts") == []


def copies_of_photo(api: FakeBotAPI) -> set[int]:
    return {chat_id_of(c.params) for c in api.sent(method="copyMessage")} - {ADMIN_ID}


async def test_forget_ends_an_announcement_being_composed_and_what_ptb_holds(
    sim: Simulator,
) -> None:
    """/forget while /broadcast waits for the announcement: the next message is a question
    again, not a draft; nothing PTB keeps for the person in memory stays either."""
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/start")
    await sim.send(admin, "/houses")  # waits for a city: kept in PTB's user_data
    assert sim.app.user_data.get(ADMIN_ID)
    (question,) = await sim.send(admin, "/forget")  # asked first, answered later
    (ask,) = await sim.send(admin, "/broadcast")
    assert ask.text.startswith("Send me the announcement")
    await sim.press(admin, question, "Yes, delete")
    assert not sim.app.user_data.get(ADMIN_ID)
    (answer,) = await sim.send(admin, "When is Flag Day?")
    assert "9 November" in answer.text
    assert await sim.store.fetchall("SELECT id FROM broadcasts") == []
    assert sim.app.job_queue is not None  # no conversation time-out holds their update
    assert not [j for j in sim.app.job_queue.jobs() if "_trigger_timeout" in j.name]


async def test_deleted_rows_are_overwritten_in_the_file(sim: Simulator) -> None:
    (zone,) = await sim.store.fetchall("PRAGMA secure_delete")
    assert zone[0] == 1


async def test_forget_answered_no_keeps_an_announcement_being_composed(sim: Simulator) -> None:
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/broadcast")
    (question,) = await sim.send(admin, "/forget")
    await sim.press(admin, question, "No")
    preview, control = await sim.send(admin, "Concert on Friday")
    assert preview.text == "Concert on Friday" and "Recipients" in control.text


async def test_announcements_orphaned_by_an_earlier_forget_are_deleted(db_path: Path) -> None:
    """Before migration 0011, an admin's /forget mid-broadcast left the finished row (with the
    admin's chat id to copy from) for good; a running one is still left to finish."""
    database_at(
        db_path,
        10,
        "INSERT INTO broadcasts (kind, from_chat_id, source_message_id, created_at, state)"
        " VALUES ('copy', 900, 5, 'x', 'done'), ('copy', 900, 6, 'x', 'running');",
    )
    store = await Store.open(db_path)
    try:
        rows = await store.fetchall("SELECT state FROM broadcasts")
        assert [r["state"] for r in rows] == ["running"]
    finally:
        await store.close()


async def test_an_album_arriving_when_its_admin_forgets_leaves_no_draft(
    sim: Simulator, caplog: Any
) -> None:
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/start")
    await sim.send(admin, "/broadcast")
    await sim.feed(photo_update(sim, admin, "Novruz", album="a1"))  # the album's wait begins
    (question,) = await sim.send(admin, "/forget")
    await sim.press(admin, question, "Yes, delete")
    assert await run_due_jobs(sim, timedelta(seconds=2)) == ["broadcast-album"]
    assert await sim.store.fetchall("SELECT id FROM broadcasts") == []
    assert await rows_mentioning(sim.store, ADMIN_ID) == []
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_asking_what_is_stored_does_not_store_the_asker(sim: Simulator) -> None:
    """Right after /forget, /mydata stored the person again (first seen: now), so the answer
    could never be "nothing"."""
    person = sim.person(420, "en")
    (reply,) = await sim.send(person, "/mydata")
    assert reply.text == "Nothing is stored about you."
    await sim.send(person, "/start")
    (question,) = await sim.send(person, "/forget")
    await sim.press(person, question, "🗑 Yes, delete")
    (reply,) = await sim.send(person, "/mydata")
    assert reply.text == "Nothing is stored about you."
    assert await users.get(sim.store, 420) is None


async def test_mydata_names_the_country_in_the_persons_language(sim: Simulator) -> None:
    person = sim.person(421, "ru")
    await sim.send(person, "/start")
    await sim.feed(sim.location_update(person, 52.52, 13.40))
    (reply,) = await sim.send(person, "/mydata")
    assert "Страна: Германия" in reply.text  # not "DE"


async def test_yes_on_an_older_forget_question_asks_again(sim: Simulator) -> None:
    """A review: /forget, then /forget again and "No" on the second question; "Yes" on the
    first one, still on the screen, deleted everything. Only the latest question deletes."""
    person = sim.person(407, "az")
    await sim.send(person, "/start")
    (first,) = await sim.send(person, "/forget")
    (second,) = await sim.send(person, "/forget")
    (answer,) = await sim.press(person, second, "Xeyr")
    assert answer.text == "Heç nə silinmədi."
    old, again = await sim.press(person, first, "Bəli, sil")
    assert old.text.startswith("Bu sual köhnədir") and not old.inline_buttons
    assert again.text == sim.api.last(407).text and "Bəli, sil" in str(again.inline_buttons)
    assert await rows_mentioning(sim.store, 407)
    # the question asked again deletes, as any latest one does
    (answer,) = await sim.press(person, again, "Bəli, sil")
    assert answer.text.startswith("✅ Hamısı silindi")
    assert await rows_mentioning(sim.store, 407) == []


async def test_yes_on_a_forget_question_answered_by_typing_asks_again(sim: Simulator) -> None:
    person = sim.person(408, "ru")
    await sim.send(person, "/start")
    (question,) = await sim.send(person, "/forget")
    (answer,) = await sim.send(person, "нет")
    assert answer.text == "Ничего не удалено."
    old, again = await sim.press(person, question, "Да, удалить")
    assert old.text.startswith("Этот вопрос устарел")
    assert await rows_mentioning(sim.store, 408)


async def test_no_on_an_older_forget_question_leaves_the_latest_one_open(sim: Simulator) -> None:
    """A review of the fix above: "No" on the first question made "Yes" on the second (the
    latest) say it was out of date."""
    person = sim.person(409, "en")
    await sim.send(person, "/start")
    (first,) = await sim.send(person, "/forget")
    (second,) = await sim.send(person, "/forget")
    await sim.press(person, first, "No")
    (answer,) = await sim.press(person, second, "Yes, delete")
    assert answer.text.startswith("✅ Everything is deleted")
    assert await rows_mentioning(sim.store, 409) == []
