"""Announcements to groups: only to groups an admin turned them on for, only when the
announcement goes to everyone, exactly once, and never again once the bot was removed."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.delivery import Outcome, deliver
from bot.fakeapi import BOT_USERNAME, ApiError, FakeBotAPI, chat_id_of
from bot.i18n import without_tags
from bot.simulator import Person, Simulator
from bot.store import Store, broadcasts, groups
from tests.conftest import ADMIN_ID, database_at, in_reply_to_bot
from tests.test_broadcast import (
    CONCERT,
    add_people,
    compose,
    confirm,
    copies,
    runner,
    stand_in_counting_to,
)
from tests.test_privacy import rows_mentioning

BERLIN = {"id": -100200300, "type": "supergroup", "title": "Diaspora Berlin"}
PARIS = {"id": -100400500, "type": "supergroup", "title": "Diaspora Paris"}
SCHOOL = {"id": -4242, "type": "group", "title": "Weekend school parents"}


async def in_group(sim: Simulator, person: Person, chat: dict[str, Any], text: str) -> str:
    """``person`` sends ``text`` in the group; returns the bot's answer there."""
    calls = await sim.feed(sim.text_update(person, text, chat=chat))
    (answer,) = [c for c in calls if c.ok and chat_id_of(c.params) == chat["id"]]
    return str(answer.params["text"])


def bot_removed(chat: dict[str, Any], status: str = "kicked") -> dict[str, Any]:
    """Telegram's my_chat_member update when a group admin removes the bot."""
    bot = {"id": 1, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME}
    return {
        "update_id": 7000 + abs(chat["id"]) % 1000,
        "my_chat_member": {
            "chat": chat,
            "from": {"id": 555, "is_bot": False, "first_name": "Group admin"},
            "date": 0,
            "old_chat_member": {"status": "member", "user": bot},
            "new_chat_member": {"status": status, "user": bot, "until_date": 0},
        },
    }


async def broadcast_to_everyone(sim: Simulator, admin: Person) -> None:
    await confirm(sim, admin, await compose(sim, admin))
    await runner(sim).wait()


def refusing(berlin: ApiError, school: ApiError) -> Any:
    """A stand-in rule: the announcement to Berlin and to the school's group is refused."""

    def telegram(method: str, params: dict[str, Any]) -> ApiError | None:
        if method == "sendMessage" and params.get("text") == CONCERT:
            return {BERLIN["id"]: berlin, SCHOOL["id"]: school}.get(chat_id_of(params))
        return None

    return telegram


async def one_person_and_three_groups(sim: Simulator) -> Person:
    """Person 1 and the three groups turned on; returns the admin."""
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    for chat in (BERLIN, PARIS, SCHOOL):
        await in_group(sim, admin, chat, "/group_broadcasts on")
    return admin


@contextlib.asynccontextmanager
async def refused_in_groups(
    settings: Settings, clock: FakeClock, berlin: ApiError, school: ApiError
) -> AsyncIterator[tuple[Simulator, FakeBotAPI, Person]]:
    """Person 1 and the three groups turned on, and one announcement sent to everyone, whose
    copies to Berlin and to the school's group the stand-in refuses with these errors."""
    api = FakeBotAPI(fault=refusing(berlin, school))
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        admin = await one_person_and_three_groups(sim)
        await broadcast_to_everyone(sim, admin)
        yield sim, api, admin


# -- turning announcements on and off ----------------------------------------------------------
async def test_an_admin_turns_a_group_on_and_it_gets_exactly_one_copy(sim: Simulator) -> None:
    await add_people(sim, [1, 2])
    admin = sim.person(ADMIN_ID, "en")
    answer = await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    assert answer.startswith("✅ This group will get the community's announcements")
    answer = await in_group(sim, admin, BERLIN, f"/group_broadcasts@{BOT_USERNAME}")
    assert answer.startswith("This group gets the community's announcements")

    (stats,) = await sim.send(admin, "/stats")
    assert "Groups that get announcements: 1" in stats.text
    control = await compose(sim, admin)
    assert "To: everyone who receives announcements, plus groups: 1" in control.text
    assert "Recipients: <b>3</b>" in control.text
    (started,) = await sim.press(admin, control, "Send (3)")
    assert started.text.startswith("📤 Sending the announcement — people: 2, groups: 1.")
    await runner(sim).wait()
    assert copies(sim.api) == {BERLIN["id"]: 1, 1: 1, 2: 1}
    done = await broadcasts.get(sim.store, 1)
    assert done is not None and (done.total, done.delivered) == (3, 3)


async def test_a_group_alone_is_enough_to_send(sim: Simulator) -> None:
    admin = sim.person(ADMIN_ID, "az")
    await in_group(sim, admin, SCHOOL, "/group_broadcasts on")
    control = await compose(sim, admin)
    assert "Alıcı sayı: <b>1</b>" in control.text
    await sim.press(admin, control, "Göndər (1)")
    await runner(sim).wait()
    assert copies(sim.api) == {SCHOOL["id"]: 1}


async def test_only_admins_can_turn_a_group_on(sim: Simulator) -> None:
    await add_people(sim, [1])
    stranger = sim.person(556, "ru")
    answer = await in_group(sim, stranger, BERLIN, "/group_broadcasts on")
    assert answer == "Извините, эта команда только для администраторов сообщества."
    assert not await groups.is_enabled(sim.store, BERLIN["id"])
    await broadcast_to_everyone(sim, sim.person(ADMIN_ID, "en"))
    assert copies(sim.api) == {1: 1}


async def test_turned_off_and_never_enabled_groups_get_nothing(sim: Simulator) -> None:
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    answer = await in_group(sim, admin, BERLIN, "/group_broadcasts off")
    assert answer.startswith("🔕 This group will no longer get announcements")
    answer = await in_group(sim, admin, PARIS, "/group_broadcasts")  # never turned on
    assert answer.startswith("This group does not get announcements")
    (private,) = await sim.send(admin, "/group_broadcasts on")
    assert private.text.startswith("Send this command in the group")
    await broadcast_to_everyone(sim, admin)
    assert copies(sim.api) == {1: 1}


async def test_a_narrower_audience_never_includes_groups(sim: Simulator) -> None:
    await add_people(sim, [1], language="az", country="DE")
    await add_people(sim, [2], language="ru", country="DE")
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    control = await compose(sim, admin)
    (menu,) = await sim.press(admin, control, "By language")
    (control,) = await sim.press(admin, menu, "Azərbaycanca (1)")
    assert "Recipients: <b>1</b>" in control.text
    # the preview says so, where it names the audience
    assert (
        "To: language: 🇦🇿 Azərbaycanca — not the groups (1): they get only announcements to"
        " everyone\n" in control.text
    )
    await confirm(sim, admin, control)
    await runner(sim).wait()
    assert copies(sim.api) == {1: 1}

    control = await compose(sim, admin)  # the next one, to everyone, reaches the group
    (menu,) = await sim.press(admin, control, "By country")
    (control,) = await sim.press(admin, menu, "Germany")
    assert "not the groups (1)" in control.text and "Recipients: <b>2</b>" in control.text
    (control,) = await sim.press(admin, control, "Everyone")
    assert "plus groups: 1" in control.text and "Recipients: <b>3</b>" in control.text


# -- the bot removed, the group gone -----------------------------------------------------------
async def test_a_group_that_removed_the_bot_is_turned_off_and_not_sent_to(
    sim: Simulator,
) -> None:
    await add_people(sim, [1])
    admin = sim.person(ADMIN_ID, "en")
    for chat in (BERLIN, PARIS, SCHOOL):
        await in_group(sim, admin, chat, "/group_broadcasts on")
    await sim.feed(bot_removed(BERLIN, "kicked"))
    await sim.feed(bot_removed(SCHOOL, "left"))
    assert not await groups.is_enabled(sim.store, BERLIN["id"])
    assert not await groups.is_enabled(sim.store, SCHOOL["id"])
    await broadcast_to_everyone(sim, admin)
    assert copies(sim.api) == {PARIS["id"]: 1, 1: 1}
    (stats,) = await sim.send(admin, "/stats")
    assert "Groups that get announcements: 1" in stats.text


async def test_a_send_refused_with_403_or_chat_not_found_turns_the_group_off(
    settings: Settings, clock: FakeClock
) -> None:
    kicked = ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
    school = ApiError.chat_not_found()
    async with refused_in_groups(settings, clock, kicked, school) as (sim, api, admin):
        assert copies(api) == {PARIS["id"]: 1, 1: 1}
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and (done.delivered, done.blocked) == (2, 2)
        assert await groups.count_enabled(sim.store) == 1
        attempts = len(api.calls)
        await broadcast_to_everyone(sim, admin)  # the next one does not try them again
        tried = {chat_id_of(c.params) for c in api.calls[attempts:] if c.method == "sendMessage"}
        assert tried & {BERLIN["id"], SCHOOL["id"]} == set()


async def test_a_group_where_the_bot_may_not_post_is_turned_off_a_moved_one_followed(
    settings: Settings, clock: FakeClock
) -> None:
    """Muted in Berlin (a 400, not a 403): turned off, not tried again. The school's group
    became a supergroup while the bot was away: the announcement goes to its new id, once,
    and the setting moves there."""
    upgraded = -100777666555

    muted = ApiError(400, "Bad Request: not enough rights to send text messages")
    school = ApiError.migrated(upgraded)
    async with refused_in_groups(settings, clock, muted, school) as (sim, api, admin):
        assert copies(api) == {PARIS["id"]: 1, upgraded: 1, 1: 1}
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and (done.delivered, done.blocked, done.failed) == (3, 1, 0)
        assert not await groups.is_enabled(sim.store, BERLIN["id"])
        assert not await groups.is_enabled(sim.store, SCHOOL["id"])
        assert await groups.is_enabled(sim.store, upgraded)
        attempts = len(api.calls)
        await broadcast_to_everyone(sim, admin)
        tried = [chat_id_of(c.params) for c in api.calls[attempts:] if c.method == "sendMessage"]
        assert BERLIN["id"] not in tried and SCHOOL["id"] not in tried
        assert tried.count(upgraded) == 1


async def test_a_group_that_becomes_a_supergroup_keeps_its_setting(sim: Simulator) -> None:
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, SCHOOL, "/group_broadcasts on")
    upgraded = -100999888777
    assert await sim.feed(migration_message(sim, SCHOOL, upgraded)) == []  # nothing said there
    assert not await groups.is_enabled(sim.store, SCHOOL["id"])
    assert await groups.is_enabled(sim.store, upgraded)


# -- frozen at Confirm, never twice ------------------------------------------------------------
async def test_groups_are_frozen_at_confirm_like_people(sim: Simulator, clock: FakeClock) -> None:
    await add_people(sim, [1])
    await add_people(sim, [ADMIN_ID], announcements=False)
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    await in_group(sim, admin, PARIS, "/group_broadcasts on")
    draft = await broadcasts.create_draft(sim.store, ADMIN_ID, clock.now(), text=CONCERT)
    await in_group(sim, admin, SCHOOL, "/group_broadcasts on")  # before Confirm: counted
    assert await broadcasts.freeze_recipients(sim.store, draft, ADMIN_ID, clock.now()) == 4
    # between Confirm and the first send: one group turned off, a new one turned on
    await in_group(sim, admin, PARIS, "/group_broadcasts off")
    await groups.enable(sim.store, -55, ADMIN_ID, clock.now())
    assert runner(sim).start(draft)
    await runner(sim).wait()
    assert copies(sim.api) == {BERLIN["id"]: 1, SCHOOL["id"]: 1, 1: 1}
    done = await broadcasts.get(sim.store, draft)
    assert done is not None and (done.total, done.delivered, done.blocked) == (4, 3, 1)


async def test_stopped_and_restarted_a_group_gets_it_once(
    settings: Settings, clock: FakeClock
) -> None:
    api, halfway = stand_in_counting_to(100)
    people = set(range(10_001, 10_401))
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, people)
        admin = sim.person(ADMIN_ID, "en")
        for chat in (BERLIN, PARIS):
            await in_group(sim, admin, chat, "/group_broadcasts on")
        await confirm(sim, admin, await compose(sim, admin))
        await asyncio.wait_for(halfway.wait(), 10)
    assert sum(copies(api).values()) < len(people) + 2  # stopped mid-way

    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await asyncio.wait_for(runner(sim).resumed.wait(), 10)
        await runner(sim).wait()
        done = await broadcasts.get(sim.store, 1)
    got = copies(api)
    assert set(got) == people | {BERLIN["id"], PARIS["id"]}
    assert set(got.values()) == {1}
    assert done is not None and (done.total, done.delivered) == (402, 402)


# -- privacy and the schema --------------------------------------------------------------------
async def test_forget_removes_the_admins_id_and_a_recipients_rows(sim: Simulator) -> None:
    person = sim.person(401, "en")
    await sim.send(person, "/start")
    await sim.store.execute("UPDATE users SET announcements = 1 WHERE id = 401")
    admin = sim.person(ADMIN_ID, "en")
    await sim.send(admin, "/start")
    await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    await broadcast_to_everyone(sim, admin)
    assert copies(sim.api) == {BERLIN["id"]: 1, 401: 1}

    for who, yes in ((person, "Yes, delete"), (admin, "Yes, delete")):
        (question,) = await sim.send(who, "/forget")
        await sim.press(who, question, yes)
        assert await rows_mentioning(sim.store, who.id) == []
    assert await groups.is_enabled(sim.store, BERLIN["id"])  # the group keeps its setting
    assert await sim.store.integrity_check() == []


async def test_migration_keeps_the_broadcasts_already_sent(db_path: Path) -> None:
    """A database from before groups (schema 6) keeps its recipients; /forget still works."""
    database_at(
        db_path,
        6,
        "INSERT INTO users (id, language, created_at, last_seen) VALUES"
        " (1, 'en', 'x', 'x'), (2, 'az', 'x', 'x');"
        "INSERT INTO broadcasts (kind, text, admin_id, created_at, state) VALUES"
        " ('text', 'hi', 1, 'x', 'done');"
        "INSERT INTO broadcast_recipients VALUES (1, 1, 'delivered'), (1, 2, 'blocked');",
    )
    store = await Store.open(db_path)
    try:
        assert await store.version() >= 7
        assert await broadcasts.state_counts(store, 1) == {"delivered": 1, "blocked": 1}
        await store.execute("DELETE FROM users WHERE id = 2")
        assert await broadcasts.state_counts(store, 1) == {"delivered": 1}
        assert await store.integrity_check() == []
    finally:
        await store.close()


@pytest.mark.parametrize("supergroup_on", [True, False])
async def test_a_supergroup_with_its_own_setting_never_gets_a_second_copy(
    settings: Settings, clock: FakeClock, supergroup_on: bool
) -> None:
    """The school's group became a supergroup and the bot missed it; an admin has already
    turned the supergroup on (or off) itself. The refused send to the old id must not add a
    copy (or send to a supergroup that turned announcements off)."""
    upgraded = -100777666555
    supergroup = {"id": upgraded, "type": "supergroup", "title": "School parents"}
    api = FakeBotAPI(fault=refusing(ApiError(400, "Bad Request: x"), ApiError.migrated(upgraded)))
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        admin = await one_person_and_three_groups(sim)
        await in_group(sim, admin, supergroup, "/group_broadcasts on")
        if not supergroup_on:
            await in_group(sim, admin, supergroup, "/group_broadcasts off")
        for _ in range(2):
            await broadcast_to_everyone(sim, admin)
        assert copies(api).get(upgraded, 0) == (2 if supergroup_on else 0)
        assert await groups.is_enabled(sim.store, upgraded) is supergroup_on
        rows = await sim.store.fetchall(
            "SELECT 1 FROM broadcast_groups WHERE chat_id = ?", (SCHOOL["id"],)
        )
        assert rows == []  # the old id is gone: the next broadcast does not try it


async def test_a_group_that_forbids_only_photos_stays_on(
    settings: Settings, clock: FakeClock
) -> None:
    refused = ApiError(400, "Bad Request: not enough rights to send photos to the chat")
    school = ApiError(400, "Bad Request: x")
    async with refused_in_groups(settings, clock, refused, school) as (sim, api, admin):
        assert await groups.is_enabled(sim.store, BERLIN["id"])  # text still goes through
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.failed == 2 and done.blocked == 0


async def test_a_group_moved_by_its_migration_message_mid_broadcast_still_gets_it(
    sim: Simulator,
) -> None:
    """The migration message moved the setting after the old id was claimed; the refused
    send to the old id must follow it to the supergroup (it is not a recipient itself)."""
    upgraded = -100777666555
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, SCHOOL, "/group_broadcasts on")
    await groups.move(sim.store, SCHOOL["id"], upgraded)  # handlers.membership, meanwhile
    sim.api.fault = lambda method, params: (
        ApiError.migrated(upgraded) if chat_id_of(params) == SCHOOL["id"] else None
    )
    bot = sim.app.bot

    async def send_to(chat_id: int) -> bool:
        await bot.send_message(chat_id, CONCERT)
        return True

    outcome = await deliver(
        sim.store, SCHOOL["id"], lambda: bot.send_message(SCHOOL["id"], CONCERT), send_to=send_to
    )
    assert outcome is Outcome.DELIVERED
    assert copies(sim.api) == {upgraded: 1}


def migration_message(sim: Simulator, chat: dict[str, Any], new_chat_id: int) -> dict[str, Any]:
    """Telegram's service message in a group that became the supergroup ``new_chat_id``."""
    raw = sim.text_update(sim.person(557), "", chat=chat)
    del raw["message"]["text"]
    raw["message"]["migrate_to_chat_id"] = new_chat_id
    return raw


@pytest.mark.parametrize("supergroup", ["no setting", "on", "off"])
async def test_a_group_that_moved_between_confirm_and_its_turn(
    sim: Simulator, clock: FakeClock, supergroup: str
) -> None:
    """The school's group became a supergroup after Confirm, before its turn: its setting
    has moved (or was dropped for the supergroup's own). It is not counted as having removed
    the bot: the announcement follows it, once, unless the supergroup turned it off."""
    upgraded = -100777666555
    chat = {"id": upgraded, "type": "supergroup", "title": "School parents"}
    await add_people(sim, [1])
    await add_people(sim, [ADMIN_ID], announcements=False)
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, SCHOOL, "/group_broadcasts on")
    if supergroup != "no setting":  # the supergroup's own setting, before Confirm
        await in_group(sim, admin, chat, "/group_broadcasts on")
    if supergroup == "off":
        await in_group(sim, admin, chat, "/group_broadcasts off")
    draft = await broadcasts.create_draft(sim.store, ADMIN_ID, clock.now(), text=CONCERT)
    frozen = await broadcasts.freeze_recipients(sim.store, draft, ADMIN_ID, clock.now())
    assert frozen == (3 if supergroup == "on" else 2)
    assert await sim.feed(migration_message(sim, SCHOOL, upgraded)) == []
    sim.api.fault = lambda method, params: (
        ApiError.migrated(upgraded) if chat_id_of(params) == SCHOOL["id"] else None
    )
    assert runner(sim).start(draft)
    await runner(sim).wait()
    assert copies(sim.api) == ({1: 1} if supergroup == "off" else {1: 1, upgraded: 1})
    assert await groups.is_enabled(sim.store, upgraded) is (supergroup != "off")


async def test_groups_refusing_an_announcement_do_not_stop_it_for_everyone(
    settings: Settings, clock: FakeClock
) -> None:
    """20 groups that take no photos are sent first (negative ids) and all fail: that says
    nothing about whether the announcement can reach people, so it goes on."""
    chats = [{"id": -100500 - i, "type": "supergroup", "title": f"G{i}"} for i in range(20)]

    def telegram(method: str, params: dict[str, Any]) -> ApiError | None:
        if method == "sendMessage" and params.get("text") == CONCERT and chat_id_of(params) < 0:
            return ApiError(400, "Bad Request: not enough rights to send photos to the chat")
        return None

    api = FakeBotAPI(fault=telegram)
    async with Simulator.running(settings, api=api, clock=clock) as sim:
        await add_people(sim, range(1, 31))
        admin = sim.person(ADMIN_ID, "en")
        for chat in chats:
            await in_group(sim, admin, chat, "/group_broadcasts on")
            clock.advance(timedelta(seconds=1))  # an admin at human speed: no flood guard
        await broadcast_to_everyone(sim, admin)
        done = await broadcasts.get(sim.store, 1)
        assert done is not None and done.state == "done"
        assert (done.delivered, done.failed, done.not_sent) == (30, 20, 0)


# -- what a review of groups found -------------------------------------------------------------
def group_member_muted(chat: dict[str, Any], *, is_member: bool, can_send: bool) -> dict[str, Any]:
    """my_chat_member: the bot restricted in a group (muted, or kept as a non-member)."""
    raw = bot_removed(chat, "restricted")
    permissions = [
        "can_send_audios",
        "can_send_documents",
        "can_send_photos",
        "can_send_videos",
        "can_send_video_notes",
        "can_send_voice_notes",
        "can_send_polls",
        "can_send_other_messages",
        "can_add_web_page_previews",
        "can_change_info",
        "can_invite_users",
        "can_pin_messages",
        "can_manage_topics",
        "can_edit_tag",
        "can_react_to_messages",
    ]
    raw["my_chat_member"]["new_chat_member"].update(
        {p: False for p in permissions} | {"is_member": is_member, "can_send_messages": can_send}
    )
    return raw


async def test_a_muted_group_and_one_that_forbids_text_are_turned_off(
    settings: Settings, clock: FakeClock
) -> None:
    """Each announcement "failed" there, and the group stayed on for ever."""
    plain = ApiError(400, "Bad Request: CHAT_SEND_PLAIN_FORBIDDEN")
    school = ApiError(400, "Bad Request: TOPIC_CLOSED")
    async with refused_in_groups(settings, clock, plain, school) as (sim, api, admin):
        assert not await groups.is_enabled(sim.store, BERLIN["id"])
        assert not await groups.is_enabled(sim.store, SCHOOL["id"])
        assert await groups.is_enabled(sim.store, PARIS["id"])
        await sim.feed(group_member_muted(PARIS, is_member=True, can_send=False))
        assert not await groups.is_enabled(sim.store, PARIS["id"])
        await in_group(sim, admin, PARIS, "/group_broadcasts on")
        await sim.feed(group_member_muted(PARIS, is_member=True, can_send=True))
        assert await groups.is_enabled(sim.store, PARIS["id"])  # only its media were limited


async def test_a_group_only_admin_is_shown_their_id_by_mydata(sim: Simulator) -> None:
    """An admin who turned announcements on in a group and never wrote privately was told
    "Nothing is stored about you", while the group's row kept their id."""
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    (reply,) = await sim.send(admin, "/mydata")
    assert f"Telegram ID: {ADMIN_ID}" in reply.text
    assert "groups where you turned announcements on: 1" in reply.text
    assert "Language" not in reply.text  # nothing else is stored: no private chat yet
    (question,) = await sim.send(admin, "/forget")
    (kept,) = await sim.press(admin, question, "No")
    assert kept.text == "Nothing was deleted."  # not "Nothing is stored about you"
    (question,) = await sim.send(admin, "/forget")
    await sim.press(admin, question, "Yes, delete")
    assert await rows_mentioning(sim.store, ADMIN_ID) == []
    (reply,) = await sim.send(admin, "/mydata")
    assert reply.text == "Nothing is stored about you."


async def test_in_a_group_nothing_tells_who_subscribed_or_who_is_an_admin(sim: Simulator) -> None:
    person = sim.person(61, "en")
    await sim.send(person, "/subscribe")
    assert await in_group(sim, person, BERLIN, "/cancel") == "There is nothing to cancel."
    (private,) = await sim.send(person, "/cancel")
    assert "/unsubscribe" in private.text
    admin = sim.person(ADMIN_ID, "en")
    assert "/broadcast" not in await in_group(sim, admin, BERLIN, "/help")
    (private,) = await sim.send(admin, "/help")
    assert "/broadcast" in private.text


async def test_a_command_for_another_bot_in_a_group_gets_no_answer(sim: Simulator) -> None:
    """Every "/ban @spammer" for a moderation bot drew "I don't know that command"."""
    person = sim.person(62, "en")
    for text in ("/ban @spammer", "/warn", "/path/to/x"):
        assert await sim.feed(sim.text_update(person, text, chat=BERLIN)) == [], text
    assert "don't know" in await in_group(sim, person, BERLIN, f"/zap@{BOT_USERNAME}")
    assert "Choose a topic" in await in_group(sim, person, BERLIN, "/topics")


async def test_a_question_beginning_with_the_bots_name_in_a_group_is_answered(
    sim: Simulator,
) -> None:
    """A persona review: "@thisbot когда день флага?" got silence (with privacy mode on,
    Telegram sends a bot the messages that mention it); a second: so did the name at the end
    ("bayraq günü nə vaxtdır @thisbot"), as often typed. The name alone, another's that
    begins as it, an e-mail address, or talk about the bot with no question is people
    talking."""
    person = sim.person(63, "ru")
    said = await in_group(sim, person, BERLIN, f"@{BOT_USERNAME} когда день флага?")
    assert said.startswith("<b>День Государственного флага"), said
    said = await in_group(sim, person, BERLIN, f"@{BOT_USERNAME.upper()}, what is the diaspora?")
    assert said.startswith("<b>"), said
    said = await in_group(sim, person, BERLIN, f"bayraq günü nə vaxtdır @{BOT_USERNAME}")
    assert said.startswith("<b>День Государственного флага"), said
    said = await in_group(sim, person, BERLIN, f"салам @{BOT_USERNAME}, когда день флага?")
    assert said.startswith("<b>День Государственного флага"), said
    for text in (
        f"@{BOT_USERNAME}",
        f"@{BOT_USERNAME}fan когда день флага?",
        f"@{BOT_USERNAME}_support когда день флага?",  # another bot's name (a review)
        f"когда день флага @{BOT_USERNAME}_support",
        f"пишите на info@{BOT_USERNAME}.com, когда день флага",
        f"ask @{BOT_USERNAME}, it knows everything",
        f"@{BOT_USERNAME} is great",
        # within a sentence, talk about the bot (a review)
        f"ребята, @{BOT_USERNAME} подскажет где ближайший дом",
        f"мне @{BOT_USERNAME} ответил неправильно",
        "hi @someone",
    ):
        assert await sim.feed(sim.text_update(person, text, chat=BERLIN)) == [], text


async def test_help_in_a_group_lists_what_works_there_and_how_to_ask(sim: Simulator) -> None:
    """A persona review: /help in a group listed /mydata, /settings (which answer there "works
    only in a private chat") and said "just type a question" (ignored in a group)."""
    said = await in_group(sim, sim.person(64, "en"), BERLIN, "/help")
    assert "/houses — " in said and "/mydata — " not in said and "/settings — " not in said
    assert "Your own settings and data (/language /mydata" in said
    assert f"begin with @{BOT_USERNAME}" in said and "just type a question" not in said
    said = await in_group(sim, sim.person(64, "en"), BERLIN, "/start")
    assert f"or begin it with @{BOT_USERNAME}" in said
    said = await in_group(sim, sim.person(64, "en"), BERLIN, "/topics")
    assert (
        said
        == f"Choose a topic — or ask in reply to one of my messages, or begin with @{BOT_USERNAME}:"
    )
    (private,) = await sim.send(sim.person(64, "en"), "/help")
    assert "/mydata — " in private.text and "just type a question" in private.text


async def test_a_house_asked_of_the_bot_in_a_place_in_a_group_gets_the_list(
    sim: Simulator,
) -> None:
    """A persona review: "@bot где азербайджанский дом в Киеве?" got the Houses' card and a
    button (a second step in front of the group); privately it is the list at once. With no
    place, the card (the nearest is searched from a location, in a private chat)."""
    person = sim.person(68, "ru")
    said = await in_group(sim, person, BERLIN, f"@{BOT_USERNAME} где азербайджанский дом в Киеве?")
    assert said.startswith("📍 <b>Рядом с городом Киев</b>"), said[:80]
    said = await in_group(
        sim, person, BERLIN, f"@{BOT_USERNAME} где ближайший азербайджанский дом?"
    )
    assert said.startswith("<b>Азербайджанские дома</b>"), said[:80]


async def test_a_question_in_reply_to_a_card_in_a_group_is_about_that_card(
    sim: Simulator,
) -> None:
    """A persona review: "а когда он?" in reply to Solidarity Day's card, in a group, got
    silence (no card is remembered in a group); in a private chat it gets the card, with its
    date. The card is known by its 📖 button, or else by its title (its longer text shown)."""
    person = sim.person(67, "ru")
    card = await in_group(sim, person, BERLIN, f"/solidarity@{BOT_USERNAME}")
    plain = without_tags(card)
    more = {"inline_keyboard": [[{"text": "📖", "callback_data": "faq:m:solidarity_day"}]]}
    for markup in (more, None):
        raw = in_reply_to_bot(sim.text_update(person, "а когда он?", chat=BERLIN), 9, plain, markup)
        (answer,) = [c for c in await sim.feed(raw) if chat_id_of(c.params) == BERLIN["id"]]
        assert str(answer.params["text"]).startswith("<b>День солидарности (31 декабря)</b>")
    # not a question about it: people talking under it (a review: "no answer" for everyone)
    for talk in ("круто", "кто идёт?", "why?", "what time?", "где встречаемся?", "really?"):
        raw = in_reply_to_bot(sim.text_update(person, talk, chat=BERLIN), 9, plain, more)
        assert await sim.feed(raw) == [], talk


async def test_another_place_in_reply_to_a_list_in_a_group_is_that_search_there(
    sim: Simulator,
) -> None:
    """A persona review: "а в Одессе есть?" in reply to the Houses near Kyiv, in a group, got
    the Houses' card; in a private chat the same follow-up lists the Houses near Odesa. The
    list's own sections say what it lists (Telegram sends its text, without the tags)."""
    person = sim.person(65, "ru")
    await in_group(sim, person, BERLIN, "/houses Киев")
    shown = sim.api.chat(BERLIN["id"])[-1]
    plain, markup = without_tags(shown.text), shown.reply_markup  # as Telegram sends them
    assert markup is not None  # its map buttons
    for text, starts in [
        ("а в Одессе есть?", "📍 <b>Рядом с городом Одесса</b>"),
        ("what about Hamburg?", "📍 <b>Рядом с городом Hamburg</b>"),  # the title as typed
        # in lower case, as often typed, a large city (a review: silence)
        ("а в одессе есть?", "📍 <b>Рядом с городом Одесса</b>"),
        ("а в гамбурге?", "📍 <b>Рядом с городом Гамбург</b>"),
    ]:
        raw = in_reply_to_bot(sim.text_update(person, text, chat=BERLIN), 1, plain, markup)
        answers = [c for c in await sim.feed(raw) if c.ok and chat_id_of(c.params) == BERLIN["id"]]
        said = str(answers[0].params["text"])
        assert said.startswith(starts) and "🏠 <b>Азербайджанские дома</b>" in said, said
        assert "🏫" not in said  # the kind listed: Houses only
    # people talking; Nina, Linda, Kafe are towns too (reviews); and a bare name, also of a
    # large city or a country, is a person's (a second review: "а София?" listed Sofia)
    talk = ["увидимся там!", "а Нина?", "what about Nina?", "and Linda?", "а в кафе?"]
    talk += ["а София?", "а Мадина?", "bəs Mədinə?", "and Charlotte?", "and Georgia?"]
    talk += ["а Одесса?"]
    # in lower case, "what about" is no place word: people's names (a review)
    talk += ["what about georgia?", "what about jordan?", "what about sofia?"]
    for said_there in talk:
        raw = in_reply_to_bot(sim.text_update(person, said_there, chat=BERLIN), 1, plain, markup)
        assert await sim.feed(raw) == [], said_there


async def test_talk_under_an_announcement_in_a_group_gets_no_answer(sim: Simulator) -> None:
    """Replies to the bot's announcement ("👍", "see you there!", "stop") each drew a reply
    for the whole group; a question it knows is still answered."""
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    await broadcast_to_everyone(sim, admin)
    (announcement,) = sim.api.sent(BERLIN["id"], method="sendMessage")[-1:]
    member = sim.person(63, "en")

    def reply(text: str, card: bool = False) -> dict[str, Any]:
        """``text`` in reply to the announcement, or (``card``) to a card with its buttons."""
        buttons = [[{"text": "📖 More", "callback_data": "faq:m:azerbaijani_houses"}]]
        markup = {"inline_keyboard": buttons} if card else None
        raw = sim.text_update(member, text, chat=BERLIN)
        return in_reply_to_bot(raw, announcement.message_id, CONCERT, markup)

    talk = ["👍", "lol", "Great, see you there!", "stop", "what time?", "See you in Berlin!"]
    talk += ["Can't make it, I'm in Paris this week", "nice music", "Мы из Баку"]
    talk += ["Are you in Paris this week?", "а в Москве есть?"]  # to the people there
    talk += ["what a day", "Is it in Berlin", "есть кто из Баку"]  # a question word, no question
    talk += ["Отлично, придём после школы"]  # a review: "school" made it a question
    for text in talk:
        assert await sim.feed(reply(text)) == [], text
    member = sim.person(66, "en")  # the first one is near the flood limit
    small_talk = ["Всем пока, до встречи", "как дела", "idiot", "Görüşərik!"]  # a review
    small_talk += ["До встречи в субботу!", "bye", "goodbye all", "до свидания"]
    small_talk += ["Спасибо, пока", "Всем спасибо, пока"]  # a review: answered as thanks
    for text in small_talk:
        assert await sim.feed(reply(text)) == [], text
    member = sim.person(63, "en")
    (answer,) = await sim.feed(reply("When is Solidarity Day?"))
    assert "31 December" in answer.params["text"]
    # a question the bot can help with, though not for sure, is still answered (a review
    # found the first version silent on these)
    assert await sim.feed(reply("how nice", card=True)) == []  # not "Houses near Nice"
    member = sim.person(65, "en")  # another member: the first one is at the flood limit
    (answer,) = await sim.feed(reply("а в Москве есть?", card=True))
    assert "Москв" in answer.params["reply_markup"]["inline_keyboard"][0][0]["text"]
    (answer,) = await sim.feed(reply("Hamburg"))
    assert "Hamburg" in answer.params["reply_markup"]["inline_keyboard"][0][0]["text"]
    questions = ("what are diaspora organisations", "расскажите про диаспоры", "diaspora groups？")
    for question in questions:
        (answer,) = await sim.feed(reply(question))
        assert len(answer.params["reply_markup"]["inline_keyboard"]) > 1, question


async def test_a_member_asking_to_stop_in_a_group_that_gets_announcements_is_told_how(
    sim: Simulator,
) -> None:
    """A review: "stop these announcements" under one in a group got nothing, and
    "/unsubscribe" there only "works in a private chat", which leaves the group's on. Where
    the group gets them: how they stop there, and one's own privately; elsewhere as before."""
    admin = sim.person(ADMIN_ID, "en")
    await in_group(sim, admin, BERLIN, "/group_broadcasts on")
    await broadcast_to_everyone(sim, admin)
    (announcement,) = sim.api.sent(BERLIN["id"], method="sendMessage")[-1:]
    asked = [
        ("en", "stop these announcements"),
        ("ru", "хватит спамить"),
        ("az", "elanları dayandırın"),
    ]
    for number, (lang, text) in enumerate(asked):
        member = sim.person(70 + number, lang)
        raw = in_reply_to_bot(sim.text_update(member, text, chat=BERLIN), announcement.message_id)
        (answer,) = await sim.feed(raw)
        assert "/group_broadcasts off" in answer.params["text"], text
        assert answer.params["reply_markup"]["inline_keyboard"][0][0]["url"], text
    member = sim.person(73, "en")
    answer_text = await in_group(sim, member, BERLIN, "/unsubscribe")
    assert answer_text.startswith("📢 This group gets the community's announcements"), answer_text
    # a group that gets none: /unsubscribe is personal, as before
    answer_text = await in_group(sim, member, PARIS, "/unsubscribe")
    assert answer_text.startswith("/unsubscribe works only in a private chat"), answer_text
    assert await groups.is_enabled(sim.store, BERLIN["id"])  # nothing turned off by a member
    # a bot admin asking so is given the command itself
    answer_text = await in_group(sim, admin, BERLIN, "/unsubscribe")
    assert (
        answer_text
        == "This group gets the community's announcements. To stop: /group_broadcasts off"
    )


async def test_a_country_button_in_a_forum_topic_answers_in_that_topic(sim: Simulator) -> None:
    """The list went to the group's General topic."""
    forum = {**BERLIN, "is_forum": True}
    member = sim.person(64, "en")
    await in_group(sim, member, forum, "/help")
    shown = sim.api.sent(BERLIN["id"])[-1]
    raw = sim.callback_update(member, sim.api.messages[(BERLIN["id"], shown.message_id)], "")
    raw["callback_query"]["data"] = "pl:c:house:DE"
    raw["callback_query"]["message"].update(
        {"chat": forum, "message_thread_id": 77, "is_topic_message": True}
    )
    (answer,) = [c for c in await sim.feed(raw) if c.method == "sendMessage"]
    assert chat_id_of(answer.params) == BERLIN["id"] and answer.params["message_thread_id"] == 77


@pytest.mark.parametrize(
    "data",
    ["set:open", "set:ann:0", "set:tz:Asia/Tokyo:JP", "set:zones", "rem:ask:yes", "rem:at:7"]
    + ["lang:ru", "fg:yes"],
)
@pytest.mark.parametrize("where", ["group", "inline"])
async def test_personal_buttons_act_only_in_a_private_chat(
    sim: Simulator, data: str, where: str
) -> None:
    """A security review: crafted "set:open" on a card in a group posted the presser's zone,
    hour and subscriptions there, and others' presses on it changed theirs in front of the
    group; on a card shared through inline mode (no chat) "set:…", "rem:…", "lang:…" rewrote
    the card into the presser's settings. Only an alert, to the presser; nothing changes."""
    member = sim.person(65, "en")
    await sim.send(member, "/timezone Europe/Berlin")
    await sim.send(member, "/subscribe")
    before = await sim.store.fetchone("SELECT * FROM users WHERE id = 65")
    await in_group(sim, member, BERLIN, f"/flagday@{BOT_USERNAME}")
    shown = sim.api.sent(BERLIN["id"])[-1]
    card = sim.api.messages[(BERLIN["id"], shown.message_id)]
    raw = sim.callback_update(member, card, data)
    if where == "group":
        raw["callback_query"]["message"]["chat"] = BERLIN
    else:  # a card shared through inline mode: Telegram gives no message, only its id
        del raw["callback_query"]["message"]
        raw["callback_query"]["inline_message_id"] = "AAQinline123"
    calls = await sim.feed(raw)
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert sim.alert() == "Reminders and settings are personal: write to me in a private chat."
    assert sim.api.sent(BERLIN["id"])[-1] == shown  # nothing posted there
    assert sim.api.messages[(BERLIN["id"], shown.message_id)].text == card.text  # nor rewritten
    after = await sim.store.fetchone("SELECT * FROM users WHERE id = 65")
    assert dict(after) == dict(before)
