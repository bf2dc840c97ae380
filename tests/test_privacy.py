"""/mydata shows what is stored; /forget leaves no row that mentions the person."""

from __future__ import annotations

from bot.simulator import Simulator
from bot.store import Store


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
    assert "Telegram id: 401" in reply.text
    assert reply.text.startswith("<b>What the bot stores about you</b>")
    assert "Language: 🇬🇧 English" in reply.text
    assert "Time zone: not set" in reply.text
    assert "0 holiday reminders, 0 announcements" in reply.text
    assert "never stored" in reply.text


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


async def test_mydata_for_a_stranger_after_forget(sim: Simulator) -> None:
    person = sim.person(403, "ru")
    await sim.send(person, "/start")
    (question,) = await sim.send(person, "/forget")
    await sim.press(person, question, "Да, удалить")
    # the next message creates a fresh profile, with nothing from before
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
