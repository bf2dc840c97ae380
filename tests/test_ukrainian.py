"""Ukrainian read as Russian (bot/ukrainian.py): a persona review of a Russian/Ukrainian
speaker in Kyiv found Ukrainian questions "not understood", or answered with a wrong card
("скільки азербайджанців живе в Україні?" got the 2025 Victory events)."""

from __future__ import annotations

import pytest

from bot.i18n import gettext
from bot.simulator import Simulator
from bot.store import subscriptions, users
from bot.ukrainian import is_ukrainian, russian_of_ukrainian
from tests.test_broadcast import ADMIN_ID


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Що таке День прапора?", "Что такое День флага?"),
        (
            "Коли День солідарності азербайджанців світу?",
            "Когда День солидарности азербайджанцев мира?",
        ),
        ("Коли відбувся перший з'їзд?", "Когда прошел первый съезд?"),
        ("перший з’їзд", "первый съезд"),  # a typographic apostrophe
        ("Де найближчий азербайджанський дім?", "Где ближайший азербайджанский дом?"),
        ("Чи є азербайджанська школа в Києві?", "Ли есть азербайджанская школа в Киеве?"),
        ("у Берліні є школа?", "в Берлине есть школа?"),  # "in" a place: -і is -е
        ("школи в Харкові", "школи в Харькове"),  # a city of the table, as Russian names it
        ("я з києва, шукаю школу у берліні", "я с Киева, шукаю школу в берлине"),
        ("Що таке Координаційна рада?", "Что такое Координационная совет?"),
        # a review: words with no Ukrainian letter and of no table stay as typed ("напомни",
        # "удали" had become "напомны", "удалы"), and "рада" is "glad" there
        ("Привет, я Олексій. Удали мои данные", "Привет, я Олексий. Удали мои данные"),
        ("Я рада що підписалась", "Я рада что пидписалась"),
        ("ласка", "пожалуйста"),
        ("так, звісно", "да, конечно"),
        ("Де азербайджанський дім у Баку?", "Где азербайджанский дом в Баку?"),  # "у" before a name
        ("так, видаляйте", "да, удаляйте"),
        ("Відпишіть мене, будь ласка", "Отпишите меня, пожалуйста"),
        ("Навіщо святкують 31 грудня?", "Зачем празднуют 31 декабря?"),
        ("ДЯКУЮ", "СПАСИБО"),
        ("Where is the Azerbaijani House in Київ?", "Where is the Azerbaijani House in Киев?"),
    ],
)
def test_ukrainian_is_read_as_russian(typed: str, read: str) -> None:
    assert russian_of_ukrainian(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "Когда День флага?",  # Russian
        "Где азербайджанский дом в Берлине?",
        "Что такое Координационный совет?",
        "When is Flag Day?",
        "Bayraq günü nə vaxtdır?",
        "бајрам гүнү нә вахтдыр",  # Azerbaijani in Cyrillic (latin_az reads it)
        "Қазақстандағы әзірбайжандар",  # Kazakh: і, and letters Ukrainian has not
        # Bulgarian, Serbian: words Ukrainian shares, one each (a review: the 1997 card)
        "Благодаря ти",
        "Хвала ти",
        "Де си ти?",
        "так",  # alone: Russian "so" as well
        "",
    ],
)
def test_other_languages_are_not_read_as_ukrainian(text: str) -> None:
    assert not is_ukrainian(text)
    assert russian_of_ukrainian(text) is None


@pytest.mark.parametrize(
    ("ukrainian", "russian"),
    [
        ("Що таке День прапора?", "Что такое День флага?"),
        ("Коли День державного прапора Азербайджану?", "Когда День государственного флага?"),
        ("Скільки азербайджанців живе в Україні?", "Сколько азербайджанцев живет в Украине?"),
        ("Що таке Координаційна рада азербайджанців світу?", "Что такое Координационный совет?"),
        ("Коли відбувся перший з'їзд азербайджанців світу?", "Когда прошел первый съезд?"),
        (
            "Що таке Державний комітет у справах діаспори?",
            "Что такое Госкомитет по делам диаспоры?",
        ),
        ("Скільки азербайджанських будинків у світі?", "Сколько азербайджанских домов в мире?"),
        ("Що таке Фонд підтримки діаспори?", "Что такое Фонд поддержки диаспоры?"),
        ("Як молодь може долучитися?", "Как молодежь может участвовать?"),
        ("Навіщо святкують 31 грудня?", "Зачем празднуют 31 декабря?"),
        ("Що сталося в 2020 році?", "Что случилось в 2020 году?"),
        ("Що ти вмієш?", "Что ты умеешь?"),
    ],
)
async def test_a_question_in_ukrainian_gets_the_answer_of_the_same_in_russian(
    sim: Simulator, ukrainian: str, russian: str
) -> None:
    (in_russian, *_) = await sim.send(sim.person(801, "ru"), russian)
    assert in_russian.text.startswith("<b>"), in_russian.text  # a card, as a check of the pair
    (in_ukrainian, *_) = await sim.send(sim.person(802, "ru"), ukrainian)
    assert in_ukrainian.text == in_russian.text


async def test_places_in_ukrainian_are_found(sim: Simulator) -> None:
    person = sim.person(803, "ru")
    (near, *_) = await sim.send(person, "Чи є азербайджанська школа в Києві?")
    assert near.text.startswith("📍 <b>Рядом с городом Киев</b> (Украина)"), near.text
    (asked, *_) = await sim.send(person, "Де найближчий азербайджанський дім?")
    assert "геопозицию" in asked.text, asked.text  # where to look: a location or a city
    (found, *_) = await sim.send(person, "Київ")  # the city it waits for
    assert found.text.startswith("📍 <b>Рядом с городом Киев</b>"), found.text
    assert "Азербайджанский дом в Киеве" in found.text


async def test_reminders_asked_in_ukrainian_are_done(sim: Simulator) -> None:
    person = sim.person(804, "ru")
    await sim.send(person, "Нагадайте мені про День прапора")
    assert await subscriptions.subscribed_holidays(sim.store, 804) == {"flag_day"}
    await sim.send(person, "Нагадай мені про свята")  # every holiday
    assert await subscriptions.subscribed_holidays(sim.store, 804) == {"flag_day", "solidarity_day"}
    await sim.send(person, "зупини нагадування на 31 грудня")  # that day's only (a review)
    assert await subscriptions.subscribed_holidays(sim.store, 804) == {"flag_day"}
    (stopped,) = await sim.send(person, "Відпишіть мене, будь ласка")
    assert stopped.text.startswith("🔕"), stopped.text
    assert await subscriptions.subscribed_holidays(sim.store, 804) == set()
    profile = await users.get(sim.store, 804)
    assert profile is not None and not profile.announcements


async def test_an_admins_announcement_in_ukrainian_is_kept_as_typed(sim: Simulator) -> None:
    admin = sim.person(ADMIN_ID, "ru")
    await sim.send(admin, "/broadcast")
    text = "Привіт усім! У суботу концерт у Будинку культури"
    (preview, *_) = await sim.send(admin, text)
    assert text in preview.text, preview.text


async def test_a_text_is_read_once_and_counted_once_for_flood_protection(sim: Simulator) -> None:
    """A review: "ласка" (please) was read as Ukrainian again and again, to a RecursionError
    ("something went wrong"), and 30 of them in a row never counted for flood protection."""
    person = sim.person(805, "ru")
    (once,) = await sim.send(person, "ласка")
    assert "что-то пошло не так" not in once.text, once.text
    for _ in range(19):
        await sim.send(person, "буть ласка, коли день прапора?")
    (warned,) = await sim.send(person, "ласка")  # the 21st
    assert warned.text == gettext("ru", "flood.slow_down")


async def test_places_the_gazetteer_knows_in_ukrainian_are_kept_as_typed(sim: Simulator) -> None:
    """A review: "Тернопіль", "Миколаїв" read in Russian letters were no city ("Не знаю
    города"), found before as typed."""
    person = sim.person(806, "ru")
    (near, *_) = await sim.send(person, "школа Тернопіль")
    assert near.text.startswith("📍 <b>Рядом с городом Тернопіль</b> (Украина)"), near.text
    (country, *_) = await sim.send(person, "Азербайджанський дім у Німеччині")
    assert country.text.startswith("🏠 <b>Германия: Азербайджанские дома</b>"), country.text


async def test_announcements_stopped_in_ukrainian_leave_the_reminders(sim: Simulator) -> None:
    """A review: "відпиши мене від оголошень" ("оголошень" read as no word) stopped the
    reminders too."""
    person = sim.person(807, "ru")
    await sim.send(person, "/subscribe")
    (answer,) = await sim.send(person, "відпиши мене від оголошень")
    assert answer.text.startswith("📢"), answer.text
    assert await subscriptions.subscribed_holidays(sim.store, 807) == {"flag_day", "solidarity_day"}
    profile = await users.get(sim.store, 807)
    assert profile is not None and not profile.announcements
