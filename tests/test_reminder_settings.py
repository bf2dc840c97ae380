"""What a person sees: /start's question, /subscribe, /unsubscribe, /settings, /timezone,
the holiday cards' "remind me" button; and the holidays file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import gazetteer, holidays, reminders
from bot.cli import main
from bot.clock import FakeClock
from bot.config import Settings
from bot.context import BotContext
from bot.hours import hour_named, impossible_hour, minutes_dropped
from bot.simulator import Simulator, touched
from bot.store import Store, broadcasts, migrations, users
from bot.store import subscriptions as subs
from handlers.reminders import run_reminders
from tests.conftest import database_at, in_reply_to_bot
from tests.test_reminders import greetings

FIXTURE = Path(__file__).parent / "data" / "holidays.toml"


@pytest.fixture
async def hsim(sim: Simulator) -> Simulator:
    await holidays.load(sim.store, FIXTURE)
    return sim


async def test_start_asks_a_new_person_once_and_yes_subscribes(hsim: Simulator) -> None:
    aysel = hsim.person(1, "az")
    greeting, question = await hsim.send(aysel, "/start")
    assert greeting.text.startswith("Salam")
    assert "Dövlət Bayrağı Günü (9 noyabr)" in question.text
    (confirmed,) = await hsim.press(aysel, question, "Bəli")
    assert confirmed.text.startswith("✅ Abunə oldunuz")
    assert await subs.subscribed_holidays(hsim.store, 1) == {"solidarity_day", "flag_day"}
    profile = await users.get(hsim.store, 1)
    assert profile is not None and profile.announcements
    assert len(await hsim.send(aysel, "/start")) == 1  # asked only once


@pytest.mark.parametrize(
    ("lang", "answer", "holidays", "starts"),
    [
        ("ru", "да только про 31 декабря", {"solidarity_day"}, "🔔"),
        ("en", "yes please, just flag day", {"flag_day"}, "🔔"),
        ("en", "yes, flag day", {"flag_day"}, "🔔"),  # a yes with 2 words more: all, before
        ("az", "bəli, yalnız Bayraq günü", {"flag_day"}, "🔔"),
        ("ru", "да, но не про 31 декабря", set(), ""),  # a refusal: not this holiday
        ("en", "when is flag day", set(), "<b>"),  # a question: its card, nothing subscribed
        ("ru", "да, про 31-е декабря", {"solidarity_day"}, "🔔"),
        ("az", "hə, dekabrın 31-i", {"solidarity_day"}, "🔔"),
        # a review of the first version: the day excluded, added, or asked about was subscribed
        ("en", "yes, except flag day", set(), ""),
        ("ru", "да, кроме 31 декабря", set(), ""),
        ("az", "bəli, bayraq günündən başqa", set(), ""),
        ("en", "yes, and flag day too", set(), ""),
        ("en", "ok, when is flag day?", set(), "<b>State Flag Day"),
        ("ru", "хорошо, а когда день флага?", set(), "<b>День"),
        ("en", "ok what is solidarity day", set(), "<b>"),
    ],
)
async def test_start_question_answered_with_one_holiday(
    hsim: Simulator, lang: str, answer: str, holidays: set[str], starts: str
) -> None:
    """A mixed-language review: "да только про 31 декабря" after /start's question got
    Solidarity Day's card, and nothing was subscribed."""
    person = hsim.person(4, lang)
    await hsim.send(person, "/start")
    replies = await hsim.send(person, answer)
    assert await subs.subscribed_holidays(hsim.store, 4) == holidays
    assert replies[0].text.startswith(starts), replies[0].text


INDEPENDENCE_DAY = """
[[holiday]]
id = "independence_day"
month = 10
day = 18
[holiday.name]
az = "Müstəqillik Günü"
en = "Independence Day"
ru = "День независимости"
[holiday.greeting]
az = "Müstəqillik Günümüz mübarək!"
en = "Happy Independence Day!"
ru = "С Днём независимости!"
"""


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "remind me on Independence Day"),
        ("en", "/subscribe independence day"),
        ("en", "remind me on 18 October"),
        ("ru", "напомни 18 октября"),
        ("ru", "напомни о Дне независимости"),
        ("az", "Müstəqillik Gününü xatırlat"),
    ],
)
async def test_a_holiday_an_operator_added_without_a_card_is_named_by_its_name_or_date(
    sim: Simulator, tmp_path: Path, lang: str, text: str
) -> None:
    """A content editor's review: a holiday added to holidays.toml without a knowledge-base
    topic (`faq` is optional) could only be subscribed to with /subscribe 18.10; "remind me
    on Independence Day" was refused with a list that named Independence Day."""
    added = tmp_path / "holidays.toml"
    added.write_text(FIXTURE.read_text(encoding="utf-8") + INDEPENDENCE_DAY, encoding="utf-8")
    await holidays.load(sim.store, added)
    person = sim.person(5, lang)
    await sim.send(person, "/start")
    (reply, *_) = await sim.send(person, text)
    assert await subs.subscribed_holidays(sim.store, 5) == {"independence_day"}, reply.text
    assert reply.text.startswith("🔔")
    # the holidays with cards are still named as before, and by their cards' words
    await sim.send(person, "remind me on flag day" if lang == "en" else "/subscribe 9.11")
    assert "flag_day" in await subs.subscribed_holidays(sim.store, 5)


NEW_YEAR = """
[[holiday]]
id = "new_year"
month = 1
day = 1
[holiday.name]
az = "Yeni il"
en = "New Year"
ru = "Новый год"
[holiday.greeting]
az = "Yeni iliniz mübarək!"
en = "Happy New Year!"
ru = "С Новым годом!"
"""


@pytest.mark.parametrize(
    ("lang", "first", "text", "subscribed"),
    [
        # a review: one common word of a longer name named it (now: the reminders card)
        ("en", "/settings", "remind me of new holidays", set()),
        ("ru", "/settings", "напомни о новых праздниках", set()),
        ("en", "/settings", "remind me on new year", {"new_year"}),
        # a yes to /start's question that names a holiday without a card
        ("en", "/start", "yes, only independence day", {"independence_day"}),
        ("ru", "/start", "да, только новый год", {"new_year"}),
    ],
)
async def test_a_holiday_without_a_card_is_named_by_its_whole_name(
    sim: Simulator, tmp_path: Path, lang: str, first: str, text: str, subscribed: set[str]
) -> None:
    added = tmp_path / "holidays.toml"
    added.write_text(
        FIXTURE.read_text(encoding="utf-8") + INDEPENDENCE_DAY + NEW_YEAR, encoding="utf-8"
    )
    await holidays.load(sim.store, added)
    person = sim.person(6, lang)
    await sim.send(person, first)
    await sim.send(person, text)
    assert await subs.subscribed_holidays(sim.store, 6) == subscribed


async def test_start_question_no_subscribes_nothing(hsim: Simulator) -> None:
    person = hsim.person(2, "ru")
    _, question = await hsim.send(person, "/start")
    (answer,) = await hsim.press(person, question, "Нет")
    assert "/subscribe" in answer.text
    assert await subs.subscribed_holidays(hsim.store, 2) == set()


async def test_subscribe_and_unsubscribe_confirm(hsim: Simulator) -> None:
    person = hsim.person(3, "en")
    (reply,) = await hsim.send(person, "/subscribe")
    assert "World Azerbaijanis Solidarity Day (31 December)" in reply.text
    assert "10:00 (Baku)" in reply.text  # no offset: it may differ by the holiday
    (reply,) = await hsim.send(person, "/unsubscribe")
    assert reply.text.startswith("🔕 Unsubscribed")
    assert await subs.subscribed_holidays(hsim.store, 3) == set()
    profile = await users.get(hsim.store, 3)
    assert profile is not None and not profile.announcements


async def test_remind_me_button_on_a_holiday_card(hsim: Simulator) -> None:
    person = hsim.person(4, "ru")
    (card,) = await hsim.send(person, "/help")  # any message of the bot can carry the button
    (said,) = await hsim.press_data(person, card, "rem:sub:flag_day")
    # a message that stays in the chat (a pop-up is easy to miss), with how to set the zone
    assert said.text.splitlines() == [
        "🔔 День Государственного флага: напомню 9 ноября в 10:00 (Баку). Изменить: /settings.",
        "Я пока не знаю ваш часовой пояс, поэтому это время по стандартному поясу бота (Баку):"
        " отправьте геопозицию 📍 или напишите свой город, например: /timezone Берлин",
    ]
    assert said.message_id != card.message_id and hsim.alert() is None
    assert await subs.subscribed_holidays(hsim.store, 4) == {"flag_day"}
    (said,) = await hsim.send(person, "Кёльн")  # the city asked for
    assert "Кёльн" in said.text
    (said,) = await hsim.press_data(person, card, "rem:sub:solidarity_day")
    assert said.text == (
        "🔔 День солидарности азербайджанцев мира: напомню 31 декабря в 10:00 (Берлин)."
        " Изменить: /settings."
    )
    await hsim.press_data(person, card, "rem:sub:no_such_day")
    assert "/start" in (hsim.alert() or "")  # the polite "stale button" answer
    await hsim.press_data(person, card, "rem:sub")
    assert "/start" in (hsim.alert() or "")


async def test_settings_screen_toggles_everything(hsim: Simulator) -> None:
    person = hsim.person(5, "en")
    await hsim.send(person, "/subscribe")
    (screen,) = await hsim.send(person, "/settings")
    assert "Baku time is used" in screen.text
    labels = [b["text"] for b in screen.inline_buttons]
    assert "✅ World Azerbaijanis Solidarity Day · 31 December" in labels
    (screen,) = await hsim.press(person, screen, "State Flag Day")
    assert "▫️ State Flag Day · 9 November" in [b["text"] for b in screen.inline_buttons]
    assert await subs.subscribed_holidays(hsim.store, 5) == {"solidarity_day"}
    (screen,) = await hsim.press(person, screen, "📢")
    assert "Diaspora announcements: off." in screen.text
    (zones,) = await hsim.press(person, screen, "🌍")
    (screen,) = await hsim.press(person, zones, "New York")
    assert "10:00 (New York)." in screen.text and "Baku time" not in screen.text
    (picker,) = await hsim.press(person, screen, "Language")
    changed = await hsim.press(person, picker, "Azərbaycanca")
    assert changed[0].text.startswith("✅")
    (screen,) = await hsim.send(person, "/settings")
    assert screen.text.startswith("⚙️ <b>Ayarlar</b>")


async def test_a_switch_sets_what_its_label_showed_even_tapped_twice_or_late(
    hsim: Simulator,
) -> None:
    """A review: the switches flipped. A double tap on "✅ State Flag Day" said "Saved" twice
    and left it on; after /unsubscribe, "✅ State Flag Day" on an older screen turned it on."""
    person = hsim.person(9, "en")
    await hsim.send(person, "/subscribe")
    (screen,) = await hsim.send(person, "/settings")
    shown = {b["text"]: b["callback_data"] for b in screen.inline_buttons}  # as first sent
    flag, news = shown["✅ State Flag Day · 9 November"], shown["📢 Announcements: on"]
    solidarity = shown["✅ World Azerbaijanis Solidarity Day · 31 December"]
    for _ in range(2):  # the second tap reaches the bot from the same buttons: "off" again
        await hsim.press_data(person, screen, flag)
        await hsim.press_data(person, screen, news)
    assert await subs.subscribed_holidays(hsim.store, 9) == {"solidarity_day"}
    profile = await users.get(hsim.store, 9)
    assert profile is not None and not profile.announcements
    await hsim.send(person, "/unsubscribe")
    await hsim.press_data(person, screen, solidarity)  # showed ✅: off, as it is already
    assert await subs.subscribed_holidays(hsim.store, 9) == set()
    (fresh,) = await hsim.send(person, "/settings")
    await hsim.press(person, fresh, "State Flag Day")  # shows ▫️: on
    assert await subs.subscribed_holidays(hsim.store, 9) == {"flag_day"}


async def test_a_switch_of_a_screen_from_before_the_change_redraws_it(hsim: Simulator) -> None:
    """Screens sent before the switches said what they set ("set:h:flag_day"): shown as they
    are now, nothing changed (a re-review: "out of date", and the old screen stayed)."""
    person = hsim.person(10, "en")
    await hsim.send(person, "/subscribe")
    (screen,) = await hsim.send(person, "/settings")
    for old in ("set:h:flag_day", "set:ann"):
        calls = await hsim.feed(hsim.callback_update(person, screen, old))
        assert hsim.alert() == (
            "This screen was out of date: here it is as it is now. Press the button again to"
            " change it."
        )
        assert "editMessageText" in [c.method for c in calls]  # redrawn (here: as it was)
    assert await subs.subscribed_holidays(hsim.store, 10) == {"flag_day", "solidarity_day"}
    profile = await users.get(hsim.store, 10)
    assert profile is not None and profile.announcements


async def test_forged_settings_buttons_get_a_polite_answer(hsim: Simulator) -> None:
    person = hsim.person(6, "en")
    (screen,) = await hsim.send(person, "/settings")
    for data in (
        "set:hour:25",
        "set:hour:x",
        "set:tz:Mars/Olympus",
        "set:h:nope:1",
        "set:h:flag_day:2",
        "set:ann:x",
        "set",
        "set:zz",
    ):
        await hsim.press_data(person, screen, data)
        assert "no longer valid" in (hsim.alert() or ""), data
    profile = await users.get(hsim.store, 6)
    assert profile is not None and profile.reminder_hour == 10 and profile.timezone is None


async def test_a_zone_chosen_by_button_sets_that_places_country(hsim: Simulator) -> None:
    """A places review: "Alexandria, United States" pressed after "/timezone Alexandria" set
    New York's zone and kept Egypt; a zone of a country's list set no country, and one of
    the common list kept any. Announcements by country follow the stored country."""
    person = hsim.person(16, "en")
    await hsim.send(person, "/start")

    async def country() -> str | None:
        profile = await users.get(hsim.store, 16)
        assert profile is not None
        return profile.country

    (reply,) = await hsim.send(person, "/timezone Alexandria")
    assert await country() == "EG"
    await hsim.press(person, reply, "Alexandria, United States")
    profile = await users.get(hsim.store, 16)
    assert profile is not None and (profile.timezone, profile.country) == ("America/New_York", "US")
    (reply,) = await hsim.send(person, "/timezone Russia")
    await hsim.press(person, reply, "Novosibirsk")
    assert await country() == "RU"
    # the common list: the zone's country, unless the person's own keeps that zone
    (picker,) = await hsim.send(person, "/timezone")
    await hsim.press(person, picker, "Berlin")
    assert await country() == "DE"
    (reply,) = await hsim.send(person, "/timezone Vienna")
    assert await country() == "AT"
    (picker,) = await hsim.send(person, "/timezone")
    await hsim.press(person, picker, "Moscow")
    assert await country() == "RU"
    await hsim.press_data(person, picker, "set:tz:Europe/Vienna")  # a button from before
    assert await country() == "AT"
    # one's own country kept where a city of it keeps the zone's clock (Sokhumi, Georgia:
    # Moscow; a review: Stockholm picking "Berlin" became Germany's, Tbilisi "Baku" Azerbaijan's)
    now = datetime(2026, 11, 29, tzinfo=UTC)
    # ... unless the list has a zone of it that does: Baku picking "Tbilisi" has moved, while
    # Vancouver picking "Los Angeles" or Samara "Baku" has no zone of its own there (reviews)
    listed = reminders.COMMON_ZONES
    for zone, own, kept, *had in [
        ("Europe/Moscow", "BY", "BY"),  # Minsk keeps Moscow's clock all year
        ("Europe/Moscow", "DE", "RU"),
        ("Europe/Moscow", "GE", "RU"),  # Sokhumi's, occupied territory, is not Georgia's
        ("Europe/Berlin", "SE", "SE"),
        ("Europe/Paris", "BE", "BE"),
        ("Europe/Paris", "DE", "FR"),
        ("Asia/Dubai", "OM", "OM"),
        ("Asia/Tbilisi", "AZ", "GE"),
        ("Asia/Baku", "RU", "RU"),  # Samara's clock
        ("America/Los_Angeles", "CA", "CA"),  # Vancouver's
        ("Europe/Istanbul", "UA", "TR"),  # not through Crimea's zone
        ("America/New_York", "EG", "US"),
        ("Etc/GMT-4", "SE", None),
        # ... but one whose zone was in the list has moved (a review: Moscow picking "Baku",
        # Toronto "Los Angeles" kept Russia, Canada)
        ("Asia/Baku", "RU", "AZ", "Europe/Moscow"),
        ("America/Los_Angeles", "CA", "US", "America/Toronto"),
        ("Asia/Baku", "RU", "RU", "Europe/Samara"),
        ("America/Los_Angeles", "CA", "CA", "America/Vancouver"),
    ]:
        found = await gazetteer.country_of_zone(hsim.store, zone, own, now, listed, *had)
        assert found == kept, (zone, own, had)
    (reply,) = await hsim.send(person, "/timezone Stockholm")
    (picker,) = await hsim.send(person, "/timezone")
    await hsim.press(person, picker, "Berlin")
    assert await country() == "SE"


async def test_timezone_typed_as_a_name(hsim: Simulator) -> None:
    person = hsim.person(7, "en")
    (reply,) = await hsim.send(person, "/timezone europe/paris")
    assert reply.text == (
        "✅ Time zone: Paris, UTC+1. Reminders will arrive at 10:00 in this zone.\n"
        # a review: people not subscribed took "will arrive" for a promise
        "🔕 You are not subscribed to holiday reminders, so none come yet. To subscribe:"
        " /subscribe"
    )
    await hsim.send(person, "/subscribe")
    (reply,) = await hsim.send(person, "/timezone europe/paris")
    assert reply.text == "✅ Time zone: Paris, UTC+1. Reminders will arrive at 10:00 in this zone."
    (reply,) = await hsim.send(person, "/timezone <b>Narnia</b>")
    assert "“&lt;b&gt;Narnia&lt;/b&gt;”" in reply.text
    (picker,) = await hsim.send(person, "/timezone")
    assert any("Berlin (UTC+1)" in b["text"] for b in picker.inline_buttons)
    (picker_ru,) = await hsim.send(hsim.person(8, "ru"), "/timezone")  # cities in Russian
    # nothing ticked for someone who never chose (a places review: "✅ Baku" read as chosen)
    assert {"Берлин (UTC+1)", "Баку (UTC+4)"} <= {b["text"] for b in picker_ru.inline_buttons}
    assert "✅ Paris (UTC+1)" in [b["text"] for b in picker.inline_buttons]
    (picker_az,) = await hsim.send(hsim.person(9, "az"), "/timezone")
    assert "Nyu-York (UTC-5)" in {b["text"] for b in picker_az.inline_buttons}
    profile = await users.get(hsim.store, 7)
    assert profile is not None and profile.timezone == "Europe/Paris" and profile.timezone_manual
    for typed in ("UTC", "Etc/UTC"):  # Etc/ zones are refused (inverted signs), not this one
        (reply,) = await hsim.send(person, f"/timezone {typed}")
        assert reply.text.startswith("✅ Time zone: UTC.")


async def test_stop_button_on_a_reminder(hsim: Simulator) -> None:
    person = hsim.person(8, "en")
    await hsim.send(person, "/subscribe")
    (screen,) = await hsim.send(person, "/settings")
    await hsim.press_data(person, screen, "rem:off:solidarity_day")
    assert hsim.alert() == "🔕 No more reminders about World Azerbaijanis Solidarity Day."
    assert await subs.subscribed_holidays(hsim.store, 8) == {"flag_day"}
    replies = await hsim.press_data(person, screen, "set:open")
    assert replies[-1].text.startswith("⚙️")


# -- the holidays file -------------------------------------------------------------------------
def test_fixture_parses() -> None:
    loaded = holidays.read(FIXTURE)
    assert [(h.id, h.month, h.day) for h in loaded] == [
        ("solidarity_day", 12, 31),
        ("flag_day", 11, 9),
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("day = 9", "day = 31"), "month 11, day 31 is not a date"),
        (('ru = "С Днём флага!"', ""), "greeting.ru is missing"),
        (('id = "flag_day"', 'id = "solidarity_day"'), "appears twice"),
        (('id = "flag_day"', 'id = "Flag Day"'), "id must be"),
        (("month = 11", "month = 11.5"), "whole numbers"),
        (("[[holiday]]", "[[holiday"), "not valid TOML"),
        # a misspelt key's text was dropped without a word (an operator review)
        (
            ('faq = "flag_day"', 'fag = "flag_day"'),
            "unknown key\\(s\\) 'fag' \\(did you mean 'faq'\\?\\)",
        ),
        (
            ('ru = "С Днём флага!"', 'tr = "Bayrak Günü kutlu olsun!"'),
            "'tr' in \\[holiday.greeting\\]",
        ),
        (("(the real file", "\nholidays = 2\n# (the real file"), "'holidays' \\(did you mean"),
    ],
)
def test_broken_holiday_files_are_refused_with_a_reason(
    change: tuple[str, str], problem: str
) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    old, new = change
    broken = text[::-1].replace(old[::-1], new[::-1], 1)[::-1]  # the last occurrence
    with pytest.raises(holidays.HolidayFileError, match=problem):
        holidays.parse(broken)


async def test_loading_is_idempotent_and_a_broken_file_keeps_what_was_there(
    sim: Simulator, tmp_path: Path
) -> None:
    await holidays.load(sim.store, FIXTURE)
    await holidays.load(sim.store, FIXTURE)
    rows = await sim.store.fetchall("SELECT count(*) FROM holiday_texts")
    assert rows[0][0] == 6
    broken = tmp_path / "broken.toml"
    broken.write_text("[[holiday]]\nid = 1\n", encoding="utf-8")
    await holidays.load_at_start(sim.store, broken)
    assert len(await subs.all_holidays(sim.store)) == 2
    one = tmp_path / "one.toml"
    first_only = "[[holiday]]" + FIXTURE.read_text(encoding="utf-8").split("[[holiday]]")[1]
    one.write_text(first_only, encoding="utf-8")
    await holidays.load(sim.store, one)
    assert [h.id for h in await subs.all_holidays(sim.store)] == ["solidarity_day"]


def test_a_mistyped_holiday_id_keeps_everyones_subscriptions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Removing a holiday deletes its subscriptions: a typo in its id (in data/holidays.toml,
    or a file imported) must not do that silently. It is kept until --remove says so."""
    db = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("BOT_DB", str(db))

    async def subscribed() -> set[str]:
        store = await Store.open(db)
        try:
            if not await subs.all_holidays(store):  # the first call sets the scene
                await holidays.load(store, FIXTURE)
                await store.execute(
                    "INSERT INTO users (id, language, created_at, last_seen)"
                    " VALUES (7, 'en', 'x', 'x')"
                )
                assert await subs.subscribe(store, 7, "flag_day")
            return await subs.subscribed_holidays(store, 7)
        finally:
            await store.close()

    assert asyncio.run(subscribed()) == {"flag_day"}
    typo = tmp_path / "holidays.toml"
    typo.write_text(
        FIXTURE.read_text(encoding="utf-8").replace('id = "flag_day"', 'id = "flag_dya"'),
        encoding="utf-8",
    )
    before = db.read_bytes()
    # a subscribed holiday suspended is a mistake a pre-start check must stop at (a review)
    assert main(["import", "holidays", str(typo), "--check"]) == 1
    # (the fixture's "<test>" greeting is noted as sent as typed: not what this test is about)
    assert [ln for ln in capsys.readouterr().out.splitlines() if "<test>" not in ln] == [
        "ok: 2 holidays can be imported: solidarity_day, flag_dya",
        # nobody had both holidays: nobody gets the "new" one unasked
        "would add flag_dya: the 0 people subscribed to every holiday would get its reminders too",
        f"warning: would keep flag_day: not in {typo}, but 1 person is subscribed to it; it"
        " would be suspended (not sent, not offered) with their subscriptions. If its id"
        " changed, put the old id back; --remove would remove it and those subscriptions",
    ]
    assert main(["import", "holidays", str(typo), "--check", "--remove"]) == 0
    assert [ln for ln in capsys.readouterr().out.splitlines() if "<test>" not in ln][2:] == [
        f"would remove (in the database, not in {typo}, with 1 subscription(s)): flag_day"
    ]
    assert db.read_bytes() == before  # --check writes nothing
    assert main(["import", "holidays", str(typo)]) == 0
    out = capsys.readouterr().out
    assert f"kept flag_day: not in {typo}, but 1 person is subscribed to it" in out
    assert asyncio.run(subscribed()) == {"flag_day"}
    # suspended once, it is no news: the check passes (the warning stays; a review)
    assert main(["import", "holidays", str(typo), "--check"]) == 0
    assert "warning: would keep flag_day" in capsys.readouterr().out
    assert main(["import", "holidays", str(typo), "--remove"]) == 0
    assert f"removed (not in {typo}): flag_day" in capsys.readouterr().out
    assert asyncio.run(subscribed()) == set()


async def test_a_renamed_holiday_is_sent_once_and_its_old_id_waits_suspended(
    hsim: Simulator, clock: FakeClock, tmp_path: Path
) -> None:
    """flag_day renamed state_flag_day (faq kept): flag_day's subscribers keep their rows, but
    nobody gets two Flag Day greetings, and everything offered is the new id. Whoever had
    every holiday has the new one too, so nobody loses the greeting either."""
    old = hsim.person(5, "en")
    await hsim.send(old, "/subscribe")
    renamed = tmp_path / "holidays.toml"
    text = FIXTURE.read_text(encoding="utf-8")
    renamed.write_text(text.replace('id = "flag_day"', 'id = "state_flag_day"'), "utf-8")
    done = await holidays.load(hsim.store, renamed)
    assert done.kept == {"flag_day": 1}
    new = hsim.person(6, "en")
    await hsim.send(new, "/subscribe")  # every holiday: the suspended one is not offered
    assert await subs.subscribed_holidays(hsim.store, 6) == {"solidarity_day", "state_flag_day"}
    (card,) = await hsim.send(new, "/flagday")
    buttons = [b.get("callback_data") for b in card.inline_buttons]
    assert "rem:sub:state_flag_day" in buttons and "rem:sub:flag_day" not in buttons
    audience = await broadcasts.holidays_in_audience(hsim.store, "en")  # admins see one too
    assert [h[0] for h in audience] == ["state_flag_day", "solidarity_day"]
    clock.set(datetime(2027, 11, 9, 15, 0, tzinfo=UTC))
    await run_reminders(BotContext(hsim.app))
    flag_greetings = {
        p.id: [t for t in greetings(hsim.api, p) if t.startswith("🇦🇿 <b>State Flag Day")]
        for p in (old, new)
    }
    assert [len(flag_greetings[p.id]) for p in (old, new)] == [1, 1]
    assert "flag_day" in await subs.subscribed_holidays(hsim.store, 5)  # kept, suspended
    (mydata,) = await hsim.send(old, "/mydata")
    assert "State Flag Day (paused: no longer in the list of holidays)" in mydata.text
    await hsim.press_data(old, hsim.api.chat(5)[-1], "rem:off:flag_day")  # 🔕 on an old one
    assert hsim.alert() == "🔕 No more reminders about State Flag Day."
    assert "flag_day" not in await subs.subscribed_holidays(hsim.store, 5)
    await holidays.load(hsim.store, FIXTURE)  # the old id back in the file: active again
    assert {h.id for h in await subs.all_holidays(hsim.store)} == {"flag_day", "solidarity_day"}


async def test_settings_are_personal_not_for_groups(hsim: Simulator) -> None:
    group = {"id": -100500, "type": "group", "title": "Diaspora"}
    stranger = hsim.person(9, "en")
    await hsim.feed(hsim.text_update(stranger, "/subscribe", chat=group))
    await hsim.feed(hsim.text_update(stranger, "/settings", chat=group))
    texts = [m.text for m in hsim.api.chat(-100500)]
    assert [t.split(maxsplit=1)[0] for t in texts] == ["/subscribe", "/settings"]
    assert all("works only in a private chat with me" in t for t in texts)
    assert await users.get(hsim.store, 9) is None  # nothing stored about them
    card = hsim.api.chat(-100500)[0]
    press = hsim.callback_update(stranger, card, "rem:sub:flag_day")
    press["callback_query"]["message"]["chat"] = group  # the simulator assumes a private chat
    await hsim.feed(press)
    assert hsim.alert() == "Reminders and settings are personal: write to me in a private chat."
    assert await users.get(hsim.store, 9) is None


async def test_remind_me_pressed_in_a_group_answers_only_the_presser(hsim: Simulator) -> None:
    group = {"id": -100501, "type": "group", "title": "Diaspora"}
    member = hsim.person(10, "en")
    await hsim.send(member, "/start")  # known to the bot from a private chat
    await hsim.feed(hsim.text_update(member, "/help@" + hsim.app.bot.username, chat=group))
    (card,) = hsim.api.chat(-100501)
    press = hsim.callback_update(member, card, "rem:sub:flag_day")
    press["callback_query"]["message"]["chat"] = group
    await hsim.feed(press)
    assert (hsim.alert() or "").startswith("🔔 State Flag Day: I will remind you on 9 November")
    assert len(hsim.api.chat(-100501)) == 1 and len(hsim.api.chat(member.id)) == 2
    assert await subs.subscribed_holidays(hsim.store, 10) == {"flag_day"}


def test_cli_imports_a_holidays_file_and_refuses_a_broken_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_DB", str(tmp_path / "db.sqlite3"))
    assert main(["import", "holidays", str(FIXTURE)]) == 1  # no database: a mistyped BOT_DB?
    assert "no database at" in capsys.readouterr().err
    assert main(["import", "holidays", str(FIXTURE), "--check"]) == 0
    assert "ok: 2 holidays can be imported: solidarity_day, flag_day" in capsys.readouterr().out
    database_at(tmp_path / "db.sqlite3", len(migrations()), "")
    assert main(["import", "holidays", str(FIXTURE)]) == 0
    assert "loaded 2 holidays: solidarity_day, flag_day" in capsys.readouterr().out
    broken = tmp_path / "broken.toml"
    broken.write_text(FIXTURE.read_text(encoding="utf-8").replace("day = 9", "day = 31"))
    assert main(["import", "holidays", str(broken)]) == 1
    assert "month 11, day 31 is not a date" in capsys.readouterr().err


async def test_plain_text_places_show_names_as_written(sim: Simulator, tmp_path: Path) -> None:
    odd = tmp_path / "odd.toml"
    odd.write_text(
        FIXTURE.read_text(encoding="utf-8").replace(
            'en = "State Flag Day"', 'en = "Flag & People\'s Day"'
        ),
        encoding="utf-8",
    )
    await holidays.load(sim.store, odd)
    person = sim.person(11, "en")
    (screen,) = await sim.send(person, "/settings")
    assert "▫️ Flag & People's Day · 9 November" in [b["text"] for b in screen.inline_buttons]
    (said,) = await sim.press_data(person, screen, "rem:sub:flag_day")
    assert said.text.startswith("🔔 Flag &amp; People&#x27;s Day:")  # an HTML message: escaped
    (reply,) = await sim.send(person, "/subscribe")
    assert "Flag &amp; People&#x27;s Day" in reply.text  # an HTML message: escaped


async def test_forged_hour_and_odd_zone_names_are_refused_politely(hsim: Simulator) -> None:
    person = hsim.person(4701, "en")
    (screen,) = await hsim.send(person, "/settings")
    await hsim.press_data(person, screen, "set:hour:²")  # a digit to str.isdigit, not to int
    assert hsim.alert() == "This button is no longer valid. Please send /start again."
    # tzdata's own "EST" (UTC-5 all year) is never used: "EST" typed is New York's zone
    for name in ("localtime", "Factory", "Etc/GMT+5"):
        (reply,) = await hsim.send(person, f"/timezone {name}")
        assert reply.text.startswith("I don't know a time zone or city called"), name
    (reply,) = await hsim.send(person, "/timezone europe/berlin")
    assert "Berlin, UTC+1" in reply.text


async def test_timezone_by_city_name_in_any_spelling(sim: Simulator) -> None:
    person = sim.person(4702, "az")
    (reply,) = await sim.send(person, "/timezone Köln")
    assert "Berlin, UTC+1" in reply.text and "Almaniya" in reply.text
    (reply,) = await sim.send(person, "/timezone Nyu-York")
    assert "Nyu-York (Amerika Birləşmiş Ştatları) üzrə saat qurşağı: UTC-5" in reply.text
    person_ru = sim.person(4703, "ru")
    (reply,) = await sim.send(person_ru, "/timezone Москва")
    assert "Москва (Россия): UTC+3" in reply.text  # not Москва twice
    stored = await users.get(sim.store, 4703)
    assert stored is not None and stored.timezone == "Europe/Moscow" and stored.timezone_manual
    (reply,) = await sim.send(person_ru, "/timezone Xyzzyqwerty")
    assert reply.text.startswith("Не знаю часового пояса или города")
    (reply,) = await sim.send(sim.person(4704, "en"), "/timezone Berlin")
    assert reply.inline_buttons == []  # not North Canton, Ohio, once called Berlin


async def test_timezone_by_a_near_spelling_asks_and_a_country_or_city_country_works(
    sim: Simulator,
) -> None:
    """ "/timezone Almaniya" (Germany) set Alanya's zone, Türkiye: a near spelling was taken as
    the city typed; "Berlin, Germany" was unknown; "Springfield" offered two alike buttons."""
    person = sim.person(4705, "en")
    (reply,) = await sim.send(person, "/timezone Berlni")
    assert reply.text.startswith("I don't know a city called “Berlni”. Did you mean")
    unset = await users.get(sim.store, 4705)
    assert unset is None or unset.timezone is None  # nothing set from a guess
    await sim.press(person, reply, "Berlin, Germany — UTC+1")
    stored = await users.get(sim.store, 4705)
    assert stored is not None and stored.timezone == "Europe/Berlin"
    (reply,) = await sim.send(person, "/timezone Almaniya")
    assert "Time zone of Germany: Berlin, UTC+1" in reply.text
    (reply,) = await sim.send(person, "/timezone Paris, France")
    assert "Paris (France): UTC+1" in reply.text and not reply.inline_buttons
    (reply,) = await sim.send(person, "/timezone Springfield")
    labels = [b["text"] for b in reply.inline_buttons]
    assert labels and len(labels) == len(set(labels))


@pytest.mark.parametrize(
    ("lang", "typed"), [("ru", "Александрия"), ("ru", "Aleksandriya"), ("az", "Aleksandriya")]
)
async def test_timezone_of_a_name_in_another_language_offers_the_listed_namesake(
    sim: Simulator, lang: str, typed: str
) -> None:
    """A review: "/timezone Александрия" in Russian set Egypt's zone and offered no
    Alexandria, Virginia (the House's city; the gazetteer has no Russian name for it), which
    "/timezone Alexandria" does offer. Pressing it sets that zone and country."""
    person = sim.person(4720, lang)
    (reply,) = await sim.send(person, f"/timezone {typed}")
    assert "(Египет)" in reply.text or "(Misir)" in reply.text  # the larger city's zone first
    stored = await users.get(sim.store, 4720)
    assert stored is not None and stored.timezone == "Africa/Cairo"
    (button,) = [b["text"] for b in reply.inline_buttons]
    assert button.startswith(f"Alexandria ({typed}), ")
    await sim.press(person, reply, button)
    stored = await users.get(sim.store, 4720)
    assert stored is not None
    assert (stored.timezone, stored.country) == ("America/New_York", "US")


def test_import_holidays_check_notes_tags_and_marks_sent_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A content editor's review: "<b>", "<br>" and "{name}" in a greeting passed silently
    and were sent as typed."""
    path = tmp_path / "holidays.toml"
    path.write_text(
        FIXTURE.read_text(encoding="utf-8").replace(
            'en = "Happy Flag Day!"', 'en = "<b>Happy Flag Day</b>, {name}!"'
        ),
        encoding="utf-8",
    )
    assert main(["import", "holidays", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    for mark in ("<b>", "</b>", "{name}"):
        assert f"note: flag_day [en]: {mark} is sent as it is" in out
    assert holidays.shown_as_typed(holidays.read(holidays.DEFAULT_FILE)) == []


def test_a_holidays_file_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    path.write_bytes(b"\xef\xbb\xbf" + FIXTURE.read_bytes())  # Windows Notepad adds one
    assert [h.id for h in holidays.read(path)] == ["solidarity_day", "flag_day"]


def test_a_holidays_file_saved_as_ansi_names_the_line_and_the_fix(tmp_path: Path) -> None:
    """An operator review: "'utf-8' codec can't decode byte 0xc4 in position 336"."""
    path = tmp_path / "holidays.toml"
    text = FIXTURE.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1254", errors="replace"))  # Turkish Windows' "ANSI"
    first = next(n for n, ln in enumerate(text.splitlines(), 1) if not ln.isascii())
    with pytest.raises(holidays.HolidayFileError) as refused:
        holidays.read(path)
    assert f"is not UTF-8 text (line {first}): save it with the encoding UTF-8" in str(
        refused.value
    )


async def test_timezone_for_a_country_with_several_zones_asks_and_a_town_of_its_name_is_offered(
    sim: Simulator,
) -> None:
    person = sim.person(4706, "ru")
    (reply,) = await sim.send(person, "/timezone USA")
    assert reply.text == "В стране Соединенные Штаты несколько часовых поясов. Какой ваш?"
    labels = [b["text"] for b in reply.inline_buttons]
    assert "Лос-Анджелес, Соединенные Штаты — UTC-8" in labels  # not "Los Angeles, …"
    unset = await users.get(sim.store, 4706)
    assert unset is None or unset.timezone is None  # nothing set until a zone is chosen
    (reply,) = await sim.send(person, "/timezone Куба")  # Cuba, or Quba, Azerbaijan?
    assert "Часовой пояс страны Куба: Гавана, UTC-5" in reply.text  # not "Havana"
    assert [b["text"] for b in reply.inline_buttons] == ["Quba (Куба), Азербайджан — Баку, UTC+4"]


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Грузия", "Asia/Tbilisi"), ("Украина", "Europe/Kyiv"), ("Казахстан", "Asia/Almaty")],
)
async def test_a_country_with_one_time_sets_it(sim: Simulator, typed: str, zone: str) -> None:
    """A Russian speaker's review: Georgia "had several zones" (Sokhumi on Moscow time),
    Ukraine offered Sevastopol at UTC+3, Kazakhstan seven buttons all at UTC+5."""
    person = sim.person(4710, "ru")
    (reply,) = await sim.send(person, f"/timezone {typed}")
    assert reply.text.startswith(f"✅ Часовой пояс страны {typed}:"), reply.text
    assert not reply.inline_buttons
    stored = await users.get(sim.store, 4710)
    assert stored is not None and stored.timezone == zone


async def test_a_country_with_several_times_offers_each_once(sim: Simulator) -> None:
    from zoneinfo import ZoneInfo

    person = sim.person(4711, "ru")
    (reply,) = await sim.send(person, "/timezone Россия")
    pressed = [b["callback_data"].split(":")[2:] for b in reply.inline_buttons]
    zones = [zone for zone, _country in pressed]
    assert {country for _zone, country in pressed} == {"RU"}  # each sets the country too
    assert {"Europe/Kaliningrad", "Europe/Moscow", "Asia/Kamchatka"} <= set(zones)
    winter = datetime(2027, 1, 15, 12, tzinfo=UTC)
    offsets = [winter.astimezone(ZoneInfo(z)).utcoffset() for z in zones]
    assert len(offsets) == len(set(offsets)) == 11  # Russia's eleven times, each once
    assert reply.inline_buttons[0]["text"] == "Москва, Россия — UTC+3"


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("смени часовой пояс на московский", "Europe/Moscow"),  # was Moskovskiy, Tajikistan
        ("/timezone московское время", "Europe/Moscow"),
        ("/timezone бакинское", "Asia/Baku"),
        ("/timezone киевское время", "Europe/Kyiv"),
    ],
)
async def test_a_city_named_by_its_adjective_is_that_citys_time(
    sim: Simulator, said: str, zone: str
) -> None:
    person = sim.person(4712, "ru")
    (reply, *_) = await sim.send(person, said)
    stored = await users.get(sim.store, 4712)
    assert stored is not None and stored.timezone == zone, reply.text


async def test_subscribing_without_a_zone_says_it_is_baku_time_and_how_to_change_it(
    sim: Simulator,
) -> None:
    """/start offers "10:00 your time"; the confirmation said "10:00 (Asia/Baku)" unexplained."""
    person = sim.person(4707, "en")
    (reply,) = await sim.send(person, "/subscribe")
    assert "I don't know your time zone yet, so this is Baku time" in reply.text
    await sim.send(person, "/timezone Berlin")
    await sim.send(person, "/unsubscribe")
    (reply,) = await sim.send(person, "/subscribe")
    assert "10:00 (Berlin)" in reply.text and "Baku time" not in reply.text


NEW_HOLIDAY = (
    '\n[[holiday]]\nid = "victory_day"\nmonth = 11\nday = 8\n'
    '[holiday.name]\naz = "Zəfər Günü"\nen = "Victory Day"\nru = "День Победы"\n'
    '[holiday.greeting]\naz = "Zəfər Gününüz mübarək!"\nen = "Happy Victory Day!"\n'
    'ru = "С Днём Победы!"\n'
)


async def test_a_holiday_added_to_the_file_reaches_who_subscribed_to_every_holiday(
    hsim: Simulator, clock: FakeClock, tmp_path: Path
) -> None:
    """/subscribe promises every holiday; a holiday added later reached only people who
    subscribed after it was added (an admin's review). Who chose holidays one by one, or
    none, is not subscribed to it unasked."""
    everything = hsim.person(20, "en")
    await hsim.send(everything, "/subscribe")
    one_off = hsim.person(21, "en")
    await hsim.send(one_off, "/subscribe")
    await hsim.press_data(one_off, hsim.api.chat(21)[-1], "rem:off:flag_day")
    never = hsim.person(22, "en")
    await hsim.send(never, "/start")
    added = tmp_path / "holidays.toml"
    added.write_text(FIXTURE.read_text(encoding="utf-8") + NEW_HOLIDAY, encoding="utf-8")
    done = await holidays.load(hsim.store, added)
    assert done.added == {"victory_day": 1}
    assert "victory_day" in await subs.subscribed_holidays(hsim.store, 20)
    assert "victory_day" not in await subs.subscribed_holidays(hsim.store, 21)
    assert await subs.subscribed_holidays(hsim.store, 22) == set()
    clock.set(datetime(2026, 11, 8, 6, 0, tzinfo=UTC))  # 10:00 in Baku
    await run_reminders(BotContext(hsim.app))
    assert [t.split("\n")[0] for t in greetings(hsim.api, everything)] == ["🇦🇿 <b>Victory Day</b>"]
    assert greetings(hsim.api, one_off) == [] and greetings(hsim.api, never) == []
    assert (await holidays.load(hsim.store, added)).added == {}  # loaded again: nothing new


def test_cli_check_says_who_a_new_holiday_would_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_DB", str(tmp_path / "db.sqlite3"))
    database_at(tmp_path / "db.sqlite3", len(migrations()), "")
    assert main(["import", "holidays", str(FIXTURE)]) == 0
    capsys.readouterr()
    added = tmp_path / "holidays.toml"
    added.write_text(FIXTURE.read_text(encoding="utf-8") + NEW_HOLIDAY, encoding="utf-8")
    assert main(["import", "holidays", str(added), "--check"]) == 0
    assert "would add victory_day: the 0 people subscribed to every holiday" in (
        capsys.readouterr().out
    )
    assert main(["import", "holidays", str(added)]) == 0
    assert "new: victory_day; the 0 people subscribed to every holiday get it too" in (
        capsys.readouterr().out
    )


def test_cli_import_of_a_copy_checks_its_own_faq_folder_and_says_what_a_start_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A content editor's review: checking a copy of data/ said "faq 'novruz' is not a topic
    in data/faq" about the installed folder, not the copy's, and an import from the copy did
    not say that the next start suspends what data/holidays.toml lacks."""
    from bot import DATA_DIR

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_DB", str(tmp_path / "db.sqlite3"))
    database_at(tmp_path / "db.sqlite3", len(migrations()), "")
    copy = tmp_path / "data"
    (copy / "faq").mkdir(parents=True)
    (copy / "faq" / "victory_day.toml").write_text('id = "victory_day"\n', encoding="utf-8")
    edited = copy / "holidays.toml"
    linked = NEW_HOLIDAY.replace("day = 8\n", 'day = 8\nfaq = "victory_day"\n')
    edited.write_text(FIXTURE.read_text(encoding="utf-8") + linked, encoding="utf-8")
    assert main(["import", "holidays", str(edited), "--check"]) == 0
    out = capsys.readouterr().out
    assert "faq 'victory_day' is not a topic" not in out  # its topic is in the copy's faq/
    (copy / "faq" / "victory_day.toml").rename(copy / "faq" / "other.toml")
    assert main(["import", "holidays", str(edited), "--check"]) == 0
    assert f"faq 'victory_day' is not a topic in {copy / 'faq'}" in capsys.readouterr().out
    assert main(["import", "holidays", str(edited)]) == 0
    out = capsys.readouterr().out
    assert f"note: the bot loads {(DATA_DIR / 'holidays.toml').resolve()} at every start" in out
    from bot.cli import _people

    assert (_people(1), _people(0)) == ("the 1 person", "the 0 people")  # was "the 1 people"


async def test_a_holiday_back_in_the_file_reaches_who_subscribed_to_every_holiday_meanwhile(
    hsim: Simulator, tmp_path: Path
) -> None:
    """A review: /subscribe while a holiday was suspended, and it never came to that person
    when it came back, nor (not having "every" holiday any more) any holiday added later."""
    early = hsim.person(30, "en")
    await hsim.send(early, "/subscribe")
    without = tmp_path / "without.toml"
    text = FIXTURE.read_text(encoding="utf-8")
    without.write_text(text.replace('id = "flag_day"', 'id = "flag_day_x"'), "utf-8")
    await holidays.load(hsim.store, without)  # flag_day suspended (30 subscribed to it)
    late = hsim.person(31, "en")
    await hsim.send(late, "/subscribe")  # every holiday offered now: not flag_day
    done = await holidays.load(hsim.store, FIXTURE)  # flag_day back
    assert "flag_day" in done.added
    assert "flag_day" in await subs.subscribed_holidays(hsim.store, 31)
    assert "flag_day" in await subs.subscribed_holidays(hsim.store, 30)


async def test_a_holiday_back_from_suspension_never_returns_to_who_turned_it_off(
    hsim: Simulator, tmp_path: Path
) -> None:
    """A second review: someone who turned Flag Day off got it back when it returned to the
    file, since the rest was "every holiday offered"."""
    on = hsim.person(32, "en")
    await hsim.send(on, "/subscribe")
    off = hsim.person(33, "en")
    await hsim.send(off, "/subscribe")
    await hsim.press_data(off, hsim.api.chat(33)[-1], "rem:off:flag_day")
    without = tmp_path / "without.toml"
    text = FIXTURE.read_text(encoding="utf-8")
    without.write_text(text.replace('id = "flag_day"', 'id = "flag_day_x"'), "utf-8")
    await holidays.load(hsim.store, without)  # flag_day suspended (32 is subscribed)
    await holidays.load(hsim.store, FIXTURE)  # and back
    assert "flag_day" not in await subs.subscribed_holidays(hsim.store, 33)
    assert "flag_day" in await subs.subscribed_holidays(hsim.store, 32)
    (mydata,) = await hsim.send(off, "/mydata")  # what is stored says so
    assert "Reminders for holidays added later, too: no" in mydata.text
    # ticking it again, one by one, is every holiday again: later ones come too
    (screen,) = await hsim.send(off, "/settings")
    await hsim.press_data(off, screen, "set:h:flag_day:1")
    added = tmp_path / "added.toml"
    added.write_text(text + NEW_HOLIDAY, encoding="utf-8")
    await holidays.load(hsim.store, added)
    assert "victory_day" in await subs.subscribed_holidays(hsim.store, 33)


async def test_the_migration_marks_who_has_every_holiday(tmp_path: Path) -> None:
    """Databases from before migration 0015: who had every holiday then has the flag."""
    db = tmp_path / "old.sqlite3"
    database_at(
        db,
        14,
        "INSERT INTO holidays (id, month, day) VALUES ('flag_day', 11, 9), ('sol', 12, 31);"
        "INSERT INTO users (id, language, created_at, last_seen)"
        " VALUES (1, 'en', 'x', 'x'), (2, 'en', 'x', 'x');"
        "INSERT INTO holiday_subscriptions VALUES (1, 'flag_day'), (1, 'sol'), (2, 'sol');",
    )
    store = await Store.open(db)  # migrates
    try:
        rows = await store.fetchall("SELECT id, every_holiday FROM users ORDER BY id")
        assert [tuple(r) for r in rows] == [(1, 1), (2, 0)]
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("remind me at 9am", 9),
        ("remind me at 9 am", 9),
        ("remind me at 9:30", 9),  # whole hours: the minutes are dropped
        ("at 9pm", 21),
        ("at 12am", 0),
        ("at 12 p.m.", 12),
        ("at 7 in the evening", 19),
        ("напомни в 9 утра", 9),
        ("в 9 вечера", 21),
        ("в 2 дня", 14),
        ("в 12 ночи", 0),
        ("вечером в 8", 20),
        ("в 21:00", 21),
        ("saat 9-da xatırlat", 9),
        ("axşam 9-da", 21),
        ("saat 21:00-da", 21),
        ("8:00", 8),
        # no hour: a number alone is no time
        ("remind me 2 days before", None),
        ("напомни за 2 дня", None),  # two days before (a review: 14:00)
        ("через 2 дня", None),
        ("в 2 часа дня", 14),
        ("remind me on 9 November", None),
        ("9.11", None),  # 9 November, or 9:11: not a time without "at"
        ("/subscribe 9.30", 9),  # no date: a time (a review: "/subscribe 9.30" was 10:00)
        ("/subscribe 21.00", 21),
        ("since 11.24", None),  # in a sentence a dot is no time (a re-review)
        ("Bayraq gününü xatırlat, oğlum 5-a sinifdə oxuyur", None),
        ("Həmrəylik gününü xatırlat, 1-ə qədər", None),
        ("31.12", None),
        ("31.12.2026", None),
        ("31 dekabr", None),
        ("Noyabrın 9-da xatırlat", None),  # a date (a review)
        ("mart ayının 8-də", None),
        ("ayın 9-da", None),
        ("saatı 7-yə dəyiş", 7),  # the hyphened "to"
        ("vaxtı 9-a dəyiş", 9),
        ("noyabrın 9-a qədər", None),  # until 9 November
        ("dekabrın 31-də saat 9-da", 9),
        ("at 25", None),
        ("remind me", None),
        # "часов" after a word that sets a time is an hour (a mixed-language review); a span
        # or a difference is none (a review of that)
        ("время поставьте 14 часов", 14),
        ("Подпишите меня, разница 3 часа", None),
        ("Отпишите меня пожалуйста, 5 часов ждал ответа", None),
        ("за 2 часа до", None),
        ("2 часа назад", None),
        ("через 3 часа", None),
        # "to", "на" after a word of the time (a persona review); a count is no hour
        ("change my reminder time to 9", 9),
        ("поменяйте время напоминаний на 9", 9),
        ("saat 9'da gönder", 9),  # Turkish apostrophe
        ("how much time to 5 km", None),
        ("time to 3 people", None),
        ("сколько времени на 2 дня", None),
        # a shift is no hour (a review of the rule above: 01:00, 03:00, 02:00)
        ("сдвиньте время напоминаний на 1 час позже", None),
        ("поменяйте время напоминания на 3 часа вперёд", None),
        ("время напоминания на 2 недели раньше", None),
        ("reminder time to 1 hour later", None),
        # ... but an hour with its unit, or before something, is one (a review of that)
        ("change my reminder time to 9 o'clock", 9),
        ("установите время напоминаний на 20 часов", 20),
        ("поменяйте время на 8 до работы", 8),
        # a verb of moving makes it a shift (a review: 02:00, 03:00)
        ("сдвиньте время напоминаний на 2 часа", None),
        ("перенесите время напоминаний на 3 часа", None),
        ("поменяйте время на 2 часа пораньше", None),
        # ... but the new time after one is that time, as before it (a review of that)
        ("перенесите время напоминаний на 9", 9),
        ("перенесите время напоминаний на 20 часов", 20),
        ("сдвиньте время напоминаний на 21", 21),
        ("move my reminder time to 9", 9),
        ("push the reminder time to 8", 8),
        ("I moved. Reminder time to 8", 8),
        ("set the reminder time to 10 ahead of work", 10),
        ("move the time to 3 hours ahead", None),
        ("akşam 8de", 20),  # Turkish "evening" (a persona review: 08:00)
    ],
)
def test_an_hour_said_in_words(text: str, hour: int | None) -> None:
    assert hour_named(text) == hour


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("перенесите время напоминаний на 9", "✅ Напоминания о праздниках будут приходить в 09"),
        ("сдвиньте время напоминаний на 1 час позже", "В какое время присылать напоминания?"),
        # a day or a date: reminders come on the holiday itself (a review: the hours offered)
        ("перенесите напоминание на 10 ноября", "<b>Как работают напоминания о праздниках</b>"),
        # ... but "дня" is also the afternoon: "на 3 часа дня" is 15:00 (a review of that)
        (
            "поставьте время напоминаний на 3 часа дня",
            "✅ Напоминания о праздниках будут приходить в 15",
        ),
    ],
)
async def test_moving_the_reminders_sets_the_time_named_and_no_day(
    hsim: Simulator, text: str, starts: str
) -> None:
    person = hsim.person(471, "ru")
    await hsim.send(person, "/subscribe")
    (answer, *_) = await hsim.send(person, text)
    assert answer.text.startswith(starts), answer.text[:80]
    view = await reminders.settings_of(hsim.store, 471, "ru")
    hour = next((h for h in (9, 15) if f"в {h:02d}" in starts), 10)
    assert view is not None and view.hour == hour


@pytest.mark.parametrize(
    ("lang", "text", "shown"),
    [
        ("en", "remind me at 9 am", "at 09:00"),
        ("en", "/subscribe 7", "at 07:00"),
        ("en", "/subscribe 9 pm", "at 21:00"),  # a review: 09:00
        ("ru", "напомни в 9 вечера", "в 21:00"),
        ("az", "saat 8-də xatırlat", "08:00"),
    ],
)
async def test_remind_me_at_an_hour_subscribes_at_that_hour(
    hsim: Simulator, lang: str, text: str, shown: str
) -> None:
    """ "remind me at 9am" subscribed at 10:00 and said so."""
    person = hsim.person(31, lang)
    await hsim.send(person, "/start")
    (reply,) = await hsim.send(person, text)
    assert shown in reply.text.splitlines()[0]
    profile = await users.get(hsim.store, 31)
    assert profile is not None and profile.reminder_hour == int(shown[-5:-3])
    assert await subs.subscribed_holidays(hsim.store, 31) == {"solidarity_day", "flag_day"}


@pytest.mark.parametrize(
    ("text", "dropped"),
    [("at 9:30", True), ("/subscribe 9.30", True), ("в 8:00", False), ("at 9", False)],
)
def test_minutes_are_noticed(text: str, dropped: bool) -> None:
    assert minutes_dropped(text) is dropped


@pytest.mark.parametrize(
    ("lang", "first", "text", "note"),
    [
        ("en", "/start", "/subscribe 9.30", "Reminders come on the whole hour, without minutes."),
        ("ru", "/start", "напомни в 8:45", "Напоминания приходят ровно в начале часа, без минут."),
        ("az", "/subscribe", "saat 7:30-a keçir", "Xatırlatmalar tam saatda gəlir, dəqiqəsiz."),
        (
            "en",
            "/subscribe",
            "make it 7:15 pm",
            "Reminders come on the whole hour, without minutes.",
        ),
    ],
)
async def test_an_hour_with_minutes_is_set_to_the_whole_hour_and_says_so(
    hsim: Simulator, lang: str, first: str, text: str, note: str
) -> None:
    """A review: "at 9:30" set 09:00 without a word, and "/subscribe 9.30" set 10:00."""
    person = hsim.person(34, lang)
    await hsim.send(person, first)
    (reply,) = await hsim.send(person, text)
    assert f"ℹ️ {note}" in reply.text.splitlines()
    profile = await users.get(hsim.store, 34)
    assert profile is not None
    hour = profile.reminder_hour
    assert f"{hour:02d}:00" in reply.text and hour == hour_named(text)
    assert hour != 10


@pytest.mark.parametrize(
    ("text", "impossible"),
    [
        ("at 25", True),
        ("в 25:00", True),
        ("напомни о дне флага в 25", True),  # a review: 10:00 said and set
        ("напомни в 30!", True),
        ("в 25 странах", False),  # 25 countries
        ("remind me at 9", False),
        ("25", False),
    ],
)
def test_an_hour_no_day_has(text: str, impossible: bool) -> None:
    assert impossible_hour(text) is impossible


async def test_subscribe_at_an_hour_that_does_not_exist_changes_nothing(
    hsim: Simulator,
) -> None:
    person = hsim.person(32, "en")
    await hsim.send(person, "/start")
    (reply,) = await hsim.send(person, "/subscribe 25")
    assert reply.text.startswith("There is no such hour.")
    assert await subs.subscribed_holidays(hsim.store, 32) == set()


async def test_settings_say_when_no_reminder_comes(hsim: Simulator) -> None:
    """A review: after "No, thanks", /settings said "Holiday reminders arrive on the day at
    19:00 (Chicago)" with no holiday ticked; she waited for one that never came."""
    person = hsim.person(33, "en")
    (screen,) = await hsim.send(person, "/settings")
    assert screen.text.splitlines()[2] == (
        "🔕 You get no holiday reminders now: tick a holiday below (✅) or send /subscribe."
        " They would come on the day at 10:00 (Baku)."
    )
    (ticked,) = await hsim.press(person, screen, "Flag Day")
    assert ticked.text.splitlines()[2] == "Holiday reminders arrive on the day at 10:00 (Baku)."


async def test_the_hour_asked_for_in_words_changes_only_the_hour(hsim: Simulator) -> None:
    """A user-journey review: "поменяй время напоминания на 8 утра", "can you remind me at
    7pm instead?" were not understood; "remind me at 9" by a subscriber also turned back on a
    holiday they had turned off."""
    person = hsim.person(34, "ru")
    await hsim.send(person, "/subscribe")
    (screen,) = await hsim.send(person, "/settings")
    await hsim.press(person, screen, "День Государственного флага")  # off
    (reply,) = await hsim.send(person, "поменяй время напоминания на 8 утра")
    assert reply.text.startswith("✅ Напоминания о праздниках будут приходить в 08:00 (Баку).")
    profile = await users.get(hsim.store, 34)
    assert profile is not None and profile.reminder_hour == 8
    assert await subs.subscribed_holidays(hsim.store, 34) == {"solidarity_day"}
    english = hsim.person(35, "en")
    await hsim.send(english, "/subscribe")
    (reply,) = await hsim.send(english, "can you remind me at 7pm instead?")
    assert reply.text.startswith("✅ Holiday reminders will come at 19:00 (Baku).")
    (hours,) = await hsim.send(english, "hey can u remind me in the evening instead")
    assert hours.text == "At what time should reminders arrive? (your local time)"
    (chosen,) = await hsim.press(english, hours, "20:00")
    profile = await users.get(hsim.store, 35)
    assert profile is not None and profile.reminder_hour == 20


async def test_what_is_my_time_zone_is_answered(hsim: Simulator) -> None:
    person = hsim.person(36, "ru")
    await hsim.send(person, "/start")
    (reply,) = await hsim.send(person, "а какой у меня часовой пояс?")
    assert reply.text.startswith(
        "🕒 Вы не выбрали часовой пояс, поэтому используется стандартный пояс бота: Баку"
    )
    await hsim.send(person, "/timezone Берлин")
    (reply,) = await hsim.send(person, "какой у меня часовой пояс")
    assert reply.text.startswith("🕒 Ваш часовой пояс: Берлин, UTC+1.")


async def test_a_default_zone_that_is_an_offset_is_not_called_a_city(settings: Settings) -> None:
    """With BOT_DEFAULT_TZ=UTC the Russian texts read "время по городу UTC" (a diff review):
    they name the default zone as the default, which reads right for a city and an offset."""
    import dataclasses

    try:
        running = dataclasses.replace(settings, default_timezone="UTC")
        async with Simulator.running(running) as sim:
            person = sim.person(37, "ru")
            await sim.send(person, "/start")
            said = [m.text for m in await sim.send(person, "а какой у меня часовой пояс?")]
            said += [m.text for m in await sim.send(person, "/settings")]
            said += [m.text for m in await sim.send(person, "/mydata")]
            for text in said:
                assert "город" not in text.split("/timezone")[0], text
            assert "используется стандартный пояс бота: UTC." in said[0], said[0]
            assert "используется стандартный пояс бота: UTC." in said[1], said[1]
            assert "по стандартному поясу бота: UTC)" in said[2], said[2]
    finally:
        reminders.use_default_zone(Settings().default_timezone)


async def test_an_hour_asked_for_by_someone_not_subscribed_says_how(hsim: Simulator) -> None:
    """A review: "remind me at 8 about the concert" from someone who had said no subscribed
    them to everything at 08:00."""
    person = hsim.person(37, "en")
    (offer,) = await hsim.send(person, "can you remind me at 7pm instead?")
    reply = offer
    assert reply.text.startswith("🔔 You don't get holiday reminders yet")
    assert reply.text.endswith("To get them at 19:00, press the button, or send /subscribe 19.")
    assert await subs.subscribed_holidays(hsim.store, 37) == set()
    (reply,) = await hsim.send(person, "remind me at 8 about the concert")
    assert not reply.text.startswith("✅")
    assert await subs.subscribed_holidays(hsim.store, 37) == set()
    # the button does it (a mixed-language review: the reply read as a refusal)
    (after, *_) = await hsim.press(person, offer, "🔔 Remind me at 19:00")
    assert after.text.startswith("✅ Subscribed.") and "19:00" in after.text
    assert await subs.subscribed_holidays(hsim.store, 37)
    view = await reminders.settings_of(hsim.store, 37, "en")
    assert view is not None and view.hour == 19


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "don't remind me at 9"),
        ("ru", "не напоминай в 9 утра"),
        ("az", "saat 9-da xatırlatma göndərmə"),
    ],
)
async def test_an_hour_not_wanted_offers_another_and_keeps_the_subscription(
    hsim: Simulator, lang: str, text: str
) -> None:
    """A review: "don't remind me at 9" unsubscribed a person from every reminder and every
    announcement. The hour is what they do not want: the one they have, and the others."""
    person = hsim.person(38, lang)
    await hsim.send(person, "/subscribe")
    (reply,) = await hsim.send(person, text)
    assert "10:00 (" in reply.text and "/unsubscribe" in reply.text
    assert "✅ 10:00" in [b["text"] for b in reply.inline_buttons]
    assert len(await subs.subscribed_holidays(hsim.store, 38)) == 2
    profile = await users.get(hsim.store, 38)
    assert profile is not None and profile.announcements
    await hsim.press(person, reply, "07:00")
    profile = await users.get(hsim.store, 38)
    assert profile is not None and profile.reminder_hour == 7
    # not subscribed: nothing to stop or move, and how to get them at an hour
    stranger = hsim.person(39, lang)
    (reply,) = await hsim.send(stranger, text)
    assert "/subscribe 18" in reply.text
    assert await subs.subscribed_holidays(hsim.store, 39) == set()
    # without an hour it is still a request to stop
    (reply,) = await hsim.send(
        person,
        {"en": "dont remind me", "ru": "не напоминайте", "az": "xatırlatma göndərməyin"}[lang],
    )
    assert reply.text.startswith("🔕")
    assert await subs.subscribed_holidays(hsim.store, 38) == set()


async def test_unsubscribe_by_someone_not_subscribed_says_so(hsim: Simulator) -> None:
    """A review: "отпишите меня" from someone who had never subscribed got "🔕 Подписка
    отменена", as if something had been on."""
    person = hsim.person(40, "ru")
    (reply,) = await hsim.send(person, "ой я случайно нажала, отпишите меня пожалуйста")
    assert reply.text.startswith("🔕 Вы не подписаны")
    await hsim.send(person, "/subscribe")
    (reply,) = await hsim.send(person, "/unsubscribe")
    assert reply.text.startswith("🔕 Подписка отменена")
    assert await subs.subscribed_holidays(hsim.store, 40) == set()


@pytest.mark.parametrize(
    ("lang", "text", "reply"),
    [
        # a review: "what is my time zone in Berlin" was answered with the person's own zone
        ("en", "what is my time zone in Berlin", "🕒 Time zone of Berlin: Berlin, UTC+1."),
        ("en", "what time zone is Toronto in?", "🕒 Time zone of Toronto: Toronto, UTC-5."),
        ("ru", "какой часовой пояс в Москве?", "🕒 Москва: часовой пояс Москва, UTC+3."),
        ("ru", "какой часовой пояс в Германии", "🕒 Германия: часовой пояс Берлин, UTC+1."),
        ("az", "Berlinin saat qurşağı hansıdır?", "🕒 Berlin üçün saat qurşağı: Berlin, UTC+1."),
    ],
)
async def test_the_time_zone_of_a_place_is_told_and_not_set(
    hsim: Simulator, lang: str, text: str, reply: str
) -> None:
    person = hsim.person(41, lang)
    (answer,) = await hsim.send(person, text)
    assert answer.text.startswith(reply) and "/timezone " in answer.text
    profile = await users.get(hsim.store, 41)
    assert profile is not None and profile.timezone is None  # a question: nothing set
    (own,) = await hsim.send(
        person,
        {
            "en": "what is my time zone",
            "ru": "какой у меня часовой пояс",
            "az": "mənim saat qurşağım hansıdır",
        }[lang],
    )
    assert own.text.startswith("🕒") and any(b in own.text for b in ("Baku", "Баку", "Bakı"))


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # a re-review: a word after the phrase was taken for a town
        ("what is my time zone again", "🕒 You have not chosen a time zone"),  # not Aga, Egypt
        ("what time zone is best?", "I'm not sure"),  # not Best, the Netherlands
        # no place: the knowledge base, not "I don't know that place"
        ("what time zone is the reminder sent in", "<b>How holiday reminders work</b>"),
        ("time zone in my settings?", "🕒 You have not chosen a time zone"),
        # a place with more around it
        ("time zone in London please", "🕒 Time zone of London: London, UTC+0."),
        ("what time zone is Berlin in? 🙂", "🕒 Time zone of Berlin: Berlin, UTC+1."),
        # a re-review: a greeting was a town (Salam, Oman), a letter another (İ, China)
        ("Salam, Berlinin saat qurşağı hansıdır?", "🕒 Time zone of Berlin: Berlin, UTC+1."),
        ("İ'nin saat qurşağı hansıdır", "I'm not sure"),  # the reminders card as a maybe
        ("какой часовой пояс в Ярославле", "🕒 Time zone of Ярославль: Moscow, UTC+3."),
        # a second persona review: the place first was "not understood"
        ("Ярославль какой часовой пояс?", "🕒 Time zone of Ярославль: Moscow, UTC+3."),
        ("какой часовой пояс?", "I'm not sure"),  # no place: as before
        # Turkish "my time zone": set, as "saat qurşağım Berlin" is
        ("saat dilimim Berlin", "✅ Time zone of Berlin (Germany): UTC+1."),
        # a question: no city called "nedir" (a review), the reminders card, which says how
        ("saat dilimi nedir", "<b>How holiday reminders work</b>"),
        ("saat dilimi Berlin", "✅ Time zone of Berlin (Germany): UTC+1."),
    ],
)
async def test_a_time_zone_question_without_a_place_is_no_place(
    hsim: Simulator, text: str, starts: str
) -> None:
    (reply, *_) = await hsim.send(hsim.person(42, "en"), text)
    assert reply.text.startswith(starts), reply.text[:80]


async def test_a_places_zone_in_a_group_has_no_private_command(hsim: Simulator) -> None:
    """A re-review: the answer pointed to /timezone, which works only in a private chat."""
    group = {"id": -100420, "type": "supergroup", "title": "Diaspora"}
    raw = in_reply_to_bot(
        hsim.text_update(hsim.person(43, "en"), "what time zone is Berlin in?", chat=group)
    )
    (answer,) = touched(hsim.api, group["id"], await hsim.feed(raw))
    assert answer.text == "🕒 Time zone of Berlin: Berlin, UTC+1."


async def test_the_start_question_says_whose_10_oclock_it_is(sim: Simulator) -> None:
    """The English review: "at 10:00 your time?" with no zone known was Baku's 10:00, 01:00 in
    Houston; said only after the answer. Now in the question, and only while no zone is known."""
    new = sim.person(4720, "en")
    question = next(m for m in await sim.send(new, "/start") if "Shall I send" in m.text)
    assert "until you share your location 📍 or tell me your city, 10:00 is Baku time" in (
        question.text
    )
    located = sim.person(4721, "en")
    await sim.share_location(located, 52.52, 13.40)
    question = next(m for m in await sim.send(located, "/start") if "Shall I send" in m.text)
    assert "Baku time" not in question.text


@pytest.mark.parametrize(
    ("lang", "text", "zone"),
    [
        ("en", "remind me on solidarity day at 9pm toronto time", "America/Toronto"),
        ("en", "remind me at 7am new york time", "America/New_York"),
        ("ru", "напоминайте в 14 часов по Москве", "Europe/Moscow"),
        ("ru", "напомни о дне флага в 9 по московскому времени", "Europe/Moscow"),
        ("en", "remind me at 8am local time", ""),  # no city: the zone stays
        # not right after the hour, or a small town: nothing (a review: Istanbul, London)
        ("en", "remind me at 9 thanks big time", ""),
        ("en", "remind me at 8 before bath time", ""),
        ("az", "saat 9-da xatırlat, şam vaxtı", ""),
    ],
)
async def test_a_city_named_with_the_hour_sets_its_zone(
    hsim: Simulator, lang: str, text: str, zone: str
) -> None:
    """A mixed-language review: "at 9pm toronto time" was set as 21:00 Baku time."""
    person = hsim.person(38, lang)
    await hsim.send(person, "/subscribe")
    await hsim.send(person, text)
    view = await reminders.settings_of(hsim.store, 38, lang)
    assert view is not None and (view.timezone if view.timezone_set else "") == zone


@pytest.mark.parametrize(
    ("lang", "text", "zone"),
    [
        ("en", "UTC+4", "Etc/GMT-4"),
        ("en", "I'm in GMT-5", "Etc/GMT+5"),  # was the Fifth Congress's card
        ("en", "+03:00", "Etc/GMT-3"),  # was offered as a 03:00 reminder
        ("ru", "я в UTC+3", "Etc/GMT-3"),
        ("az", "saat qurşağım Bakıdır", "Asia/Baku"),  # "it is Baku"
        ("ru", "поставь время по Москве", "Europe/Moscow"),  # was the hours to choose from
        ("ru", "поставьте время по московскому времени", "Europe/Moscow"),
        ("en", "+1", ""),  # a "me too", no zone
        ("ru", "поставь время по утрам", ""),  # "in the mornings": the hours
        ("az", "şam vaxtı ilə 8-də", ""),  # dinner time, not Damascus' (a review)
        ("ru", "в 20 по Баку?", ""),  # a question
    ],
)
async def test_a_zone_said_in_plain_words_is_set(
    hsim: Simulator, lang: str, text: str, zone: str
) -> None:
    """A places review: offsets alone, "Bakıdır" and "по Москве" set no zone."""
    person = hsim.person(41, lang)
    await hsim.send(person, "/start")
    (reply, *_) = await hsim.send(person, text)
    view = await reminders.settings_of(hsim.store, 41, lang)
    assert view is not None and (view.timezone if view.timezone_set else "") == zone
    assert reply.text.startswith("✅") == bool(zone), reply.text


@pytest.mark.parametrize(
    ("lang", "text", "hour", "zone"),
    [
        ("ru", "в 14 по Москве", 14, "Europe/Moscow"),
        ("ru", "в 8 вечера по Москве", 20, "Europe/Moscow"),
        ("ru", "в 9 по московскому времени", 9, "Europe/Moscow"),
        ("az", "saat 9-da Bakı vaxtı ilə", 9, "Asia/Baku"),
        ("en", "at 9pm toronto time", 21, "America/Toronto"),
    ],
)
async def test_an_hour_in_a_citys_time_alone_is_the_reminders_hour_and_zone(
    hsim: Simulator, lang: str, text: str, hour: int, zone: str
) -> None:
    """A places review: the README's own examples, without "напомни" before them, got "no
    answer" and changed nothing; not subscribed, the button offered subscribed at that hour
    in Baku time, the city dropped."""
    person = hsim.person(39, lang)
    await hsim.send(person, "/subscribe")
    (reply,) = await hsim.send(person, text)
    assert reply.text.startswith("✅"), reply.text
    view = await reminders.settings_of(hsim.store, 39, lang)
    assert view is not None and (view.hour, view.timezone) == (hour, zone)
    newcomer = hsim.person(40, lang)
    (offer,) = await hsim.send(newcomer, text)
    assert "\n🕒 " in offer.text  # the zone set at once is said (a review: silently)
    await hsim.press(newcomer, offer, "🔔")
    view = await reminders.settings_of(hsim.store, 40, lang)
    assert view is not None and view.any_holiday and (view.hour, view.timezone) == (hour, zone)


@pytest.mark.parametrize("country", ["ZZ", "EU", "UN", "AA"])
async def test_a_zone_button_with_no_real_country_changes_nothing(
    hsim: Simulator, country: str
) -> None:
    """A security review: crafted "set:tz:Europe/Berlin:ZZ" stored "ZZ", "EU", "UN" as the
    person's country, listed by /stats and offered as an announcement audience."""
    person = hsim.person(10, "en")
    (screen,) = await hsim.send(person, "/settings")
    await hsim.press_data(person, screen, f"set:tz:Europe/Berlin:{country}")
    assert hsim.alert() == "This button is no longer valid. Please send /start again."
    profile = await users.get(hsim.store, 10)
    assert profile is not None and profile.country is None and profile.timezone is None
    await hsim.press_data(person, screen, "set:tz:Europe/Berlin:DE")  # a city's real button
    profile = await users.get(hsim.store, 10)
    assert profile is not None and profile.country == "DE"
