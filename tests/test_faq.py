"""The knowledge base: what a person asks, what they see; plus the matching service."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot import DATA_DIR, dates, faq
from bot.cli import main as cli_main
from bot.clock import FakeClock
from bot.i18n import gettext
from bot.simulator import Simulator
from bot.store import Store, migrations, users
from bot.store import faq as faq_store
from bot.store import subscriptions as subs
from tests.conftest import database_at

FIXTURES = Path(__file__).parent / "faq_fixtures"


@pytest.fixture(autouse=True)
def small_knowledge_base(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use three small topics of their own, not the real content."""
    monkeypatch.setattr(faq, "DATA_DIR", FIXTURES)


async def add_holidays(sim: Simulator) -> None:
    """The two holidays (data/holidays.toml may have loaded them already)."""
    await sim.store.execute(
        "INSERT INTO holidays (id, month, day, faq_id) VALUES"
        " ('solidarity_day', 12, 31, 'solidarity_day'), ('flag_day', 11, 9, 'flag_day')"
        " ON CONFLICT (id) DO UPDATE SET month = excluded.month, day = excluded.day"
    )


# -- normalisation ----------------------------------------------------------------------------
def test_normalize_folds_azerbaijani_and_russian_letters() -> None:
    assert faq.normalize("Həmrəylik GÜNÜ: İlham, ılıq, Şuşa, çay, dağ, göl") == (
        "hemreylik gunu ilham iliq susa cay dag gol"
    )
    assert faq.normalize("Ёлка, йод!") == "елка иод"
    assert faq.normalize("\"*NEAR'--\u200f\x00") == "near"


def test_words_drop_question_words() -> None:
    assert faq.words("Когда День флага?") == ["день", "флага"]
    assert faq.words("Bayraq günü nə vaxtdır") == ["bayraq", "gunu"]


# -- topic files ------------------------------------------------------------------------------
def test_a_topic_file_needs_every_language() -> None:
    text = (FIXTURES / "flag_day.toml").read_text(encoding="utf-8")
    assert faq.parse_topic(text).texts["ru"].title == "День флага"
    broken = text.replace("[ru]", "[de]")
    with pytest.raises(faq.FaqFileError, match=r"\[ru\] table is missing"):
        faq.parse_topic(broken, "flag_day.toml")
    with pytest.raises(faq.FaqFileError, match="not valid TOML"):
        faq.parse_topic("id = ", "x.toml")
    with pytest.raises(faq.FaqFileError, match="id must be"):
        faq.parse_topic(text.replace('id = "flag_day"', 'id = "Flag Day!"'))


@pytest.mark.parametrize(
    ("slip", "said"),
    [
        (("more =", "mroe ="), r"\[az\]: unknown key\(s\) 'mroe' \(did you mean 'more'\?\)"),
        (("keywords =", "keyword ="), r"'keyword' \(did you mean 'keywords'\?\)"),
        (('id = "flag_day"', 'id = "flag_day"\nrelatd = []'), r"'relatd' \(did you mean"),
        (
            ('related = ["solidarity_day"]', 'related = ["solidarity_day"]\n[tr]\ntitle = "x"'),
            "'tr'",
        ),
    ],
)
def test_a_misspelt_key_in_a_topic_file_is_an_error(slip: tuple[str, str], said: str) -> None:
    """An operator review: "mroe", "keyword", "relatd" passed --check with "ok" and their text
    was dropped without a word."""
    text = (FIXTURES / "flag_day.toml").read_text(encoding="utf-8")
    assert slip[0] in text
    with pytest.raises(faq.FaqFileError, match=said):
        faq.parse_topic(text.replace(slip[0], slip[1], 1), "flag_day.toml")


async def test_a_topics_other_names_are_stored_and_name_it(db_path: Path) -> None:
    """``names`` (other names of a topic, "Dayanışma Günü") are kept through the store and
    read as the title's words; a value that is not a list of texts is refused."""
    text = (FIXTURES / "flag_day.toml").read_text(encoding="utf-8")
    named = text.replace("[en]", 'names = ["Bayrak Günü"]\n\n[en]', 1)
    topic = faq.parse_topic(named, "flag_day.toml")
    assert topic.texts["az"].names == ("Bayrak Günü",) and topic.texts["en"].names == ()
    store = await Store.open(db_path)
    try:
        await faq.save_topics(store, [topic])
        index = await faq.load_index(store)
    finally:
        await store.close()
    assert index.topics["flag_day"].texts["az"].names == ("Bayrak Günü",)
    assert index.in_title("flag_day", ["bayrak"]) == 1
    with pytest.raises(faq.FaqFileError, match="names"):
        faq.parse_topic(text.replace("[en]", 'names = "Bayrak Günü"\n\n[en]', 1), "x.toml")


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ('["Bayrak Günü"]', None),
        ('["Bayram Günü"]', "only words every topic shares"),  # generic: names nothing
        ('["Həmrəylik Bayrağı"]', "has a word of solidarity_day too"),  # names two
    ],
)
def test_check_notes_a_name_that_names_nothing_or_two_topics(names: str, said: str | None) -> None:
    """A review: "Bayrak Günü" in both holidays' files passed --check, and "remind me on
    bayrak günü" then subscribed to neither."""
    flag = (FIXTURES / "flag_day.toml").read_text(encoding="utf-8")
    named = faq.parse_topic(flag.replace("[en]", f"names = {names}\n\n[en]", 1), "flag_day.toml")
    solidarity = faq.parse_topic((FIXTURES / "solidarity_day.toml").read_text(encoding="utf-8"))
    notes = [n for n in faq.advice([named, solidarity]) if "the name" in n]
    if said is None:
        assert notes == []
    else:
        assert len(notes) == 1 and said in notes[0], notes


# -- countdown --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "zone", "days"),
    [
        (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), None, 30),
        (datetime(2026, 12, 30, 22, 0, tzinfo=UTC), None, 0),  # already 31 Dec in Baku
        (datetime(2026, 12, 30, 22, 0, tzinfo=UTC), "America/New_York", 1),
        (datetime(2027, 1, 1, 0, 30, tzinfo=UTC), "Asia/Baku", 364),
        (datetime(2026, 12, 31, 12, 0, tzinfo=UTC), "Not/AZone", 0),
    ],
)
def test_days_until_31_december_in_the_persons_zone(
    now: datetime, zone: str | None, days: int
) -> None:
    assert faq.days_until(12, 31, now, zone) == days


# -- matching ---------------------------------------------------------------------------------
@pytest.fixture
async def kb_store(db_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(db_path)
    try:
        await faq.load_knowledge_base(store, FIXTURES)
        yield store
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("hemreylik gunu ne vaxtdir", "solidarity_day"),
        ("Həmrəylik günü nə vaxtdır?", "solidarity_day"),
        ("когда день солидарнсти", "solidarity_day"),  # typo
        ("Когда отмечают день флага", "flag_day"),  # Russian ending
        ("bayraq gunu", "flag_day"),
        ("церемония с флагом", "flag_day"),  # another case ending
        ("how many azerbaijani houses", "azerbaijani_houses"),
        ("сколько азербайджанских домов", "azerbaijani_houses"),
    ],
)
async def test_questions_find_their_topic(kb_store: Store, question: str, topic: str) -> None:
    index = await faq.load_index(kb_store)
    matches = await faq.find(kb_store, index, question)
    assert matches and matches[0].topic_id == topic and matches[0].confident


@pytest.mark.parametrize(
    "question", ["what is the weather in London", "футбол", "asdf qwer", "pizza recipe", ""]
)
async def test_unrelated_text_is_not_answered_confidently(kb_store: Store, question: str) -> None:
    index = await faq.load_index(kb_store)
    matches = await faq.find(kb_store, index, question)
    assert not any(m.confident for m in matches)


def test_turkish_bilgi_is_no_word_to_search() -> None:
    """A persona review: "bilgi" (information) was corrected to "bilir", of the privacy card's
    "Bot mənim haqqımda nə bilir?": "bilgi var mı?" got what the bot keeps about you."""
    assert faq.words("bilgi var mı?") == []
    assert faq.words("Dayanışma günü hakkında bilgi verir misiniz?")[:2] == ["dayanisma", "gunu"]


async def test_a_real_word_is_not_corrected_into_a_shorter_one(kb_store: Store) -> None:
    index = await faq.load_index(kb_store)
    assert index.correct("деньги") is None  # money, not "день" (day)
    assert index.correct("солидарнсти") == "солидарности"  # a typo is still a typo
    assert faq.words("9 nov") == ["9", "nov"]  # a day of the month is a word


async def test_a_generic_word_alone_does_not_decide_the_topic(kb_store: Store) -> None:
    """Every holiday is a bayram: "Novruz bayramı" must not get the Flag Day card, but the
    holiday topics are worth offering."""
    index = await faq.load_index(kb_store)
    matches = await faq.find(kb_store, index, "Novruz bayramı nə vaxtdır?")
    assert matches and not any(m.confident for m in matches)
    assert "flag_day" in faq.suggestions(matches)
    confident = await faq.find(kb_store, index, "Bayraq bayramı nə vaxtdır?")
    assert confident[0].topic_id == "flag_day" and confident[0].confident
    assert faq.suggestions(confident) == []


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_no_text_can_break_the_fts_query(text: str) -> None:
    query = faq.fts_query(faq.stem(w) for w in faq.words(text))
    assert '""' not in query
    for term in filter(None, query.split(" OR ")):
        assert term.startswith('"') and term.endswith('"*') and term[1:-2].isalnum()


@pytest.fixture
async def copied_kb(db_path: Path, tmp_path: Path) -> AsyncIterator[tuple[Store, Path]]:
    """A store with the fixture topics loaded from a copy of their folder, to edit."""
    folder = tmp_path / "faq"
    shutil.copytree(FIXTURES, folder)
    store = await Store.open(db_path)
    await faq.load_knowledge_base(store, folder)
    yield store, folder
    await store.close()


async def test_loading_twice_is_idempotent_and_edits_take_effect(
    copied_kb: tuple[Store, Path],
) -> None:
    store, folder = copied_kb
    await faq.load_knowledge_base(store, folder)
    count = await store.fetchone("SELECT count(*) FROM faq_fts")
    assert count is not None and count[0] == 9
    path = folder / "flag_day.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("9 November is the State", "On 9 November: the"),
        encoding="utf-8",
    )
    (folder / "broken.toml").write_text("id = [", encoding="utf-8")
    index = await faq.load_knowledge_base(store, folder)
    assert index.topics["flag_day"].texts["en"].answer.startswith("On 9 November: the")
    assert len(index.topics) == 3


async def test_a_broken_topic_file_on_a_first_start_stops_it(db_path: Path, tmp_path: Path) -> None:
    """An operator review: a typo in flag_day.toml on a first deployment started the bot with
    a warning, and /flagday said "not available right now, try again later". Once topics
    are stored, a broken file keeps its topic's last good version instead (test above)."""
    from bot.config import ContentError

    folder = tmp_path / "faq"
    shutil.copytree(FIXTURES, folder)
    (folder / "flag_day.toml").write_text('title = "State "Flag" Day"', encoding="utf-8")
    store = await Store.open(db_path)
    try:
        with pytest.raises(ContentError, match=r"no topics are stored yet: .*flag_day\.toml: "):
            await faq.load_knowledge_base(store, folder)
        assert not await faq_store.all_topics(store)  # nothing half-loaded
    finally:
        await store.close()


def test_import_check_notes_marks_and_tags_shown_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operator review: "{default zone}" (a typo) and "<b>" passed every check and were
    shown as typed on the card."""
    text = (FIXTURES / "flag_day.toml").read_text(encoding="utf-8")
    start = text.index("[en]")
    edited = text[:start] + text[start:].replace(
        'answer = "', 'answer = "At 10:00 {default zone} time, <b>bold</b>. ', 1
    )
    path = tmp_path / "flag_day.toml"
    path.write_text(edited, encoding="utf-8")
    assert cli_main(["import", "faq", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "note: flag_day [en]: {default zone} is shown as it is" in out
    assert "note: flag_day [en]: <b> is shown as it is: texts are plain text" in out
    shipped = [faq.read_topic_file(p) for p in sorted((DATA_DIR / "faq").glob("*.toml"))]
    assert faq.odd_marks(shipped) == []  # "{default_zone}" itself is no note


def test_import_check_notes_the_unanswered_questions_a_new_topic_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A content editor's review: a new Novruz topic lost "how many days until novruz" to
    data/unanswered.toml, which lists it as a question the source does not answer."""
    path = tmp_path / "novruz.toml"
    path.write_text(
        'id = "novruz"\n[az]\ntitle = "Novruz bayramı"\nanswer = "Yaz bayramı."\n'
        '[en]\ntitle = "Novruz"\nanswer = "The spring holiday."\n'
        '[ru]\ntitle = "Новруз"\nanswer = "Праздник весны."\n',
        encoding="utf-8",
    )
    assert cli_main(["import", "faq", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert (
        f"note: novruz: {faq.UNANSWERED_FILE} lists 'Novruz bayramına neçə gün qalıb',"
        " 'Novruz nə vaxtdır', 'how many days until novruz' and 5 more as questions the source"
        " does not answer; delete those this topic answers"
    ) in out
    # a copy of data/ being edited: its own unanswered.toml (a review: the shipped one)
    copy = tmp_path / "data"
    (copy / "faq").mkdir(parents=True)
    path.rename(copy / "faq" / "novruz.toml")
    (copy / "unanswered.toml").write_text('[en]\nquestions = ["when is novruz"]\n', "utf-8")
    assert cli_main(["import", "faq", str(copy / "faq"), "--check"]) == 0
    out = capsys.readouterr().out
    assert f"{copy / 'unanswered.toml'} lists 'when is novruz' as questions" in out
    path = copy / "faq" / "novruz.toml"
    assert "note: novruz [en]: no questions or keywords" in out  # the README's advice
    assert faq.advice([faq.read_topic_file(p) for p in (DATA_DIR / "faq").glob("*.toml")]) == []
    assert cli_main(["import", "faq", str(DATA_DIR / "faq"), "--check"]) == 0
    assert "unanswered.toml" not in capsys.readouterr().out  # the shipped ones: on purpose


def test_ask_says_which_topic_a_question_gets_from_a_folder_being_edited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A content editor's review: a new volunteering topic lost "how to become a volunteer"
    to the youth topic, and only the chat (which cannot read a copy) could show it."""
    assert cli_main(["ask", "when", "is", "flag", "day"]) == 0
    assert capsys.readouterr().out.startswith("the bot answers with: flag_day\n  flag_day")
    assert cli_main(["ask", "who designed the flag"]) == 0
    assert "source does not answer this" in capsys.readouterr().out
    # a request in plain words is done, not answered (a review: shown as a topic)
    assert cli_main(["ask", "remind me on flag day"]) == 0
    assert capsys.readouterr().out.startswith("the bot reads this as a request (subscribe_holiday")
    assert cli_main(["ask", "--faq", str(tmp_path), "anything"]) == 1  # no topics: says so
    assert f"{tmp_path}: no topic files" in capsys.readouterr().err
    copy = tmp_path / "faq"
    shutil.copytree(DATA_DIR / "faq", copy, ignore=shutil.ignore_patterns("README*"))
    (copy / "volunteering.toml").write_text(
        'id = "volunteering"\n'
        + "".join(
            f'[{lang}]\ntitle = "Volunteering"\nanswer = "Write to us."\n'
            f'questions = ["how to become a volunteer with the organisation"]\n'
            for lang in ("az", "en", "ru")
        ),
        encoding="utf-8",
    )
    question = "how to become a volunteer with the organisation"
    assert cli_main(["ask", question, "--faq", str(copy)]) == 0
    assert capsys.readouterr().out.startswith("the bot answers with: volunteering")
    assert cli_main(["ask", question]) == 0  # the installed folder has no such topic
    assert "volunteering" not in capsys.readouterr().out


def test_import_check_notes_a_file_saved_in_another_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A content editor's review: a topic saved as Windows-1251 gave "'utf-8' codec can't
    decode byte 0xc2 in position 1105", and one whose letters an "ANSI" save made "?" passed."""
    text = (FIXTURES / "flag_day.toml").read_text(encoding="utf-8")
    path = tmp_path / "flag_day.toml"
    path.write_bytes(text.encode("cp1251", errors="replace"))
    assert cli_main(["import", "faq", str(path), "--check"]) == 1
    err = capsys.readouterr().err
    assert "is not UTF-8 text (line " in err and "save it with the encoding UTF-8" in err
    path.write_bytes(text.encode("ascii", errors="replace"))  # every other letter is "?"
    assert cli_main(["import", "faq", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "note: flag_day [az]: letters look lost" in out
    assert "note: flag_day [ru]: letters look lost" in out
    assert "flag_day [en]: letters look lost" not in out


async def test_deleting_a_topic_file_removes_the_topic_but_a_slip_removes_nothing(
    copied_kb: tuple[Store, Path],
) -> None:
    store, folder = copied_kb
    (folder / "azerbaijani_houses.toml").unlink()
    (folder / "flag_day.toml").write_text("id = [", encoding="utf-8")  # broken: last good kept
    index = await faq.load_knowledge_base(store, folder)
    assert sorted(index.topics) == ["flag_day", "solidarity_day"]
    rows = await store.fetchall("SELECT DISTINCT topic_id FROM faq_fts ORDER BY 1")
    assert [r[0] for r in rows] == ["flag_day", "solidarity_day"]  # nothing left to match
    for path in folder.iterdir():  # the folder emptied (or not there): a slip
        path.unlink()
    assert sorted((await faq.load_knowledge_base(store, folder)).topics) == sorted(index.topics)


# -- in chat ----------------------------------------------------------------------------------
async def test_az_person_without_diacritics_learns_solidarity_day_is_31_december(
    sim: Simulator,
) -> None:
    person = sim.person(301, "az")
    (reply,) = await sim.send(person, "hemreylik gunu ne vaxtdir")
    assert "31 dekabr" in reply.text
    assert "Həmrəylik Günü" in reply.text
    labels = [b["text"] for b in reply.inline_buttons]
    assert "📖 Ətraflı" in labels and "Bayraq Günü" in labels
    (more,) = await sim.press(person, reply, "Ətraflı")
    assert "16 dekabr 1991" in more.text and "31 dekabr" in more.text
    assert "📖 Ətraflı" not in [b["text"] for b in more.inline_buttons]


async def test_ru_person_follows_a_related_button(sim: Simulator) -> None:
    person = sim.person(302, "ru")
    (reply,) = await sim.send(person, "Когда день солидарности?")
    assert "31 декабря" in reply.text
    (related,) = await sim.press(person, reply, "День флага")
    assert "9 ноября" in related.text


async def test_off_topic_question_gets_an_honest_answer_and_the_topics(sim: Simulator) -> None:
    person = sim.person(303, "en")
    (reply,) = await sim.send(person, "will it rain in Paris tomorrow?")
    assert reply.text.startswith("Sorry, I don't have an answer to that.")
    assert {"Solidarity Day", "Flag Day", "Azerbaijani Houses"} <= {
        b["text"] for b in reply.inline_buttons
    }
    (answer,) = await sim.press(person, reply, "Flag Day")
    assert "9 November" in answer.text


async def test_a_holiday_card_from_a_question_offers_its_reminder(sim: Simulator) -> None:
    """Only /solidarity and /flagday offered "🔔 Remind me"; the same card reached by a
    question, its "More" or a topic button did not, so someone who never types a command could
    not subscribe from it."""
    await add_holidays(sim)
    person = sim.person(309, "ru")
    (card,) = await sim.send(person, "Когда день солидарности?")
    assert "rem:sub:solidarity_day" in [b.get("callback_data") for b in card.inline_buttons]
    assert card.inline_buttons[-1]["text"] == "📚 Все темы"  # still last
    (more,) = await sim.press(person, card, "Подробнее")
    assert "rem:sub:solidarity_day" in [b.get("callback_data") for b in more.inline_buttons]
    (other,) = await sim.press(person, more, "День флага")
    assert "rem:sub:flag_day" in [b.get("callback_data") for b in other.inline_buttons]
    (houses,) = await sim.send(person, "Сколько азербайджанских домов?")
    assert not [b for b in houses.inline_buttons if b.get("callback_data", "").startswith("rem:")]
    assert "/help" in (await sim.send(person, "погода в Париже завтра"))[0].text


async def test_a_vague_question_is_offered_the_likely_topics(sim: Simulator) -> None:
    person = sim.person(305, "az")
    (reply,) = await sim.send(person, "Novruz bayramı nə vaxtdır?")
    assert reply.text.startswith("Sualınızı tam başa düşmədim.")
    assert [b["text"] for b in reply.inline_buttons][0] == "Bayraq Günü"
    assert reply.inline_buttons[-1]["text"] == "📚 Bütün mövzular"
    (card,) = await sim.press(person, reply, "Bayraq Günü")
    assert "9 noyabr" in card.text


@pytest.mark.parametrize(
    "text",
    [
        " ",
        "x" * 4096,
        "когда " * 700,
        "🎉🇦🇿❤️",
        '" * NEAR \' -- ; DROP TABLE users; "flag',
        "NEAR(solidarity day, 2) AND OR NOT ^*",
        "\x00\x07\u202eflag day\u200f\u200e",
        "\u0627\u0644\u0639\u0644\u0645",
    ],
)
async def test_odd_input_gets_a_normal_answer(sim: Simulator, text: str) -> None:
    person = sim.person(304, "en")
    replies = await sim.send(person, text)
    assert len(replies) == 1
    assert replies[0].text
    assert "something went wrong" not in replies[0].text


async def test_solidarity_card_counts_down_in_the_persons_zone(
    sim: Simulator, clock: FakeClock
) -> None:
    await add_holidays(sim)
    baku, new_york = sim.person(305, "az"), sim.person(306, "en")
    await sim.send(new_york, "/start")
    await users.set_timezone(sim.store, new_york.id, "America/New_York")
    clock.set(datetime(2026, 12, 30, 22, 0, tzinfo=UTC))

    (card,) = await sim.send(baku, "/solidarity")
    assert "Heydər Əliyevin təşəbbüsü" in card.text
    assert "🎉 Bu gün bayramdır!" in card.text
    (card,) = await sim.send(new_york, "/solidarity")
    assert "⏳ 1 day to go: Thursday, 31 December 2026." in card.text
    assert "Heydar Aliyev's initiative" in card.text  # no &#x27; in what Telegram shows
    data = [b.get("callback_data") for b in card.inline_buttons]
    assert "rem:sub:solidarity_day" in data
    # the reminders feature takes it from here
    (said,) = await sim.press(new_york, card, "Remind me")
    assert said.text.startswith("🔔 World Azerbaijanis Solidarity Day: I will remind you on")
    assert "(New York)" in said.text
    row = await sim.store.fetchone(
        "SELECT 1 FROM holiday_subscriptions WHERE user_id = ? AND holiday_id = ?",
        (new_york.id, "solidarity_day"),
    )
    assert row is not None


async def test_flag_day_card_without_a_holiday_has_no_countdown_nor_reminder_button(
    sim: Simulator,
) -> None:
    await sim.store.execute("DELETE FROM holidays WHERE id = 'flag_day'")
    (card,) = await sim.send(sim.person(307, "ru"), "/flagday")
    assert "церемонии поднятия флага" in card.text
    assert "⏳" not in card.text and "🎉" not in card.text
    assert not [b for b in card.inline_buttons if b.get("callback_data", "").startswith("rem:")]


async def test_the_card_finds_its_holiday_through_the_holidays_faq_field(sim: Simulator) -> None:
    """A holiday whose id differs from its card's topic: the card counts down to it, and its
    reminder button subscribes to it."""
    for sql in (  # flag_day renamed to bayraq in data/holidays.toml, its faq kept
        "INSERT INTO holidays (id, month, day, faq_id) VALUES ('bayraq', 11, 9, 'flag_day')",
        "UPDATE holiday_texts SET holiday_id = 'bayraq' WHERE holiday_id = 'flag_day'",
        "DELETE FROM holidays WHERE id = 'flag_day'",
    ):
        await sim.store.execute(sql)
    person = sim.person(310, "ru")
    (card,) = await sim.send(person, "/flagday")
    assert "⏳ До праздника осталось 343 дня: вторник, 9 ноября 2027." in card.text
    await sim.press(person, card, "🔔")
    assert await subs.subscribed_holidays(sim.store, person.id) == {"bayraq"}


async def test_flag_day_countdown_from_1_december(sim: Simulator) -> None:
    await add_holidays(sim)
    (card,) = await sim.send(sim.person(308, "ru"), "/flagday")
    assert "⏳ До праздника осталось 343 дня: вторник, 9 ноября 2027." in card.text


async def test_topics_menu_from_the_main_menu_button(sim: Simulator) -> None:
    person = sim.person(309, "az")
    (menu,) = await sim.send(person, "❓ Mövzular")
    assert [b["text"] for b in menu.inline_buttons] == [
        "Həmrəylik Günü",
        "Bayraq Günü",
        "Azərbaycan Evləri",
    ]
    (answer,) = await sim.press(person, menu, "Azərbaycan Evləri")
    assert "31 Azərbaycan Evi" in answer.text
    (back,) = await sim.press(person, answer, "Bütün mövzular")
    assert back.text.startswith("Mövzu seçin")


async def test_stale_topic_buttons_get_a_polite_answer(sim: Simulator) -> None:
    person = sim.person(310, "en")
    (menu,) = await sim.send(person, "/topics")
    for data in ("faq:t:no_such_topic", "faq:x:flag_day", "faq:t", "faq:menu:x", "faq"):
        await sim.press_data(person, menu, data)
        assert sim.alert() == "This button is no longer valid. Please send /start again."


async def test_inline_query_offers_shareable_cards(sim: Simulator) -> None:
    person = sim.person(311, "en")
    await sim.feed(sim.inline_update(person, "when is flag day"))
    (answer,) = sim.api.inline_answers
    results = answer["results"]
    assert isinstance(results, str | list)
    text = str(results)
    assert "flag_day" in text and "9 November is the State Flag Day" in text
    await sim.feed(sim.inline_update(person, "football scores"))
    assert "flag_day" not in str(sim.api.inline_answers[-1]["results"])
    await sim.feed(sim.inline_update(person, ""))
    assert "solidarity_day" in str(sim.api.inline_answers[-1]["results"])


async def test_inline_modes_all_topics_button_opens_the_topics(sim: Simulator) -> None:
    """A review: the button's ``/start topics`` got the greeting and the reminders question."""
    person = sim.person(312, "en")
    await sim.feed(sim.inline_update(person, "flag"))
    button = sim.api.inline_answers[-1]["button"]
    start = json.loads(button) if isinstance(button, str) else button
    assert start["start_parameter"] == "topics"
    (greeting, topics) = await sim.send(person, f"/start {start['start_parameter']}")
    assert greeting.text.startswith("Hello")
    assert topics.text == gettext("en", "faq.topics_title")
    assert "Flag Day" in str([b["text"] for b in topics.inline_buttons])


# -- import -----------------------------------------------------------------------------------
def test_cli_imports_a_topic_file_and_refuses_a_broken_one(
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_DB", str(db_path))
    monkeypatch.chdir(tmp_path)
    # a mistyped BOT_DB does not quietly get a new database; --check needs none
    assert cli_main(["import", "faq", str(FIXTURES / "flag_day.toml")]) == 1
    assert "no database at" in capsys.readouterr().err and not db_path.exists()
    assert cli_main(["import", "faq", str(FIXTURES / "flag_day.toml"), "--check"]) == 0
    assert "ok: 1 topic(s) can be imported: flag_day" in capsys.readouterr().out
    assert not db_path.exists()
    database_at(db_path, len(migrations()), "")
    assert cli_main(["import", "faq", str(FIXTURES / "flag_day.toml")]) == 0
    out = capsys.readouterr().out
    assert "imported 1 topic(s): flag_day" in out
    assert "note: the bot loads" in out  # not from data/faq: the next start would undo it
    assert "restart the bot to use them" not in out  # a restart removes them (a review)
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\n[az]\ntitle = 1\n', encoding="utf-8")
    assert cli_main(["import", "faq", str(broken)]) == 1
    assert "nothing imported" in capsys.readouterr().err
    folder = tmp_path / "faq"
    shutil.copytree(FIXTURES, folder)
    shutil.copy(broken, folder / "broken.toml")
    assert cli_main(["import", "faq", str(folder)]) == 1  # one bad file: nothing written
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT id FROM faq_topics").fetchall() == [("flag_day",)]
    assert cli_main(["import", "faq", str(FIXTURES)]) == 0
    typo = tmp_path / "typo" / "flag_day.toml"
    typo.parent.mkdir()
    typo.write_text(
        (FIXTURES / "flag_day.toml")
        .read_text(encoding="utf-8")
        .replace('related = ["solidarity_day"]', 'related = ["solidarty_day"]'),
        encoding="utf-8",
    )
    assert cli_main(["import", "faq", str(typo), "--check"]) == 0
    assert "flag_day: related 'solidarty_day' is not a topic" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        # a new topic made by copying a file, its id left as it was: it would replace flag_day
        (lambda text: text, "id is 'flag_day' but the file is named 'a_new_topic'"),
        (lambda text: text.replace('title = "', 'title = "' + "x" * 40, 1), "at most 40"),
        (lambda text: text.replace('more = """', 'more = """' + "x" * 4000, 1), "fit in one"),
    ],
)
def test_topic_files_a_telegram_message_could_not_show_or_that_clash_are_refused(
    tmp_path: Path, edit: Any, problem: str
) -> None:
    path = tmp_path / "a_new_topic.toml"
    path.write_text(edit((FIXTURES / "flag_day.toml").read_text(encoding="utf-8")), "utf-8")
    if "file is named" not in problem:
        path = path.rename(tmp_path / "flag_day.toml")
    with pytest.raises(faq.FaqFileError, match=problem):
        faq.read_topic_file(path)


def test_a_topic_file_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "flag_day.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "flag_day.toml").read_bytes())
    assert faq.read_topic_file(path).id == "flag_day"


async def test_asked_in_another_language_than_the_apps_the_answer_says_how_to_switch(
    sim: Simulator,
) -> None:
    """Tural writes Azerbaijani from a Russian Telegram app: answered in Russian, never told
    about /language."""
    (reply,) = await sim.send(sim.person(306, "ru"), "Bayraq günü nə vaxtdır?")
    assert reply.text.startswith("<b>День флага</b>")
    assert reply.text.endswith("💬 Cavabları azərbaycanca almaq üçün: /language")
    (reply,) = await sim.send(sim.person(307, "az"), "Bayraq günü nə vaxtdır?")
    assert "/language" not in reply.text
    # without ə, two Azerbaijani words are enough (was: no hint, unsure); one is not
    (reply,) = await sim.send(sim.person(308, "en"), "bayraq gunu ne vaxtdir")
    assert reply.text.endswith("💬 Cavabları azərbaycanca almaq üçün: /language")
    (reply,) = await sim.send(sim.person(308, "en"), "when is bayraq gunu")
    assert "/language" not in reply.text


def test_the_language_a_text_is_surely_written_in() -> None:
    from bot.i18n import written_in

    assert written_in("Həmrəylik günü") == "az"
    assert written_in("Когда день флага?") == "ru"
    assert written_in("Bayraq") is None  # a name, or a word of one language or another
    # typed without its letters: a word only Azerbaijani has (was None: English and
    # Azerbaijani without ə looked alike, so the hint to switch was never given)
    assert written_in("hemreylik gunu ne vaxtdir") == "az"
    assert written_in("Salam, bayraq gunu haqqinda") == "az"
    assert written_in("when is bayraq gunu") is None  # English, with the holiday's name
    assert written_in("Bayrak günü ne zaman") is None  # Turkish
    # a review of the first version: a holiday's name, or Turkish, is not Azerbaijani
    assert written_in("Bayraq Gunu date?") is None
    assert written_in("Hemreylik Gunu 2026?") is None
    assert written_in("Ramazan Bayrami nedir") is None
    assert written_in("Kurban Bayrami ne zaman? Tatil gunu mu?") is None
    assert written_in("flag day 2025 Москва") is None  # mostly Latin


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("Bonjour, quand est la journée de solidarité des azerbaïdjanais?", True),
        ("¿Cuándo es el día de la bandera de Azerbaiyán?", True),
        ("Wann ist der Tag der Solidarität?", True),
        ("Onde fica a escola azerbaijana?", True),
        ("when is the flag day", False),
        ("bayraq gunu ne vaxtdir", False),
        ("o gün nə vaxtdır", False),
        ("Hola", False),  # one word: not enough to say
        ("Что такое Tag der Solidarität und wann ist er?", False),  # Cyrillic: Russian
        # Russian in Latin letters, names (a review of the change)
        ("A gde je est azerbaydzhanskiy dom?", False),
        ("Est li shkola v Berline? Gde je ona?", False),
        ("is there a house near Los Angeles or Las Vegas", False),
        ("Hay una casa en Los Angeles?", True),
    ],
)
def test_a_text_in_a_language_the_bot_does_not_read(text: str, other: bool) -> None:
    from bot.i18n import other_language

    assert other_language(text) is other


async def test_a_question_in_another_language_is_told_which_ones_the_bot_reads(
    sim: Simulator,
) -> None:
    """French and German questions got "no answer" with no word on the three languages."""
    (reply,) = await sim.send(sim.person(309, "en"), "Wann ist der Tag der Solidarität?")
    assert reply.text.endswith(
        "🌐 I understand only Azerbaijani, English and Russian (Azərbaycanca · English · "
        "Русский): please write in one of them."
    )
    (reply,) = await sim.send(sim.person(310, "ru"), "Quand est la journée du drapeau?")
    assert "🌐 Я понимаю только азербайджанский" in reply.text
    (reply,) = await sim.send(sim.person(309, "en"), "what is the colour of the moon?")
    assert "🌐" not in reply.text


def test_azerbaijani_in_cyrillic_is_read_as_in_latin() -> None:
    """A mixed-language review: "бајрағ ҝүнү", as many older people in Georgia and Russia
    write, was not understood at all."""
    from bot.i18n import latin_az, written_in

    assert faq.normalize("Бајраг гүнү нә вахтдыр") == faq.normalize("Bayraq günü nə vaxtdır")
    assert (
        latin_az("дүнја азәрбајҹанлыларынын һәмрәјлији") == "dünya azərbaycanlılarının həmrəyliyi"
    )
    assert latin_az("Когда день флага?") == "Когда день флага?"  # Russian: as it is
    assert written_in("бајрағ ҝүнү") == "az"
    # Kazakh, Tatar, Bashkir share ә ү ө ғ һ, Serbian has ј: no Azerbaijani (a review)
    assert latin_az("Когда день флага? Рәхмәт") == "Когда день флага? Рәхмәт"
    assert written_in("Когда день флага? Рәхмәт") == "ru"
    assert latin_az("Када је дан заставе") == "Када је дан заставе"


async def test_a_question_in_cyrillic_azerbaijani_gets_its_card(sim: Simulator) -> None:
    (reply,) = await sim.send(sim.person(311, "ru"), "бајраг ҝүнү нә вахтдыр")
    assert reply.text.startswith("<b>День флага</b>")


def test_a_quoted_azerbaijani_name_does_not_make_a_question_azerbaijani() -> None:
    from bot.i18n import written_in

    assert written_in("Что такое Azərbaycan Evi?") != "az"
    assert written_in("When is Həmrəylik Günü?") is None


def test_an_ordinary_azerbaijani_question_is_still_azerbaijani() -> None:
    from bot.i18n import written_in

    assert written_in("Azərbaycan evi Hamburqda varmı?") == "az"


async def test_a_holiday_card_reached_by_a_question_counts_the_days(
    sim: Simulator, clock: FakeClock
) -> None:
    """ "31 dekabra nə qədər qalıb" got the card without the days to go (only /solidarity
    had them)."""
    clock.set(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    (card,) = await sim.send(sim.person(320, "az"), "31 dekabra ne qeder qalib")
    assert "⏳ Bayrama 34 gün qalıb: cümə axşamı, 31 dekabr 2026." in card.text
    assert "rem:sub:solidarity_day" in [b.get("callback_data") for b in card.inline_buttons]


@pytest.mark.parametrize("text", ["ok", "👍", "😂😂", "hmm", "Əla", "ok poka"])
async def test_chatter_gets_a_word_back_not_a_wall_of_topics(sim: Simulator, text: str) -> None:
    """ "ok", "👍" got "Sorry, I don't have an answer to that" and 22 topic buttons."""
    (reply,) = await sim.send(sim.person(321, "en"), text)
    assert reply.text.startswith("🙂 I answer questions about Solidarity Day")
    assert [b["callback_data"] for b in reply.inline_buttons] == ["faq:menu"]


async def test_an_unknown_question_shows_the_first_topics_and_all_topics(sim: Simulator) -> None:
    """Two reviews: the full menu of 22 buttons there was a screen of unrelated choices."""
    (reply,) = await sim.send(sim.person(322, "en"), "how do I fix the brakes on my bicycle")
    assert reply.text.startswith("Sorry, I don't have an answer to that")
    topics = [b["callback_data"] for b in reply.inline_buttons]
    assert 2 <= len(topics) <= 5 and topics[-1] == "faq:menu"
    assert all(t.startswith("faq:t:") for t in topics[:-1])


async def test_a_short_question_is_no_chatter(sim: Simulator) -> None:
    (reply,) = await sim.send(sim.person(323, "ru"), "где продлить паспорт?")
    assert reply.text.startswith("Извините, на этот вопрос у меня нет ответа")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("31 avqust", (8, 31)),
        ("dekabrın 31-i", (12, 31)),
        ("30th of December", (12, 30)),
        ("December 30", (12, 30)),
        ("9-го ноября", (11, 9)),
        ("в декабре 31", (12, 31)),
        ("5 iyul", (7, 5)),
        ("5 iyun", (6, 5)),
        ("in May 2020", None),  # a month and a year: no day
        ("June 31", None),  # no such day
        ("31.12", None),
        ("16 dekabr 1991-ci il", (12, 16)),
        # a review of the first version: a crash on "İyun", and words taken for months
        ("Həmrəylik günü İyun 5?", (6, 5)),
        ("İyunun 15-i", (6, 15)),
        ("sen 2 defe soruşdun", None),  # "sen" (you) is no September
        ("change the reminder time to 8 maybe?", None),
        ("I may 2 times get them", None),  # lower case "may" before a number: a verb
        ("May 5", (5, 5)),
        ("I have 2 marathons", None),
        ("2 decades", None),
        ("сколько стоит 5 мар", None),
        ("5 майонеза", None),
        ("$5 may", None),
        ("Sept 9", (9, 9)),
        ("31 dekabrda", (12, 31)),
        ("Həmrəylik günü ıyun 5?", (6, 5)),  # dotless ı, a Turkish keyboard: was a crash
        ("Solidarity Day 5 aprıl", (4, 5)),
    ],
)
def test_a_day_named_in_words(text: str, named: tuple[int, int] | None) -> None:
    assert dates.date_named(text) == named


def test_the_months_trie_matches_what_the_plain_list_of_forms_matches() -> None:
    """The month pattern is a trie (a 4,096-character message took 90–240 ms with the plain
    alternation of 530 forms): the same word, longest first, wherever the list matched one."""
    import random
    import re

    flat = "|".join(sorted((re.escape(f) for f in dates._MONTHS), key=len, reverse=True))
    forms = list(dates._MONTHS)
    rng = random.Random(5)
    texts = forms + [f.upper() for f in forms] + [f[:-1] for f in forms] + [f + "x" for f in forms]
    texts += [
        f"{rng.randint(1, 31)} {f}, {g} {rng.randint(1, 31)}"
        for f, g in zip(forms, forms[::-1], strict=True)
    ]
    for pattern in (r"(?<!\w)({})(?!\w)", r"\d\s({})", r"({})\s+\d"):
        plain = re.compile(pattern.format(flat), re.IGNORECASE)
        trie = re.compile(pattern.format(dates._MONTH), re.IGNORECASE)
        for text in texts:
            assert [m.group(1) for m in plain.finditer(text)] == [
                m.group(1) for m in trie.finditer(text)
            ], text


def test_a_year_after_a_day_goes_with_it() -> None:
    """A re-review: "5 dekabr 2025" without the day was "2025", the 2025 events' card."""
    assert dates.without_dates("What was on 5 December 2025?").split() == ["What", "was", "on", "?"]
    assert dates.without_dates("5 декабря 2025 года что было").split() == ["что", "было"]
