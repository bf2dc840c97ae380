"""The knowledge base: load topic files, index them, and answer questions in people's words.

Matching, in three steps:

1. :func:`normalize` folds both the indexed text and the question the same way: lower case,
   ``ə→e`` and ``ı→i`` (not decomposable), every other diacritic removed (ş→s, ç→c, ğ→g, ö→o,
   ü→u, й→и, ё→е), anything but letters and digits becomes a space.
2. Each word of the question is corrected to the nearest indexed word with ``rapidfuzz`` (small
   typos and other endings, changing the length by a letter or two: "деньги" is not "день"),
   cut to a stem (Russian and Azerbaijani endings) and looked up as an FTS5 prefix query
   ``"stem"*``: the topics it finds are the candidates.
3. Candidates are ranked by how much of the question they cover (words weighted by rarity
   across topics) and by ``rapidfuzz`` similarity to the topic's example questions. Below
   :data:`THRESHOLD` the bot says honestly that it does not know. Words of up to three letters
   count only when a topic has exactly that word ("il" is not "ilk", "new" not "news"), and a
   topic needs a distinctive word: not a word like "day" or "bayram" (:data:`GENERIC`), so
   "Novruz bayramı" does not get the Solidarity Day card. A question in exactly the words of
   one topic's title, example question or keyword is that topic's, however common its words
   ("What is the Azerbaijani diaspora?").
"""

from __future__ import annotations

import bisect
import logging
import math
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot import DATA_DIR as PACKAGE_DATA_DIR
from bot.config import MARKISH, TAGISH, ContentError, not_utf8, toml_problem, unknown_keys
from bot.i18n import LANGUAGES, latin_az
from bot.reminders import zone
from bot.store import Store
from bot.store import faq as faq_store
from bot.store.faq import TopicRecord, TopicText

log = logging.getLogger(__name__)

#: The knowledge base shipped with the bot: one ``<id>.toml`` per topic.
DATA_DIR = PACKAGE_DATA_DIR / "faq"
#: Questions people ask that the source does not answer (see the file's header).
UNANSWERED_FILE = PACKAGE_DATA_DIR / "unanswered.toml"

#: Below this score a question gets the honest "I don't know" answer (tuned on the eval set).
THRESHOLD = 0.3
#: Below THRESHOLD, or without a distinctive word, topics scoring this much are offered as
#: buttons ("perhaps one of these?") instead of an answer.
SUGGEST = 0.2
MAX_SUGGESTIONS = 3
#: A message of this many meaningful words or more has the lower bar SUGGEST_LONG.
LONG_QUESTION = 8
SUGGEST_LONG = 0.1
#: How much a word found nowhere in the knowledge base counts against a match.
UNKNOWN_WEIGHT = 0.5
#: A word found only in a topic's answer or longer text counts this much (1 = like a keyword).
WEAK_EVIDENCE = 0.5
#: A title/question/keyword word with the same stem but another ending counts this much.
STEM_EVIDENCE = 0.9
#: Share of the score from similarity to the example questions (the rest: coverage).
SIMILARITY_WEIGHT = 0.7
#: How many recent answers ``find`` remembers (the index is rebuilt, and emptied, on reload).
ANSWER_CACHE_SIZE = 2048
#: Longest question looked at; the rest of a 4096-character message is ignored.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 24

_TOPIC_ID = re.compile(r"^[a-z0-9_]{1,40}$")
#: A title is a button label; an answer with its "more" text is one message (4096 at most,
#: with the title and the buttons' room to spare).
MAX_TITLE = 40
MAX_CARD = 3500
_NOT_WORD = re.compile(r"[^\w]+|_+")
_FOLD = str.maketrans({"ə": "e", "ı": "i", "ё": "е"})

#: Case and plural endings (folded), longest first: a word not in the index may be an indexed
#: word with one of them ("флагом" → "флаг"), while "деньги" is not "день" + an ending.
ENDINGS = tuple(
    sorted(
        set(
            # Russian
            "ами ями ого его ому ему ыми ими ах ях ам ям ом ем ой ей ую юю ая яя ое ее ые ие ых "
            "их ым им ов ев а я о е и ы у ю "
            # Azerbaijani
            "lar ler larin lerin larda lerde nin nun in un da de dan den ya ye a e i u dir dur "
            # ... and "our", "your": "bayrağımızın" (of our flag)
            "imiz imizin imizi imize imizde iniz inizin inizi "
            # English
            "s es ed ing".replace("й", "и").split()
        ),
        key=lambda e: (-len(e), e),
    )
)

#: Azerbaijani consonants that soften before a vowel ending (folded: ğ is g): their hard form.
_HARD = {"g": "q", "y": "k"}

#: Words too short to stand for a longer one: they count only when a topic has them whole.
SHORT_WORD = 3

#: Words that say nothing about the topic (already normalised).
_STOPWORDS_EN = (  # English
    "a an the is are was were be been of on in at to for and or with from by about as it its "
    "this that these those there what when whats how who whom why where which do does did "
    "can could would will shall should i me my you your we our us they them he she his her "
    "their please tell know want much many any some if so not no yes hi hello hey thanks thank "
    # verbs too common to decide a topic: "see you there!" is not "who can see my data",
    # "how to get a passport" not "when will I get the reminder"
    "see get gets got have has had go goes going went will just now great home "
    "must might "
    # "how do people celebrate it": who does it says nothing of the topic
    "people ppl "
)
_STOPWORDS_AZ = (  # Azerbaijani, folded
    "ne nedir neye nece necenci niye nise kim kimdir kime kimle kimin hara harada haradan harda "
    "harasinda haqqinda haqda "
    "barede ve bu o bir da de ile ucun mi mu hansi hansi vaxt vaxtdir vaxti zaman olur olub "
    "olunur var yox edir edilir mene bize deyin de soyle zehmet olmasa salam ya yoxsa ise ki "
    "burada orada bunda onda "
    # alone, each was a confident card ("olar": Diaspor TV, "istəyirəm": the youth programmes)
    "olar olmaz isteyirem bilerem menim bizim sizin "
    # pronouns: "sən necə?" (how are you) was the 1997 address ("Əgər sən azərbaycanlısansa")
    "men sen siz biz onlar "
    # Turkish, as many in Türkiye type: "peki diaspora nedir" (well, …) was not understood
    "peki hangi nasil neden nerede "
    # "bilgi var mı?" (is there information) was corrected to "bilir", of the privacy card's
    # "Bot mənim haqqımda nə bilir?" (a persona review); "hakkında" is "haqqında"
    "bilgi bilgiler hakkinda misiniz musunuz iyi "
)
_STOPWORDS_RU = (  # Russian, folded
    "что когда как кто где это такое такой такая такие в во на и о об про по с со для ли "
    "сколько есть был была было были мне нам расскажи расскажите скажи скажите пожалуйста "
    "какой какая какие каких каком какого какому каким какую зачем почему у из до от же а то ну "
    "привет здравствуйте "
    # "когда будет Новруз байрам" was the reminders card ("когда будет напоминание?")
    "будет будут "
    # alone, each was a confident card ("мой": what the bot keeps about you)
    "мой моя мое мои моих наш наша наши ваш ваша ваши "
    # "there", "here", "this" (as "there", "burada", "bu" above): "а школа там есть?" was the
    # Flag Day card, whose example "чё там с днём флага" made "там" its word (a review)
    "там тут здесь этот эта эти этого этой этом эту этим этих "
)


def normalize(text: str) -> str:
    """Fold ``text`` for matching: the one function for indexed text and questions alike.
    An ordinal's number is a word of its own ("5ci qurultay" is "5 ci qurultay", as "5-ci"
    is); other numbers in a word stay in it ("5G", "G20" are no 5 nor 20)."""
    text = latin_az(unicodedata.normalize("NFKC", text))  # "бајрам гүнү": "bayram günü"
    text = text.replace("İ", "i").lower().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_ORDINAL.sub(r"\1", _NOT_WORD.sub(" ", text)).split())


#: A number with an ordinal ending (folded): az -ci/-cı/-cu/-cü, en -th/-st/-nd/-rd, ru -й/-го.
_ORDINAL = re.compile(r"\b(\d+)(ci|cu|nci|ncu|th|st|nd|rd|го|ого|ии|ыи|ои|и)\b")


#: Folded like everything else (``какой`` → ``какои``).
STOPWORDS = frozenset(normalize(f"{_STOPWORDS_EN} {_STOPWORDS_AZ} {_STOPWORDS_RU}").split())

#: Words that are part of the question but cannot alone decide a topic: every holiday is a
#: day and a bayram, so "Novruz bayramı nə vaxtdır" must not get the Solidarity Day card.
GENERIC = frozenset(
    normalize(
        "day days holiday holidays celebration date "
        "gün günü günün günə gününü günündə gününə gündür "
        "bayram bayramı bayramın bayrama bayramdır bayramıdır bayramını bayramında tarix "
        "bayramına bayramınız bayramlar bayramları bayramdan байрам "
        "день дня дню днём праздник праздника празднику праздники праздников дата "
        # a year is in every date: "when is Novruz this year" is not the 2025 events
        "year years il ili ilde ilin год года году лет"
        # ... and the capital: "weather in Baku" is not about the congress held there
        " baku baki bakida bakiya bakidan bakinin баку"
    ).split()
)
#: ... and every topic is about Azerbaijanis: "азербайджанская кухня" is not a weekend school.
GENERIC_PREFIXES = tuple(normalize("azerbaijan azerbaycan azəri azeri азербайджан").split())
#: ... but Azerbaijanism, the idea, is a topic's own word.
NOT_GENERIC_PREFIXES = tuple(normalize("azerbaijanism azərbaycançılı азербайджанств").split())


def generic(word: str) -> bool:
    if word.startswith(NOT_GENERIC_PREFIXES):
        return False
    return word in GENERIC or word.startswith(GENERIC_PREFIXES)


class FaqFileError(Exception):
    """A topic file that cannot be used; the message says which file and why."""


def words(text: str) -> list[str]:
    """The meaningful words of ``text``, normalised, stopwords removed; a Roman numeral
    before a congress is its number ("V qurultay" is the fifth, as "5-ci qurultay" is)."""
    folded = normalize(text).split()
    folded = [
        _ROMAN.get(w, w) if i + 1 < len(folded) and folded[i + 1].startswith(_CONGRESS) else w
        for i, w in enumerate(folded)
    ]
    return [w for w in folded if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
# ... and so is an ordinal word: "the second congress" is the 2nd, which no topic is about
_ORDINAL_WORDS = {
    "1": "first birinci ilk первый первого первом первому первым",
    "2": "second ikinci второй второго втором второму вторым",
    "3": "third ucuncu третий третьего третьем третьему третьим",
    "4": "fourth dorduncu четвертый четвертого четвертом четвертому четвертым",
    "5": "fifth besinci пятый пятого пятом пятому пятым",
}
_ROMAN |= {normalize(w): n for n, ws in _ORDINAL_WORDS.items() for w in ws.split()}
_CONGRESS = ("qurultay", "kurultay", "kurultai", "congress", "съезд", "sjezd", "курулта")


def stem(word: str) -> str:
    """A crude stem for prefix search: enough of the word to survive case endings."""
    if len(word) <= 4 or word.isdigit():
        return word
    return word[: max(5, len(word) - 3)] if len(word) >= 7 else word[: len(word) - 1]


# -- topic files ------------------------------------------------------------------------------
def _text_list(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FaqFileError(f"{where} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _required(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FaqFileError(f"{where}.{key} is missing or empty")
    return value.strip()


def _optional(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise FaqFileError(f"{where}.{key} must be text")
    return value.strip()


def parse_topic(text: str, source: str = "<topic>") -> TopicRecord:
    """One topic from the TOML text of a ``data/faq/<id>.toml`` file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FaqFileError(f"{source}: {toml_problem(text, exc)}") from exc
    topic_id = data.get("id")
    if not isinstance(topic_id, str) or not _TOPIC_ID.match(topic_id):
        raise FaqFileError(f"{source}: id must be lower-case letters, digits and _ (max 40)")
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        raise FaqFileError(f"{source}: order must be a whole number")
    related = _text_list(data.get("related", []), f"{source}: related")
    bad = [r for r in related if not _TOPIC_ID.match(r)]
    if bad:
        raise FaqFileError(f"{source}: related has invalid ids {bad}")
    texts: dict[str, TopicText] = {}
    for lang in LANGUAGES:
        table = data.get(lang)
        if not isinstance(table, dict):
            raise FaqFileError(f"{source}: the [{lang}] table is missing")
        where = f"{source}: {lang}"
        _known_keys(table, _TEXT_KEYS, f"{source}: [{lang}]")
        texts[lang] = TopicText(
            title=_required(table, "title", where),
            answer=_required(table, "answer", where),
            more=_optional(table, "more", where) or _required(table, "answer", where),
            questions=_text_list(table.get("questions", []), f"{where}.questions"),
            keywords=_text_list(table.get("keywords", []), f"{where}.keywords"),
            names=_text_list(table.get("names", []), f"{where}.names"),
        )
    _known_keys(data, _TOPIC_KEYS | set(LANGUAGES), source)  # "[tr]": a language not shown
    for lang, t in texts.items():
        if len(t.title) > MAX_TITLE:
            raise FaqFileError(
                f"{source}: {lang}.title has {len(t.title)} characters; at most {MAX_TITLE}"
                " (it is a button label)"
            )
        # Telegram counts UTF-16 code units (an emoji is two)
        body = _utf16(t.answer) + (_utf16(t.more) if t.more != t.answer else 0)
        if body > MAX_CARD:
            raise FaqFileError(
                f"{source}: {lang}.answer and {lang}.more have {body} characters together;"
                f" at most {MAX_CARD} fit in one Telegram message"
            )
    return TopicRecord(id=topic_id, order=order, related=related, texts=texts)


#: The keys a topic file has, at its top and in each language's table: any other is a typo
#: ("mroe", "keyword", "relatd") whose content would be dropped without a word (an operator
#: review: --check said "ok" and the "📖 More" text was gone).
_TOPIC_KEYS = frozenset(["id", "order", "related"])
_TEXT_KEYS = frozenset(["title", "answer", "more", "questions", "keywords", "names"])


def _known_keys(table: dict[str, Any], known: frozenset[str] | set[str], where: str) -> None:
    hints = unknown_keys(table, known)
    if hints is not None:
        raise FaqFileError(
            f"{where}: unknown key(s) {hints}; a topic has {', '.join(sorted(known))}"
        )


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


#: A topic file is a few kilobytes; anything this big is not one.
MAX_TOPIC_BYTES = 1_000_000


def read_topic_file(path: Path) -> TopicRecord:
    # a FIFO or a link to /dev/zero in the folder: read without end (a review)
    if not path.is_file():
        raise FaqFileError(f"{path}: not a regular file")
    if path.stat().st_size > MAX_TOPIC_BYTES:
        raise FaqFileError(f"{path}: over {MAX_TOPIC_BYTES // 1_000_000} MB, not a topic file")
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM (Windows Notepad) is fine
    except UnicodeDecodeError as exc:
        raise FaqFileError(f"{path} {not_utf8(exc)}") from exc
    except OSError as exc:
        raise FaqFileError(f"{path}: cannot read: {exc}") from exc
    topic = parse_topic(text, str(path))
    if topic.id != path.stem:  # a copied file whose id was not changed would replace a topic
        raise FaqFileError(
            f"{path}: id is {topic.id!r} but the file is named {path.stem!r}; they must match"
        )
    return topic


def read_topic_dir(folder: Path) -> tuple[list[TopicRecord], list[str]]:
    """Every readable topic in ``folder`` and a list of problems with the others."""
    topics: list[TopicRecord] = []
    problems: list[str] = []
    if not folder.is_dir():
        return topics, [f"{folder}: no such folder"]
    seen: set[str] = set()
    for path in sorted(folder.glob("*.toml")):
        try:
            topic = read_topic_file(path)
        except FaqFileError as exc:
            problems.append(str(exc))
            continue
        if topic.id in seen:
            problems.append(f"{path}: topic id {topic.id!r} is used twice")
            continue
        seen.add(topic.id)
        topics.append(topic)
    return topics, problems


def index_rows(topics: Iterable[TopicRecord]) -> list[tuple[str, str, str]]:
    """The FTS rows of ``topics``: normalised title, questions, keywords and answer."""
    rows = []
    for topic in topics:
        for lang, t in topic.texts.items():
            body = " ".join([t.title, *t.names, *t.questions, *t.keywords, t.answer, t.more])
            rows.append((topic.id, lang, normalize(body)))
    return rows


def unknown_related(topics: Iterable[TopicRecord], known: set[str]) -> list[str]:
    """A line for each ``related`` id that is not among ``known`` topics (a typo: the card
    would silently have one button less)."""
    return [
        f"{topic.id}: related {r!r} is not a topic; its button is left out"
        for topic in topics
        for r in topic.related
        if r not in known
    ]


#: The one mark a topic's text may hold: the bot's default zone's city (``BOT_DEFAULT_TZ``).
DEFAULT_ZONE_MARK = "{default_zone}"


def odd_marks(topics: Iterable[TopicRecord]) -> list[str]:
    """A line for each ``{…}`` other than :data:`DEFAULT_ZONE_MARK` ("{default zone}", a typo)
    and each HTML-like tag (``<b>``) in a text: both are shown as typed (an operator review:
    they passed every check)."""
    found = []
    for topic in topics:
        for lang, t in topic.texts.items():
            text = f"{t.title}\n{t.answer}\n{t.more}"
            for mark in dict.fromkeys(MARKISH.findall(text)):
                if mark != DEFAULT_ZONE_MARK or mark in t.title:  # a title's is not filled in
                    found.append(
                        f"{topic.id} [{lang}]: {mark} is shown as it is (the one mark the bot"
                        f" fills in is {DEFAULT_ZONE_MARK})"
                    )
            for tag in dict.fromkeys(TAGISH.findall(text)):
                found.append(
                    f"{topic.id} [{lang}]: {tag} is shown as it is: texts are plain text"
                    " (a new line is a line break)"
                )
            if _LOST_LETTERS.search(text) or (lang == "ru" and not _CYRILLIC.search(text)):
                # saved as "ANSI": every letter the encoding lacks became "?" (a review)
                found.append(
                    f'{topic.id} [{lang}]: letters look lost ("???", or no Cyrillic in a'
                    " Russian text): was the file saved in another encoding than UTF-8?"
                )
    return found


#: An answer this long is well past the advised 350 characters (data/faq/README.md): on a
#: phone it fills the screen before the "More" button.
LONG_ANSWER = 600


def advice(topics: Iterable[TopicRecord]) -> list[str]:
    """Notes on what the README advises but the bot does not refuse (a content editor's
    review: a 1,500-character answer, and a language with no questions, passed silently)."""
    found = []
    for topic in topics:
        for lang, t in topic.texts.items():
            if len(t.answer) > LONG_ANSWER:
                found.append(
                    f"{topic.id} [{lang}]: the answer has {len(t.answer)} characters; about 350"
                    " read best, and the rest can go in `more`"
                )
            if not t.questions and not t.keywords:
                found.append(
                    f"{topic.id} [{lang}]: no questions or keywords: people asking in this"
                    " language will rarely find the topic"
                )
    return found + _names_advice(topics)


def _names_advice(topics: Iterable[TopicRecord]) -> list[str]:
    """A name (``names``) with no word of its own, or with a word another topic's title or
    names has: it would name no topic, or two (a review: "Bayrak Günü" in both holidays'
    files, and "remind me on bayrak günü" subscribed to neither)."""
    topics = list(topics)
    owners: dict[str, set[str]] = {}
    for topic in topics:
        for t in topic.texts.values():
            for w in (w for name in (t.title, *t.names) for w in words(name)):
                if not generic(w):
                    owners.setdefault(stem(w), set()).add(topic.id)
    found = []
    for topic in topics:
        for lang, t in topic.texts.items():
            for name in t.names:
                own = [w for w in words(name) if not generic(w)]
                shared = sorted({o for w in own for o in owners.get(stem(w), set())} - {topic.id})
                if not own:
                    found.append(
                        f"{topic.id} [{lang}]: the name {name!r} has only words every topic"
                        " shares (day, holiday…): it names nothing"
                    )
                elif shared:
                    found.append(
                        f"{topic.id} [{lang}]: the name {name!r} has a word of"
                        f" {', '.join(shared)} too: a name should be this topic's alone"
                    )
    return found


#: Letters an "ANSI" save replaced: "K?n?ll? olmaq", "????????????"
_LOST_LETTERS = re.compile(r"\?{3,}|[^\W\d_]\?[^\W\d_]{1,3}\?")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


async def save_topics(store: Store, topics: Sequence[TopicRecord]) -> None:
    """Insert or update ``topics`` in the database (idempotent, all or nothing)."""
    await faq_store.upsert_topics(store, topics, index_rows(topics))


# -- matching ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Match:
    topic_id: str
    score: float
    confident: bool
    #: a word of the question is in the topic's title, questions or keywords, and rare there
    #: (not only in its answer: "/timezone Berlin" in a text makes it no topic about Berlin)
    distinctive: bool = False
    #: nearer to a question the source does not answer (:data:`UNANSWERED_FILE`) than to
    #: any topic: none is confident, and the person is told the source does not say
    unanswered: bool = False


@dataclass
class _TopicIndex:
    words: list[str]  # sorted, distinct, normalised: title, questions, keywords
    text_words: list[str]  # the same for the answer and the longer text (weaker evidence)
    phrases: list[str]  # normalised example questions and titles, stopwords removed
    title_words: frozenset[str] = frozenset()  # the titles' words, in every language
    #: its other names' words (not generic ones), each with its stem: ("dayani", "dayanisma")
    name_words: frozenset[tuple[str, str]] = frozenset()


def _has_word(sorted_words: list[str], word: str) -> bool:
    at = bisect.bisect_left(sorted_words, word)
    return at < len(sorted_words) and sorted_words[at] == word


def _has_prefix(sorted_words: list[str], prefix: str, *, generic_too: bool = True) -> bool:
    """A word that begins with ``prefix``; without ``generic_too``, no generic word: "bayraq"
    (flag), cut to "bayra", is not "bayram" (holiday), which every holiday's topic has."""
    at = bisect.bisect_left(sorted_words, prefix)
    while at < len(sorted_words) and sorted_words[at].startswith(prefix):
        if generic_too or not generic(sorted_words[at]):
            return True
        at += 1
    return False


@dataclass
class FaqIndex:
    """The in-memory side of the knowledge base: topics, vocabulary and per-topic words."""

    topics: dict[str, TopicRecord] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    _vocab_set: frozenset[str] = frozenset()
    _by_topic: dict[str, _TopicIndex] = field(default_factory=dict)
    #: Recent answers by normalised question: people ask the same things (see ``find``).
    answers: dict[tuple[str, int], list[Match]] = field(default_factory=dict)
    #: Rendered answers with their buttons, by (topic, language, longer text?): the topics do
    #: not change while this index lives (a reload builds a new one), nor do the PTB objects.
    views: dict[tuple[str, str, bool], Any] = field(default_factory=dict)
    #: The words (sorted, each as often as it stands) of each title, example question and
    #: keyword phrase with a word that is not generic, and the topics that list them: a
    #: question asked in exactly those words.
    listed: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    #: Questions the source does not answer (:data:`UNANSWERED_FILE`), each scored as a topic
    #: of its own: a question nearer to one than to any topic gets no confident answer.
    unanswered: list[_TopicIndex] = field(default_factory=list)

    @classmethod
    def build(cls, topics: Sequence[TopicRecord], unanswered: Sequence[str] = ()) -> FaqIndex:
        index = cls(topics={t.id: t for t in topics})
        index.unanswered = [
            _TopicIndex(sorted(set(ws)), [], [" ".join(ws)]) for q in unanswered if (ws := words(q))
        ]
        vocab: set[str] = set()
        for topic in topics:
            topic_words: set[str] = set()
            text_words: set[str] = set()
            phrases: list[str] = []
            for t in topic.texts.values():
                for phrase in (t.title, *t.names, *t.questions):
                    ws = words(phrase)
                    topic_words.update(ws)
                    if ws:
                        phrases.append(" ".join(ws))
                for keyword in t.keywords:
                    topic_words.update(words(keyword))
                for phrase in (t.title, *t.names, *t.questions, *t.keywords):
                    # each word as often as it stands: "1+1" (the Youth Programme) is not "1"
                    listing = tuple(sorted(words(phrase)))
                    if any(not generic(w) for w in listing):
                        index.listed.setdefault(listing, set()).add(topic.id)
                text_words.update(words(t.answer), words(t.more))
            index._by_topic[topic.id] = _TopicIndex(
                sorted(topic_words),
                sorted(text_words - topic_words),
                phrases,
                frozenset(w for t in topic.texts.values() for w in words(t.title)),
                frozenset(
                    (stem(w), w)
                    for t in topic.texts.values()
                    for name in t.names
                    for w in words(name)
                    if not generic(w)
                ),
            )
            vocab |= topic_words | text_words
        index.vocabulary = sorted(vocab)
        index._vocab_set = frozenset(vocab)
        return index

    def ordered(self) -> list[TopicRecord]:
        return sorted(self.topics.values(), key=lambda t: (t.order, t.id))

    def knows_a_word_of(self, text: str) -> bool:
        """Whether a word of ``text`` is in the topics as written, not only a guess: "Gəncə"
        (the city) reaches "gənc" (young) only as "gənc" + a case ending."""
        return any(w in self._vocab_set or w in GENERIC for w in words(text))

    def has_word_for(self, name: str) -> bool:
        """Whether a topic has ``name`` (a place's, say) as a word, or a form of it: "Şuşa"
        ("Şuşada"), but not "Gəncə", whose only kin is "gənc" (young)."""
        key = normalize(name)
        return bool(key) and _has_prefix(self.vocabulary, key)

    def correct(self, word: str) -> str | None:
        """``word`` itself if indexed, else the nearest indexed word (small typos), else None."""
        if word in self._vocab_set or word in GENERIC:  # "bayramı" is no typo of "bayrağı"
            return word
        if len(word) < 4 or word.isdigit():
            return None
        for ending in ENDINGS:  # "флагом" is "флаг", "evlerin" is "evler"
            if not word.endswith(ending):
                continue
            root = word[: -len(ending)]
            if root in self._vocab_set:
                return root
            # Azerbaijani q and k soften before a vowel: "bayrağımız" is "bayraq" + "-ımız"
            hard = root[:-1] + _HARD.get(root[-1:], "") if root[-1:] in _HARD else None
            if hard is not None and hard in self._vocab_set:
                return hard
        # a keyword written as a stem ("финансир") covers "финансирует" (see _strong)
        if any(word[:k] in self._vocab_set for k in range(max(5, len(word) - 3), len(word))):
            return word
        cutoff = 80 if len(word) < 7 else 75
        # a typo rarely hits the first letter; requiring it keeps "погода" from becoming "года"
        same_start = self.vocabulary[
            bisect.bisect_left(self.vocabulary, word[0]) : bisect.bisect_left(
                self.vocabulary, chr(ord(word[0]) + 1)
            )
        ]
        # a typo or another ending changes the length by a letter or two, not more ("деньги"
        # is not "день"); a short word is not a shorter word with a letter too many
        slack = 1 if len(word) < 8 else 2
        low = len(word) if len(word) < 6 else len(word) - slack
        same_length = [w for w in same_start if low <= len(w) <= len(word) + slack]
        found = process.extractOne(word, same_length, scorer=fuzz.ratio, score_cutoff=cutoff)
        return str(found[0]) if found else None

    def _strong(self, topic: _TopicIndex, word: str) -> bool:
        """A title/question/keyword word starts with ``word``, or is a stem of it written in
        the content (a keyword ``солидарност`` covers ``солидарностью``)."""
        if len(word) <= SHORT_WORD:
            return _has_word(topic.words, word)
        if _has_prefix(topic.words, word):
            return True
        at = bisect.bisect_right(topic.words, word) - 1
        while at >= 0 and topic.words[at][:1] == word[:1]:
            known = topic.words[at]
            if word.startswith(known):
                # "azerbaijanis" does not cover "azerbaijanism": a generic word, another one
                return (
                    len(known) >= 5
                    and len(known) >= len(word) - 3
                    and not (generic(known) and not generic(word))
                )
            at -= 1
            if not word.startswith(known[:4]):
                break
        return False

    def evidence(self, topic_id: str, word: str) -> float:
        """How well the topic contains ``word``: 1 for a title, question or keyword word,
        :data:`STEM_EVIDENCE` if one shares its stem (another ending), :data:`WEAK_EVIDENCE`
        if only its answer or longer text has the stem, else 0."""
        return self._evidence_in(self._by_topic[topic_id], word)

    def _evidence_in(self, topic: _TopicIndex, word: str) -> float:
        if self._strong(topic, word):
            return 1.0
        if len(word) <= SHORT_WORD:
            return WEAK_EVIDENCE if _has_word(topic.text_words, word) else 0.0
        word_stem = stem(word)
        if generic(word_stem) and not generic(word):  # "azerbaijanism" is not "azerbaijani"
            return 0.0
        loose = generic(word)  # "holiday" may be "holidays"; "bayraq" never "bayram"
        if _has_prefix(topic.words, word_stem, generic_too=loose):
            return STEM_EVIDENCE
        found = _has_prefix(topic.text_words, word_stem, generic_too=loose)
        return WEAK_EVIDENCE if found else 0.0

    def topics_with(self, word: str, at_least: float) -> int:
        """In how many topics ``word`` has evidence of at least ``at_least``."""
        return sum(1 for t in self.topics if self.evidence(t, word) >= at_least)

    def says_all(self, topic_id: str, text: str) -> bool:
        """Whether every word of ``text`` (stopwords aside; near spellings as corrected) is
        in the topic's texts: "how do people celebrate it" after Flag Day's card asks what
        the card says ("celebrated"), "who designed it" does not (see handlers.faq)."""
        entry = self._by_topic[topic_id]
        for word in words(text):
            root = stem(self.correct(word) or word)
            if not (_has_prefix(entry.words, root) or _has_prefix(entry.text_words, root)):
                return False
        return True

    def in_title(self, topic_id: str, stems: Sequence[str]) -> int:
        """How many of the asked words' ``stems`` begin a word of the topic's title, or are a
        word of its other names, cut or inflected: "dayanışma", "dayanışmanın" name
        "Dayanışma Günü"; "dayandır" (stop, cut to "dayan") and "dayanılmaz" (unbearable)
        do not (two reviews: each turned both holidays off)."""
        found = self._by_topic[topic_id]
        return sum(
            1
            for s in stems
            if any(t.startswith(s) for t in found.title_words)
            or any(
                s.startswith(n) and (w.startswith(s) or s.startswith(w[:-1]))
                for n, w in found.name_words
            )
        )

    def similarity(self, topic_id: str, query: str) -> float:
        """0..1: the best rapidfuzz similarity of ``query`` to the topic's example questions."""
        return _similarity(self._by_topic[topic_id].phrases, query)

    def not_answered(
        self, asked: list[str], weights: list[tuple[str | None, float]], query: str
    ) -> float:
        """The best score a question the source does not answer would get as a topic, as
        :func:`_rank` scores one (0 if there are none). Its words count as typed too: "2",
        "colours" are in no topic, so not corrected to a word of one (``weights``)."""
        total = sum(weight for _, weight in weights) or 1.0
        # each word as typed, and as corrected (if it was)
        forms = [
            ({typed, word or typed}, weight)
            for typed, (word, weight) in zip(asked, weights, strict=True)
        ]

        def evidence(question: _TopicIndex, words: set[str]) -> float:
            return max(self._evidence_in(question, w) for w in words)

        best = 0.0
        for question in self.unanswered:
            # every word of it that says what is asked ("2", "designed"; not "azerbaijan")
            # is in the question: "qarabağda keçirilən qurultay" is not "2-ci qurultay
            # harada keçirilib", though it has two of its three words
            own = [_TopicIndex([w], [], []) for w in question.words if not generic(w)]
            if not all(any(evidence(o, f) >= STEM_EVIDENCE for f, _ in forms) for o in own):
                continue
            coverage = sum(weight * evidence(question, f) for f, weight in forms) / total
            if coverage > best:  # the score is at most the coverage
                similarity = _similarity(question.phrases, query)
                best = max(
                    best, coverage * (1 - SIMILARITY_WEIGHT + SIMILARITY_WEIGHT * similarity)
                )
        return best


def _similarity(phrases: list[str], query: str) -> float:
    """0..1: the best rapidfuzz similarity of ``query`` to ``phrases``."""
    if not phrases:
        return 0.0
    found = process.extractOne(query, phrases, scorer=fuzz.token_set_ratio)
    return float(found[1]) / 100 if found else 0.0


def fts_query(stems: Iterable[str]) -> str:
    """An FTS5 expression of prefix terms. Stems hold only letters and digits (see
    :func:`normalize`) and are quoted besides, so user text can never be FTS5 syntax."""
    return " OR ".join(f'"{s}"*' for s in dict.fromkeys(stems) if s.isalnum())


async def find(store: Store, index: FaqIndex, question: str, limit: int = 4) -> list[Match]:
    """The best topics for ``question``, best first; empty when nothing is even close."""
    asked = words(question[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]
    if not asked or not index.topics:
        return []
    key = (" ".join(asked), limit)
    cached = index.answers.get(key)
    if cached is not None:
        return cached
    found = await _rank(store, index, asked, limit)
    if len(index.answers) >= ANSWER_CACHE_SIZE:
        index.answers.pop(next(iter(index.answers)))  # the oldest
    index.answers[key] = found
    return found


async def _rank(store: Store, index: FaqIndex, asked: list[str], limit: int) -> list[Match]:
    corrected = [index.correct(w) for w in asked]
    stems = [stem(w) for w in corrected if w is not None]
    if not stems:
        return []
    hits = await faq_store.search(store, fts_query(stems))
    candidates = [h.topic_id for h in hits if h.topic_id in index.topics]
    if not candidates:
        return []
    total = len(index.topics)
    # rarity of each known word across topics; unknown words count as rare (they dilute)
    weights: list[tuple[str | None, float]] = []
    for word in corrected:
        if word is None:
            weights.append((None, UNKNOWN_WEIGHT * math.log(1 + total)))
            continue
        df = index.topics_with(word, WEAK_EVIDENCE)
        weights.append((word, math.log(1 + total / max(df, 1))))
    denominator = sum(w for _, w in weights) or 1.0
    rare = max(1.0, total / 4)
    known = [w for w, _ in weights if w is not None and not generic(w)]
    exact_rare = {w for w in known if index.topics_with(w, 1.0) <= rare}
    stem_rare = {w for w in known if index.topics_with(w, STEM_EVIDENCE) <= rare}
    query_text = " ".join(c or w for w, c in zip(asked, corrected, strict=True))
    # asked in just the words one topic lists ("What is the Azerbaijani diaspora?"): that
    # topic, though every word is common ("diaspora" is in five titles)
    known_words = [w for w in corrected if w is not None]
    listing = index.listed.get(tuple(sorted(known_words)), set())
    listed = next(iter(listing)) if len(listing) == 1 and len(known_words) == len(asked) else None
    matches = []
    for topic_id in candidates:
        evidence = [(w, weight, index.evidence(topic_id, w)) for w, weight in weights if w]
        coverage = sum(weight * e for _, weight, e in evidence) / denominator
        # one of its title/question/keyword words must be rare among the topics' such words:
        # "day" alone does not make a topic
        distinctive = topic_id == listed or any(
            (e == 1 and w in exact_rare) or (e >= STEM_EVIDENCE and w in stem_rare)
            for w, _, e in evidence
        )
        similarity = index.similarity(topic_id, query_text)
        score = coverage * (1 - SIMILARITY_WEIGHT + SIMILARITY_WEIGHT * similarity)
        matches.append((topic_id, score, distinctive))
    # a tie goes to the topic whose title has more of the words ("qurultay" is the First
    # Congress, not the order that convened it), then to the one first in the menu: "школа"
    # is the weekend schools, not one kind
    ties = Counter(round(score, 4) for _, score, _ in matches)
    matches.sort(
        key=lambda m: (
            m[0] != listed,
            -round(m[1], 4),
            -index.in_title(m[0], stems) if ties[round(m[1], 4)] > 1 else 0,
            index.topics[m[0]].order,
        )
    )
    # a number alone that two topics have alike ("1": the First Congress, the 1+1 Youth
    # Programme) is a question which of them, not an answer picked by menu order
    numbers_tie = (
        all(w.isdigit() for w in asked)
        and len(matches) > 1
        and matches[0][0] != listed
        and round(matches[0][1], 4) == round(matches[1][1], 4)
    )
    # nearer to a question the source does not answer ("who is the president now") than to
    # any topic: no topic is the answer, though some are worth offering
    refused = (
        matches[0][0] != listed and index.not_answered(asked, weights, query_text) > matches[0][1]
    )
    return [
        Match(t, round(s, 4), s >= THRESHOLD and d and not numbers_tie and not refused, d, refused)
        for t, s, d in matches[:limit]
    ]


def suggestions(matches: Sequence[Match], question: str = "") -> list[str]:
    """Topics worth offering when there is no confident answer, best first. A long message
    (a story with the question in it) spreads its score over many words: a lower bar."""
    if matches and matches[0].confident:
        return []
    bar = SUGGEST_LONG if len(words(question[:MAX_QUERY_CHARS])) >= LONG_QUESTION else SUGGEST
    return [m.topic_id for m in matches if m.score >= bar][:MAX_SUGGESTIONS]


# -- holidays ---------------------------------------------------------------------------------
def local_today(now: datetime, timezone: str | None) -> date:
    """Today in ``timezone`` (the default zone when None)."""
    return now.astimezone(zone(timezone)).date()


def next_date(month: int, day: int, now: datetime, timezone: str | None) -> date | None:
    """The next ``day``.``month`` from today (in ``timezone``), today included."""
    today = local_today(now, timezone)
    for year in (today.year, today.year + 1, today.year + 4):
        try:
            target = date(year, month, day)
        except ValueError:
            continue
        if target >= today:
            return target
    return None


def days_until(month: int, day: int, now: datetime, timezone: str | None) -> int | None:
    """Days from today (in ``timezone``) to the next ``day``.``month``; 0 on the day itself."""
    target = next_date(month, day, now, timezone)
    return None if target is None else (target - local_today(now, timezone)).days


# -- start-up ---------------------------------------------------------------------------------
def read_unanswered(path: Path) -> list[str]:
    """The example questions of :data:`UNANSWERED_FILE` (any language, one list);
    :class:`FaqFileError` says what is wrong with the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FaqFileError(f"{path.name}: {exc}") from exc
    found: list[str] = []
    for lang in LANGUAGES:
        table = data.get(lang, {})
        if not isinstance(table, dict):
            raise FaqFileError(f"{path.name}: [{lang}] must be a table")
        found += _text_list(table.get("questions", []), f"{path.name} [{lang}] questions")
    unknown = set(data) - set(LANGUAGES)
    if unknown:
        raise FaqFileError(f"{path.name}: unknown table(s): {', '.join(sorted(unknown))}")
    return found


def unanswered_naming(
    topics: Sequence[TopicRecord], others: Sequence[TopicRecord], unanswered: Sequence[str]
) -> list[tuple[str, str]]:
    """(topic id, question) for each question of the unanswered list that has a word of a
    new topic's title (one not in ``others``) no other topic's title has: a new "novruz"
    topic lost "how many days until novruz" to the shipped list, which says the source does
    not answer it (a content editor's review)."""

    def title_stems(topic: TopicRecord) -> set[str]:
        return {
            stem(w)
            for t in topic.texts.values()
            for w in words(t.title)
            if not w.isdigit() and not generic(w)
        }

    every = {t.id: title_stems(t) for t in others} | {t.id: title_stems(t) for t in topics}
    asked = [(q, {stem(w) for w in words(q)}) for q in unanswered]
    known = {t.id for t in others}
    found = []
    for topic in (t for t in topics if t.id not in known):  # new topics: the list was
        # written against the shipped ones, near them on purpose
        own = every[topic.id].difference(*(s for i, s in every.items() if i != topic.id))
        found += [(topic.id, q) for q, stems in asked if own & stems]
    return found


def unanswered_beside(folder: Path) -> Path:
    """The unanswered.toml that goes with a topic folder: the one beside it in a copy of
    data/ being edited, else the shipped one (a review: `ask --faq COPY` read the shipped
    list, so a question deleted from the copy's was still "not answered")."""
    beside = folder.parent / UNANSWERED_FILE.name
    return beside if beside.is_file() else UNANSWERED_FILE


def load_unanswered(path: Path | None = None) -> list[str]:
    """The shipped questions the source does not answer; none (logged) if the file is
    missing or broken: every question is then scored against the topics alone, as before."""
    try:
        return read_unanswered(path or UNANSWERED_FILE)
    except (OSError, FaqFileError) as exc:
        log.error("knowledge base: questions without an answer not used: %s", exc)
        return []


async def load_index(store: Store, unanswered: Sequence[str] = ()) -> FaqIndex:
    """The index of every topic in the database (and of ``unanswered``)."""
    return FaqIndex.build(await faq_store.all_topics(store), unanswered)


async def load_knowledge_base(store: Store, folder: Path | None = None) -> FaqIndex:
    """Upsert the topic files of ``folder`` (default :data:`DATA_DIR`) and index the result.

    A broken file is skipped with a warning; its topic keeps its last good version. On a
    first start (no topic stored yet), a broken file stops start-up (:class:`ContentError`),
    as a broken holidays or places file does: its card would be missing, and /flagday would
    say "try again later" with only a warning in the log (an operator review). A topic whose
    file was deleted is removed (unless no topic could be read at all: a missing or emptied
    folder is a slip, not the end of the knowledge base).
    """
    folder = folder or DATA_DIR
    topics, problems = read_topic_dir(folder)
    for problem in problems:
        log.warning("knowledge base: %s", problem)
    if problems and folder.is_dir() and not await faq_store.all_topics(store):
        raise ContentError(
            f"the FAQ in {folder} cannot be loaded and no topics are stored yet:"
            f" {'; '.join(problems)}"
        )
    if topics:
        await save_topics(store, topics)
        files = {path.stem for path in folder.glob("*.toml")}  # broken ones too: kept
        for topic_id in await faq_store.remove_topics_except(store, files):
            log.info("knowledge base: %s.toml is gone: topic removed", topic_id)
    index = await load_index(store, load_unanswered(unanswered_beside(folder)))
    for problem in unknown_related(index.topics.values(), set(index.topics)):
        log.warning("knowledge base: %s", problem)
    for problem in odd_marks(topics):
        log.warning("knowledge base: %s", problem)
    log.info("knowledge base: %d topics", len(index.topics))
    return index


async def holiday_countdown(
    store: Store, topic_id: str, now: datetime, timezone: str | None
) -> tuple[str, date | None] | None:
    """The holiday whose card is ``topic_id`` and its next date in the person's zone (today
    on the day); None when no holiday points to this topic."""
    holiday = await faq_store.holiday_of_topic(store, topic_id)
    if holiday is None:
        return None
    holiday_id, month, day = holiday
    return holiday_id, next_date(month, day, now, timezone)
