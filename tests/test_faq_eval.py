"""Top-1 accuracy of the real knowledge base (data/faq) on tests/faq_eval.toml.

Targets (issue 3): at least 95% of the questions hit their topic, and none of the off-topic
texts gets a confident answer. ``pytest -s tests/test_faq_eval.py`` prints the numbers.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import faq
from bot.clock import FakeClock
from bot.simulator import Simulator
from bot.store import Store

EVAL = tomllib.loads((Path(__file__).parent / "faq_eval.toml").read_text(encoding="utf-8"))


async def evaluate(store: Store) -> tuple[dict[str, tuple[int, int]], list[str], list[str]]:
    index = await faq.load_knowledge_base(store)
    per_language: dict[str, tuple[int, int]] = {}
    misses: list[str] = []
    for lang in ("az", "en", "ru"):
        hits = 0
        for question, topic in EVAL[lang]:
            assert topic in index.topics, f"eval names an unknown topic {topic}"
            matches = await faq.find(store, index, question)
            got = matches[0].topic_id if matches and matches[0].confident else None
            if got == topic:
                hits += 1
            else:
                misses.append(f"{lang}: {question!r} -> {got} (wanted {topic})")
        per_language[lang] = (hits, len(EVAL[lang]))
    confident_wrong = []
    for text in EVAL["off_topic"]:
        matches = await faq.find(store, index, text)
        if matches and matches[0].confident:
            confident_wrong.append(f"{text!r} -> {matches[0].topic_id}")
    return per_language, misses, confident_wrong


async def test_top1_accuracy_and_no_confident_answers_off_topic(db_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        per_language, misses, confident_wrong = await evaluate(store)
    finally:
        await store.close()
    hits = sum(h for h, _ in per_language.values())
    total = sum(n for _, n in per_language.values())
    assert all(n >= 20 for _, n in per_language.values()) and len(EVAL["off_topic"]) >= 20
    summary = ", ".join(f"{lang} {h}/{n}" for lang, (h, n) in per_language.items())
    print(f"\nFAQ top-1 accuracy: {hits}/{total} = {hits / total:.1%} ({summary})")
    print(f"off-topic confident answers: {len(confident_wrong)}/{len(EVAL['off_topic'])}")
    for line in misses + confident_wrong:
        print("  ", line)
    assert hits / total >= 0.95, misses
    assert confident_wrong == []


async def test_the_real_knowledge_base_in_chat(sim: Simulator) -> None:
    """An az user asks when Solidarity Day is, without Azerbaijani letters, and gets 31 dekabr;
    /solidarity counts the days to it; the content loads whole."""
    assert len(faq_index_of(sim).topics) >= 18
    await sim.store.execute(
        "INSERT INTO holidays (id, month, day, faq_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (id) DO NOTHING",  # data/holidays.toml has it when reminders are merged
        ("solidarity_day", 12, 31, "solidarity_day"),
    )
    person = sim.person(401, "az")
    (reply,) = await sim.send(person, "hemreylik gunu ne vaxtdir")
    assert "31 dekabr" in reply.text
    (card,) = await sim.send(person, "/solidarity")
    assert (
        "1991" in card.text and "⏳ Bayrama 30 gün qalıb: cümə axşamı, 31 dekabr 2026." in card.text
    )
    (answer,) = await sim.send(sim.person(402, "ru"), "сколько азербайджанских домов")
    assert "31" in answer.text and "20" in answer.text


def faq_index_of(sim: Simulator) -> faq.FaqIndex:
    index = sim.app.bot_data["runtime"].extras["faq_index"]
    assert isinstance(index, faq.FaqIndex)
    return index


def test_every_content_file_is_valid_and_fits_a_message() -> None:
    """A check for content editors: files parse, ids match names, related topics exist,
    titles fit a button, and the longest card fits one Telegram message."""
    topics, problems = faq.read_topic_dir(faq.DATA_DIR)
    assert problems == []
    ids = {t.id for t in topics}
    for topic in topics:
        assert (faq.DATA_DIR / f"{topic.id}.toml").exists(), f"{topic.id}: file name differs"
        assert set(topic.related) <= ids, f"{topic.id}: unknown related {set(topic.related) - ids}"
        for lang, text in topic.texts.items():
            assert len(text.title) <= 40, f"{topic.id} {lang}: title longer than 40"
            assert len(text.title) + len(text.answer) + len(text.more) < 3800, topic.id


async def real_matches(db_path: Path, question: str) -> list[faq.Match]:
    """``question`` matched against the real knowledge base (data/faq) in a fresh store."""
    store = await Store.open(db_path)
    try:
        return await faq.find(store, await faq.load_knowledge_base(store), question)
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("what is azerbaijanism", "diaspora_policy"),  # not just another "azerbaijani…"
        ("кто финансирует издание книг диаспоры", "support_foundation"),  # keyword "финансир"
        ("с какого года диаспора стала приоритетом госполитики", "diaspora_policy"),
        ("when is novruz this year", None),  # "year" alone is not the 2025 events
        ("деньги", None),  # money is not "день" (day)
        ("weather in baku", None),  # the capital alone is not the congress held there
        # an English speaker's journey: wrong cards, told with confidence
        ("how many countries have azerbaijani schools", "weekend_schools"),  # was the Houses
        ("what happened 9 november 2001", "first_congress"),  # was Flag Day
        ("первый курултай", "first_congress"),  # was the Fifth
        # was Solidarity Day ("established"), then Flag Day; the source does not say
        ("who established flag day", None),
        ("bayraq gününü kim təsis edib", None),
        ("azerbaijani school london", "weekend_schools"),  # was the online schools
        ("сколько азербайджанских школ", "weekend_schools"),
        ("qurultay", "first_congress"),  # was the order that convened it (a tie)
        ("congress", "first_congress"),
        ("9 November", "flag_day"),
        ("how to get azerbaijani passport", None),  # was the reminders card ("get")
        ("Great, see you there!", None),  # was the privacy card ("who can see my data")
        ("i want to go home", None),  # was bringing a deceased relative home
        ("how to bring my father's body home", "support_foundation"),
        # a topic's own example question, in words five titles share: only suggestions
        ("What is the Azerbaijani diaspora?", "diaspora_overview"),
        ("what is the diaspora", "diaspora_overview"),
        ("tell me about the diaspora", "diaspora_overview"),
        ("Что такое диаспора?", "diaspora_overview"),
        ("diaspor haqqında", "diaspora_overview"),
        ("how big is the azerbaijani diaspora", None),  # not listed: still only offered
        # a number alone that two topics share is a question which: "1" got the Youth card
        # (its keyword "1+1" listed "1"), "5" the Fifth Congress by menu order over 2025
        ("1", None),
        ("5", None),
        ("1+1 programme", "youth"),
        ("1+1", "youth"),  # the programme's own keyword (a review: it had become a question)
        ("1 + 1", "youth"),
        ("31", "solidarity_day"),  # one topic has it: answered
        # a user-journey review: "дней" was unknown, "bayrak" (Turkish) became "bayram"
        ("сколько дней осталось до дня солидарности", "solidarity_day"),
        ("сколько дней до дня флага", "flag_day"),
        ("bayrak gunu ne zaman", "flag_day"),
        ("9", "flag_day"),
        ("2025", "events_2025"),
        # q softened to ğ before a possessive: "bayrağımızın" (of our flag) was no word
        ("bayrağımızın günü nə vaxtdır", "flag_day"),
    ],
)
async def test_the_real_knowledge_base_on_words_that_fooled_it(
    db_path: Path, question: str, topic: str | None
) -> None:
    matches = await real_matches(db_path, question)
    got = matches[0].topic_id if matches and matches[0].confident else None
    assert got == topic


async def test_a_long_message_with_the_question_inside_is_offered_its_topics(
    db_path: Path,
) -> None:
    """Leyla's story ended in a question about schools: "no answer" and all 20 topics."""
    story = (
        "Здравствуйте! Мы живём в Гамбурге уже три года, дочке 7 лет, она почти не говорит"
        " по-азербайджански. Ищу школы по выходным, может при Азербайджанском доме, или"
        " онлайн. Подскажите, пожалуйста, что есть?"
    )
    matches = await real_matches(db_path, story)
    assert "weekend_schools" in faq.suggestions(matches, story)
    assert faq.suggestions(matches) == []  # as a short question the same scores are too low


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # "bayraq" (flag) cut to "bayra" matched "bayram" (holiday) in the Solidarity Day card
        # (asked "since when", which the source does not say; see the test below)
        ("bayraq gunu nece qeyd edilir?", "flag_day"),
        # "5ci" was one unknown word, and "V" a letter dropped: both got the First Congress
        ("5ci qurultay harda kecirilib", "fifth_congress"),
        ("V qurultay", "fifth_congress"),
        ("sonuncu qurultay ne vaxt olub", "fifth_congress"),
        ("I qurultay", "first_congress"),
        # "qalıb" (days left) was corrected to "qaldı", near Flag Day's "qaldırma" (raising)
        ("hemreylik gunu nece gun qalib", "solidarity_day"),
    ],
)
async def test_what_an_azerbaijani_speakers_review_found_answered_wrongly(
    tmp_path: Path, question: str, topic: str
) -> None:
    store = await Store.open(tmp_path / "kb.sqlite3")
    try:
        index = await faq.load_knowledge_base(store)
        matches = await faq.find(store, index, question)
        assert matches and matches[0].confident and matches[0].topic_id == topic
    finally:
        await store.close()


@pytest.mark.parametrize(
    "question",
    [
        "bayraq gunu ne vaxtdan qeyd edilir?",
        "since when is flag day celebrated",
        "кто придумал день флага",
        "is it a public holiday?",
        "I'm in Houston, any events on Dec 31?",
        "какие мероприятия будут 31 декабря в Берлине",
    ],
)
async def test_what_the_source_does_not_say_is_not_answered_by_a_card(
    tmp_path: Path, question: str
) -> None:
    """The source says how Flag Day was marked in 2025, not since when or by whom it is, nor
    whether the day is a day off, nor what events there will be: the Flag Day or Solidarity
    Day card answered as if it did (a persona review)."""
    store = await Store.open(tmp_path / "kb.sqlite3")
    try:
        index = await faq.load_knowledge_base(store)
        matches = await faq.find(store, index, question)
        assert matches and matches[0].unanswered and not matches[0].confident
    finally:
        await store.close()


@pytest.mark.parametrize("text", ["5G", "BMW X5", "A1", "G20"])
async def test_a_number_inside_a_word_names_no_topic(tmp_path: Path, text: str) -> None:
    """Splitting every number off its word gave "5G" the Fifth Congress (a review)."""
    store = await Store.open(tmp_path / "kb.sqlite3")
    try:
        index = await faq.load_knowledge_base(store)
        assert not any(m.confident for m in await faq.find(store, index, text))
    finally:
        await store.close()


def test_a_number_and_a_roman_numeral_before_a_congress_are_words() -> None:
    assert faq.words("5ci qurultay") == ["5", "qurultay"]  # the ending is no word: "11th"
    assert faq.words("V Qurultay, V съезд") == ["5", "qurultay", "5", "съезд"]
    assert faq.words("v berline") == ["berline"]  # a lone letter elsewhere is no number
    assert faq.words("5-й съезд, 5th") == ["5", "съезд", "5"]


# -- questions the source does not answer (data/unanswered.toml) ------------------------------
# A factual audit: each got a card as if it were the answer ("who designed the flag" Flag
# Day, "when was the 2nd congress" the Fifth Congress's date). Not listed verbatim in the
# file: the near questions must be caught too.
NOT_IN_SOURCE = [
    "who is the president of turkey?",
    "3cu qurultay ne vaxt olub",  # a user-journey review: the First Congress's card
    "who designed our flag",
    "bayrağı kim yaradıb?",
    "what do the colors of the azerbaijani flag mean",
    "when was the 2nd congress held",
    "в каком году прошёл 2-й съезд",
    "2-ci qurultay ne vaxt kecirilib",
    "когда освободили город Шушу",
    # other holidays' countdowns got Flag Day's or Solidarity Day's card
    "novruza nece gun qalib",
    "сколько осталось до Новруза",
]
#: ... and their neighbours that the source does answer keep their cards
ANSWERED = [
    ("when is flag day", "flag_day"),
    ("how is flag day celebrated abroad", "flag_day"),
    ("when was the fifth congress", "fifth_congress"),
    ("когда был первый съезд", "first_congress"),
    ("V qurultay Şuşada", "fifth_congress"),
    ("when was the state committee founded", "state_committee"),
    ("who started solidarity day", "solidarity_day"),
    ("Həmrəylik bayramına neçə gün qalıb", "solidarity_day"),
    ("когда будет день солидарности", "solidarity_day"),  # was the reminders card ("будет")
    # Azerbaijan's president, as the source names him (the audit: the 23 May 2001 order and
    # the 1997 address, Heydar Aliyev's, answered as if he were)
    ("who's the president now?", "diaspora_policy"),
    ("azerbaycanin prezidenti kimdir", "diaspora_policy"),
    ("кто сейчас президент Азербайджана", "diaspora_policy"),
]


@pytest.fixture
async def real_index(db_path: Path) -> tuple[Store, faq.FaqIndex]:
    store = await Store.open(db_path)
    yield store, await faq.load_knowledge_base(store)  # type: ignore[misc]
    await store.close()


@pytest.mark.parametrize("question", NOT_IN_SOURCE)
async def test_a_question_the_source_does_not_answer_gets_no_card(
    real_index: tuple[Store, faq.FaqIndex], question: str
) -> None:
    store, index = real_index
    matches = await faq.find(store, index, question)
    assert matches and matches[0].unanswered and not matches[0].confident


@pytest.mark.parametrize(("question", "topic"), ANSWERED)
async def test_its_neighbours_the_source_answers_keep_their_card(
    real_index: tuple[Store, faq.FaqIndex], question: str, topic: str
) -> None:
    store, index = real_index
    (best, *_) = await faq.find(store, index, question)
    assert (best.topic_id, best.confident, best.unanswered) == (topic, True, False)


async def test_the_person_is_told_the_source_does_not_say_and_shown_the_near_card(
    sim: Simulator,
) -> None:
    (reply,) = await sim.send(sim.person(403, "en"), "who designed the flag?")
    assert reply.text.startswith("I don't have an answer to that")
    labels = [b["text"] for b in reply.inline_buttons]
    assert labels[0] == "State Flag Day (9 November)" and labels[-1].endswith("All topics")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[en\n", "unanswered.toml"),
        ("[en]\nquestions = 'who'", "must be a list of strings"),
        ("en = 1", "[en] must be a table"),
        ("[de]\nquestions = ['wer']", "unknown table(s): de"),
    ],
)
def test_a_broken_unanswered_file_says_what_is_wrong_and_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str, problem: str
) -> None:
    path = tmp_path / "unanswered.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(faq.FaqFileError, match=re.escape(problem)):
        faq.read_unanswered(path)
    assert faq.load_unanswered(path) == []
    assert problem in caplog.text


@pytest.mark.parametrize(
    ("day", "lang", "text", "said"),
    [
        # a conversation review: on 31 December "bu gun hansi bayramdi" got Flag Day's card,
        # 313 days to go ("bayramdı" cut to "bayra"), and "сегодня праздник?" no answer
        ((12, 31), "az", "bu gun hansi bayramdi", "🎉 Bu gün bayramdır!"),
        ((12, 31), "ru", "сегодня праздник?", "🎉 Праздник сегодня!"),
        ((11, 29), "en", "what holiday is today", "📅 Today is none of the holidays"),
        ((11, 29), "az", "bu gün hansı bayramdır", "📅 Bu gün bildiyim bayramlardan"),
        # a persona review: "tomorrow" was not understood (or the reminders card)
        ((12, 30), "en", "what holiday is tomorrow", "⏳ 1 day to go: Thursday, 31 December"),
        ((12, 20), "ru", "какой праздник завтра", "📅 Завтра нет ни одного из праздников"),
        ((12, 20), "az", "sabah hansı bayramdır?", "📅 Sabah bildiyim bayramlardan"),
        ((11, 9), "en", "what holiday is tomorrow", "📅 Tomorrow is none"),  # not Flag Day's
    ],
)
async def test_the_holiday_of_today_is_told(
    sim: Simulator, clock: FakeClock, day: tuple[int, int], lang: str, text: str, said: str
) -> None:
    clock.set(datetime(2026, *day, 9, 0, tzinfo=UTC))
    (card,) = await sim.send(sim.person(330, lang), text)
    assert said in card.text, card.text
    assert "Solidarity" in card.text or "31 dekabr" in card.text or "31 декабря" in card.text


async def test_is_today_flag_day_on_solidarity_day_is_not_told_no_holiday_today(
    sim: Simulator, clock: FakeClock
) -> None:
    """A diff review: on 31 December "is today flag day?" was told "Today is none of the
    holidays I know about"."""
    clock.set(datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    (card,) = await sim.send(sim.person(332, "en"), "is today flag day?")
    assert "State Flag Day" in card.text and "📅" not in card.text


async def test_is_today_a_named_holiday_says_no_and_when(sim: Simulator, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    (card,) = await sim.send(sim.person(331, "en"), "is today flag day?")
    assert card.text.startswith("📅 Today is none of the holidays I know about.")
    assert "State Flag Day" in card.text
    assert "345 days to go: Tuesday, 9 November 2027." in card.text


@pytest.mark.parametrize(
    ("lang", "card", "asked", "title"),
    [
        # a conversation review: "no answer" right after the card
        ("ru", "что такое день солидарности", "а когда это?", "День солидарности (31 декабря)"),
        ("en", "what is flag day", "when is it", "State Flag Day (9 November)"),
        ("az", "Həmrəylik günü", "bu nə vaxtdır?", "Həmrəylik Günü (31 dekabr)"),
    ],
)
async def test_when_is_it_after_a_holiday_card_is_that_card(
    sim: Simulator, lang: str, card: str, asked: str, title: str
) -> None:
    person = sim.person(340, lang)
    await sim.send(person, card)
    (reply,) = await sim.send(person, asked)
    assert reply.text.startswith(f"<b>{title}</b>"), reply.text


async def test_who_designed_it_after_a_holiday_card_is_still_not_answered(sim: Simulator) -> None:
    person = sim.person(341, "en")
    await sim.send(person, "when is flag day")
    (reply,) = await sim.send(person, "who designed it?")
    assert "Flag Day (9 November)</b>" not in reply.text


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("what holiday is today", True),
        ("bu gün hansı bayramdır", True),
        ("сегодня праздник?", True),
        ("bugün bayram mı", True),
        ("bu gün niyə qeyd olunur", False),  # "this day": why is it marked (a diff review)
        ("как сегодня отмечают праздник в Берлине", False),  # how, not whether
    ],
)
def test_a_question_about_today_is_told_from_one_about_this_day(text: str, today: bool) -> None:
    from handlers import faq as faq_handlers

    assert (faq_handlers._asks_day(text) == 0) is today


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("what holiday is tomorrow", 1),
        ("завтра день флага?", 1),
        ("sabah hansı bayramdır", 1),
        ("remind me at 8 tomorrow", None),  # no holiday, no day: a request of its own
        ("hər sabah xatırlat", None),
    ],
)
def test_a_question_about_tomorrow_is_told(text: str, day: int | None) -> None:
    from handlers import faq as faq_handlers

    assert faq_handlers._asks_day(text) == day
