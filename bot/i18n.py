"""Translations from gettext catalogs (``bot/locale/<lang>/LC_MESSAGES/<domain>.po``).

Message ids are stable keys (``"start.greeting"``); every language, English included, has a
catalog. Catalogs are compiled with Babel when the bot starts, so a translator edits only the
``.po`` files. Each feature keeps its own domain (one ``.po`` per feature and language); all
domains of a language are merged into one lookup.

Interpolated values are HTML-escaped (replies use HTML parse mode) unless wrapped in
:class:`Html`.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import cyrtranslit
from babel.dates import get_timezone_location
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileParser
from babel.support import Translations

log = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("az", "en", "ru")
DEFAULT_LANGUAGE = "en"
#: Each language's own name, for the language picker.
LANGUAGE_NAMES: dict[str, str] = {"az": "🇦🇿 Azərbaycanca", "en": "🇬🇧 English", "ru": "🇷🇺 Русский"}


class Html(str):
    """A value already safe to put into an HTML message (not escaped again)."""


def without_tags(text: str) -> str:
    """``text`` (a message's HTML) without its tags; entities stay as written."""
    return _TAG.sub("", text)


_TAG = re.compile(r"<[^>]*>")


#: The language a phone set to another one most likely reads best: Turkish (Azerbaijanis in
#: Turkey) is close to Azerbaijani; Russian is the shared language of the former Soviet
#: countries, where many Azerbaijanis live. Everyone else starts in English (/language).
CLOSEST = {"tr": "az"} | dict.fromkeys(("uk", "be", "kk", "ky", "uz", "tg", "tk"), "ru")


#: How people name a language after /language ("az", "English", "русский", "ingilis"):
#: the beginnings of its names, lower case.
_NAMED = {
    # flags too, as the buttons show them; "по-русски", "по-английски" (a review)
    "az": ("az", "азер", "по-азер", "🇦🇿"),
    "en": ("en", "ingilis", "англ", "инглиш", "по-англ", "🇬🇧", "🇺🇸"),
    "ru": ("ru", "rus", "рус", "по-рус", "🇷🇺"),
}


def language_named(text: str) -> str | None:
    """The language ``text`` names ("/language az", "/language русский", "по-русски", "🇬🇧"),
    if exactly one."""
    word = text.strip().lower()
    found = {code for code, names in _NAMED.items() if word and word.startswith(names)}
    return found.pop() if len(found) == 1 else None


def language_base(code: str | None) -> str:
    """The language of Telegram's ``language_code`` without its region or script: "az-Latn",
    "ru_RU" → "az", "ru"; "" for none."""
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


def normalize_language(code: str | None) -> str:
    """Map Telegram's ``language_code`` (``"ru"``, ``"az-Latn"``, ``"en-GB"``, ``"tr"``) to
    az/en/ru."""
    base = language_base(code)
    if base in LANGUAGES:
        return base
    return CLOSEST.get(base, DEFAULT_LANGUAGE)


#: Words only an English sentence has: one with a quoted Azerbaijani name is still English.
_ENGLISH_WORDS = frozenset(
    ["the", "is", "are", "was", "what", "when", "where", "how", "who", "why", "which"]
    + ["does", "do", "did", "of", "to", "for", "and", "in", "with"]
)


#: Letters of Azerbaijani's Cyrillic alphabet that Russian lacks (still written by many older
#: people in Georgia, Russia and Dagestan): "бајрам гүнү нә вахтдыр". Kazakh, Tatar, Bashkir
#: share ә ү ө ғ һ, and Serbian has ј: only ҝ or ҹ, or ј with one of the others, is
#: Azerbaijani ("Рәхмәт" in a Russian message is no Azerbaijani: a review).
_AZ_ONLY = frozenset("ҝҹҜҸ")
_AZ_SHARED = frozenset("әһүөғӘҺҮӨҒ")
_AZ_J = frozenset("јЈ")


def _azerbaijani_cyrillic(text: str) -> bool:
    letters = set(text)
    return bool(_AZ_ONLY & letters) or bool(_AZ_J & letters and _AZ_SHARED & letters)


_AZ_LATIN = str.maketrans(
    dict(zip("абвгғдеәжзыјкҝлмноөпрстуүфхһчҹшй", "abvqğdeəjzıykglmnoöprstuüfxhçcşy", strict=True))
    | {"и": "i", "ё": "yo", "ю": "yu", "я": "ya", "ц": "ts", "щ": "şç", "ъ": "", "ь": ""}
)


def latin_az(text: str) -> str:
    """``text`` in the Latin alphabet if it is Azerbaijani in Cyrillic (has a letter only that
    alphabet has), else as it is: "бајрам гүнү" is "bayram günü" (a mixed-language review:
    not understood at all)."""
    if not _azerbaijani_cyrillic(text):
        return text
    # "ҝ" is g, "г" q; but keyboards without "ҝ" write "г" for it, and q comes before a back
    # vowel only: "гүнү" is "günü"
    return _SOFT_G.sub("ҝ", text.lower()).translate(_AZ_LATIN)


_SOFT_G = re.compile("г(?=[еәиөүі])")


def written_in(text: str) -> str | None:
    """The language ``text`` is surely written in, if any: "ru" when most letters are
    Cyrillic; "az" when it has the letter ə (only Azerbaijani has it), or a word only
    Azerbaijani has typed without its letters ("vaxtdir", "haqqinda"), and no Cyrillic nor
    English function words (a quoted name, "When is Həmrəylik Günü?", is not enough); None
    otherwise (a holiday's name alone can be any language's)."""
    if _azerbaijani_cyrillic(text):
        return "az"  # "бајрам гүнү нә вахтдыр": Azerbaijani in Cyrillic
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if letters and cyrillic > len(letters) / 2:
        return "ru"  # "Что такое Azərbaycan Evi?" is Russian with a name in it
    lowered = text.lower()
    words = re.findall(r"\w+", lowered)
    if cyrillic or _ENGLISH_WORDS.intersection(words):
        return None  # "When is Həmrəylik Günü?", "Что такое Azərbaycan Evi?": a quoted name
    if "ə" in lowered or any(w.replace("ı", "i") in _AZ_WITHOUT_LETTERS for w in words):
        return "az"  # "hemreylik gunu ne vaxtdir": a word only Azerbaijani has, without ə
    return None


#: Azerbaijani words as typed without its letters (a Latin keyboard) that no other language
#: the bot's people write has: not the holidays' names ("Bayraq Gunu date?" is English with
#: a name in it; a review), nor words Turkish shares ("nedir", "gelir", "bayrami", "sağol").
_AZ_WITHOUT_LETTERS = frozenset(
    ["vaxt", "vaxti", "vaxtdir", "vaxtdi", "haqqinda", "haqda", "harada", "harda", "hansi"]
    + ["nece", "mene", "xahis", "edirem", "isteyirem", "istiyirem", "yoxdur", "qeyd"]
    + ["mektebi", "mekteblerin", "olunacaq", "xatirlat", "xatirlatma", "gonderin"]
    # a review: "Privet Ayla, zavtra Berlinde gorusek" was read as Russian ("горусек");
    # verbs only: "Salam qardas, gde dom v Berline?" is Russian with a word of greeting
    + ["gorusek", "goruserik", "gorusmek", "bilirsen", "bilirsiz", "gedirem", "gelirem"]
    + ["olacaq", "olsun"]
)


#: Function words of the languages people nearby write in that the bot does not read
#: (French, Spanish, German, Italian, Portuguese), none of them an English or Azerbaijani
#: word ("o", "de", "die", "la" are, so they are not here).
_OTHER_WORDS = frozenset(
    ["est", "les", "des", "une", "quand", "quel", "quelle", "pourquoi", "où", "vous"]
    + ["bonjour", "merci", "avec", "dans", "sont", "journée", "jour", "drapeau", "c'est"]
    + ["los", "las", "cuándo", "cuando", "qué", "dónde", "donde", "por", "una", "hola"]
    + ["gracias", "del", "cómo", "día", "bandera", "está", "hay"]
    + ["der", "das", "ist", "wann", "wo", "wie", "und", "ich", "nicht", "eine", "gibt"]
    + ["hallo", "danke", "für", "tag", "flagge", "gli", "è", "quando", "dove", "perché"]
    + ["ciao", "grazie", "della", "giorno", "bandiera", "os", "é", "onde", "obrigado"]
    + ["olá", "não", "dia", "fica", "uma", "casa", "qual", "escola"]
)


#: Words of Russian typed in Latin letters, which the bot reads.
_RUSSIAN_IN_LATIN = frozenset(
    ["gde", "kak", "kogda", "li", "eto", "chto", "shto", "mne", "est'", "pochemu", "skolko"]
)
#: ... and more, two of which make a text Russian typed so ("ya", "est", "den" alone are words
#: of Spanish, French, German too: not for :func:`other_language`).
_RUSSIAN_MARKERS = _RUSSIAN_IN_LATIN | frozenset(
    ["menya", "zhivu", "jivu", "zhivem", "ya", "v", "vo", "dom", "shkola", "shkolu", "shkoly"]
    + ["est"]
    + ["napomni", "napominay", "napominayte", "spasibo", "privet", "den", "prazdnik", "flaga"]
    + ["solidarnosti", "takoe", "kto", "otpishi", "otpishite", "otpishis", "hochu", "khochu"]
    + ["nado", "mozhno", "pozhaluysta", "pojaluysta", "vremya", "poyas", "chasovoy", "vechera"]
    + ["utra", "rasskazhi", "skazhi", "skolka", "azerbaydzhanskiy", "azerbajdzhanskij"]
    + ["rabotaet", "segodnya", "napomnit", "zavtra", "seychas", "tolko", "obyavleniy"]
    + ["byl", "byla", "bylo", "byli", "syezd", "syezde"]
)
#: Russian words typed in Latin that a letter-by-letter reading gets wrong (a soft sign, "ы").
_RUSSIAN_WORDS = {
    "den": "день",
    "skolko": "сколько",
    "skolka": "сколько",
    "est": "есть",
    "yazyk": "язык",
    "shkoly": "школы",
    "bolshoe": "большое",
    "vsem": "всем",
    "otpishis": "отпишись",
    "jivu": "живу",
    "eyo": "её",
    "yeyo": "её",
    "eto": "это",
    "etot": "этот",
    "eta": "эта",
    # nouns in "-tsa", which as a verb's ending is "-ться" ("otpisatsa")
    **{
        f"{stem}tsa": f"{cyrillic}ца"
        for stem, cyrillic in (
            ("uli", "ули"),
            ("stoli", "столи"),
            ("grani", "грани"),
            ("bolni", "больни"),
            ("gostini", "гостини"),
            ("pti", "пти"),
            ("li", "ли"),
            ("kuri", "кури"),
            ("lisi", "лиси"),
            ("strani", "страни"),
            ("pyatni", "пятни"),
            ("psheni", "пшени"),
            ("devi", "деви"),
            ("yaichni", "яични"),
            ("melni", "мельни"),
        )
    },
}
#: Informal spellings made regular before reading: "kh" for х, "ts" for ц, and Azerbaijan
#: written so many ways ("azerbaijanskiy", "azerbaydjanskiy").
_RUSSIAN_SPELLINGS = (
    (re.compile(r"azerba[iyj]d?(?:zh|j)an", re.IGNORECASE), "azerbajdzhan"),
    (re.compile(r"kh"), "h"),
    # "otpisatsya", "uchitsya": ться, тся (a review: "ts" read ц made "отписаця")
    # "otpisatsa" too (a review: "отписаца"), not a noun of the list (_RUSSIAN_WORDS)
    (re.compile(r"(?<=[aeiou])t'?s(?:ya|ja|a)\b"), "ться"),
    (re.compile(r"ts(?=[aeiouy])"), "ц"),  # "tsentr", not "sovetskiy" (Cyrillic is kept)
    (re.compile(r"c(?!h)"), "ц"),  # "azerbaydjancev", "koncert" (cyrtranslit reads к)
    (re.compile(r"yy\b"), "ый"),  # "koordinatsionnyy"
    # "obyavleniy": объявлений, "syezd" съезд; not "syurpriz", "izyum" (a review)
    (re.compile(r"^(ob|pod|ot|iz|s)y(?=[aeo])"), "\\1ъy"),
    (re.compile(r"(?<=[aeiu])yo"), "йо"),  # "rayone": районе, not раёне
    # "y" after a hard consonant is ы ("voyny", "shkoly", "my", "vy"); after g, k, h it is и
    (re.compile(r"(?<=[bvdzlmnprstf])y(?![aeiouy])"), "ы"),
)


def russian_marker(word: str) -> bool:
    """Whether ``word`` (lower case) is a common word of Russian typed in Latin letters."""
    return word in _RUSSIAN_MARKERS


def russian_in_latin(text: str, names: Mapping[str, str | None] | None = None) -> str | None:
    """``text`` in Cyrillic if it is Russian typed in Latin letters ("ya zhivu v moskve",
    "gde azerbaydzhanskiy dom v berline": a places review, not understood), else None: two of
    its words (:data:`_RUSSIAN_MARKERS`), no English or Azerbaijani one, no letter other than
    plain Latin (read with cyrtranslit). ``names``: words (lower case) read otherwise, places'
    names: None keeps one as typed ("Sydney"), a text replaces it ("canada": "Канада")."""
    if not text.isascii():
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z']+", text)}
    # two ("li" does not count: "Li Ning v Beijing" is no Russian; "ya v Moskve" is)
    if len(_RUSSIAN_MARKERS.intersection(words) - {"li"}) < 2:
        return None
    if _ENGLISH_WORDS.intersection(words) or _AZ_WITHOUT_LETTERS.intersection(words):
        return None
    if len(_OTHER_WORDS.intersection(words)) >= 2:  # "Wann ist den Tag…": German
        return None

    def word(found: re.Match[str]) -> str:
        typed = found.group(0)
        if names is not None and typed.lower() in names:
            return names[typed.lower()] or typed
        return russian_word(typed)

    return re.sub(r"[A-Za-z']+", word, text)


def russian_word(typed: str) -> str:
    """One Latin word read as Russian, capitalised as typed."""
    # read in lower case ("Shkola" had been "Shкола": a review)
    lowered = typed.lower()
    read = _RUSSIAN_WORDS.get(lowered)
    if read is None:
        for pattern, regular in _RUSSIAN_SPELLINGS:
            lowered = pattern.sub(regular, lowered)
        read = str(cyrtranslit.to_cyrillic(lowered, "ru"))
    if typed.isupper() and len(typed) > 1:
        return read.upper()
    return read[:1].upper() + read[1:] if typed[:1].isupper() else read


def other_language(text: str) -> bool:
    """True if ``text`` looks written in a language the bot does not read: two of its
    function words (:data:`_OTHER_WORDS`), no English one, no Cyrillic nor "ə". "Wann ist der
    Tag der Solidarität?" got "no answer" with no word on the three languages (a review)."""
    lowered = text.lower()
    if "ə" in lowered or any("\u0400" <= c <= "\u04ff" for c in lowered):
        return False
    typed = re.findall(r"\w+(?:'\w+)?", text)
    words = {w.lower() for w in typed}
    if _ENGLISH_WORDS.intersection(words) or _RUSSIAN_IN_LATIN.intersection(words):
        return False  # "A gde je est azerbaydzhanskiy dom?" is Russian (a review)
    # a capitalised word within the text is a name: "Los Angeles", "Las Vegas"
    counted = {w.lower() for n, w in enumerate(typed) if n == 0 or not w[:1].isupper()}
    return len(_OTHER_WORDS.intersection(counted)) >= 2


def catalog_root() -> Traversable:
    """Where the catalogs are: bot/locale (replaced in tests)."""
    return resources.files("bot") / "locale"


def catalog_files(language: str, locale_dir: Traversable | None = None) -> Iterator[Traversable]:
    """The ``.po`` files of ``language`` under ``locale_dir`` (the shipped ``bot/locale``)."""
    folder = (locale_dir or catalog_root()) / language / "LC_MESSAGES"
    if folder.is_dir():
        yield from sorted((p for p in folder.iterdir() if p.name.endswith(".po")), key=str)


# -- checking catalogs: a translator's slip costs one message (shown in English), never a language


@dataclass(frozen=True)
class CatalogProblem:
    """Why one entry of a catalog is not used (the bot shows the English text instead)."""

    file: str
    line: int | None  # 1-based, of the msgid (or of the broken line)
    msgid: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.msgid}: {self.reason}" if self.msgid else f"{where}: {self.reason}"


@dataclass
class CheckedCatalog:
    """One ``.po`` file, read and checked: ``catalog`` holds only the entries that are safe."""

    file: str
    catalog: Catalog
    problems: list[CatalogProblem] = field(default_factory=list)
    #: entries marked fuzzy or left empty: not used, the English text is shown (acceptable)
    untranslated: list[str] = field(default_factory=list)


#: A line of a PO file that is no comment: an optional keyword, then one C-quoted string. A
#: removed closing quote, a ``"`` inside the text not written ``\"``, or a text ending in a
#: backslash (which then escapes the closing quote) does not match. Babel reads such a line
#: without a word, cutting a character off or keeping a stray backslash: garbled text.
_PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')


class _Parser(PoFileParser):
    """Babel's parser, its complaints (otherwise printed to stdout) collected with their line."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog)
        self.complaints: dict[int, str] = {}

    # Babel's own hook (it prints, or raises with abort_invalid, which would lose the file)
    def _invalid_pofile(self, line: str, lineno: int, msg: str) -> None:
        self.complaints.setdefault(lineno + 1, msg)


_KEYWORD = re.compile(r"msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?")


_MSGID_LINE = re.compile(r'msgid\s+"(?P<id>(?:[^"\\]|\\.)+)"\s*')


def _twice(name: str, text: str) -> list[CatalogProblem]:
    """A msgid given a second entry (a message added that was there already): only the first
    is used, so the second's edits would never show."""
    first: dict[str, int] = {}
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _MSGID_LINE.fullmatch(line.strip())
        if match is None:
            continue
        msgid = match["id"]
        if msgid in first:
            why = f"a second entry for this message (the first, line {first[msgid]}, is used)"
            found.append(CatalogProblem(name, number, msgid, why))
        else:
            first[msgid] = number
    return found


def _line_problems(text: str) -> dict[int, str]:
    """Lines (1-based) that are not PO syntax, with why."""
    found: dict[int, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#") or _PO_LINE.fullmatch(line):
            continue
        keyword, _, rest = ("", "", line) if line.startswith('"') else line.partition(" ")
        rest = rest.strip()
        backslashes = len(rest[:-1]) - len(rest[:-1].rstrip("\\"))
        if keyword and not _KEYWORD.fullmatch(keyword):
            why = 'not PO syntax (is a " missing at the start of the line?)'
        elif not rest.startswith('"'):
            why = 'a " is missing at the start of the text'
        elif len(rest) < 2 or not rest.endswith('"') or backslashes % 2:
            why = 'a " is missing at the end of the line (or the text ends in a \\)'
        else:
            why = 'a " inside the text must be written \\"'
        found[number] = f"line {number}: {why}"
    return found


#: Tags Telegram's HTML accepts, with the attributes each may (or must) have.
_TAGS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "pre", "tg-spoiler"),
        frozenset(),
    ),
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "span": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
}
_REQUIRED: dict[str, dict[str, str | None]] = {"a": {"href": None}, "span": {"class": "tg-spoiler"}}
_HTML_TAG = re.compile(r"<(/?)([^\s<>/]*)([^<>]*?)(/?)(>|$|(?=<))")
_ATTRIBUTE = re.compile(r"""\s*([^\s=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


def html_problems(text: str) -> list[str]:
    """Why Telegram would refuse ``text`` in HTML parse mode: unknown or unclosed tags."""
    problems: list[str] = []
    open_tags: list[str] = []
    for match in _HTML_TAG.finditer(text):
        closing, name, attributes, self_closing, end = match.groups()
        tag = name.lower()
        if not end or not name:
            problems.append("a < that starts no tag (write &lt; for the sign)")
            continue
        if tag not in _TAGS:
            problems.append(f"<{name}> is not a tag Telegram accepts")
            continue
        if self_closing:
            problems.append(f"<{name}/>: Telegram has no self-closing tags")
            continue
        if closing:
            if attributes.strip():
                problems.append(f"</{name}> with attributes")
            elif not open_tags:
                problems.append(f"</{name}> closes no tag")
            elif open_tags[-1] != tag:
                problems.append(f"</{name}> where </{open_tags[-1]}> is expected")
            else:
                open_tags.pop()
            continue
        given = {
            key.lower(): value.strip("\"'") if value else ""
            for key, value in _ATTRIBUTE.findall(attributes)
        }
        unknown = sorted(set(given) - _TAGS[tag])
        if unknown:
            problems.append(f"<{name}> cannot have {', '.join(unknown)}")
        for key, value in _REQUIRED.get(tag, {}).items():
            if key not in given or (value is not None and given[key] != value):
                want = f'{key}="{value}"' if value else f'{key}="…"'
                problems.append(f"<{name}> needs {want}")
        open_tags.append(tag)
    problems += [f"<{tag}> is not closed (</{tag}> is missing)" for tag in reversed(open_tags)]
    return problems


def placeholders(text: str) -> set[str]:
    """The ``{placeholders}`` of ``text`` as written (``{name}``, ``{count:,}``); ValueError
    for a lone brace that str.format rejects."""
    found = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.add(
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return found


def text_problems(text: str, english: str | None) -> list[str]:
    """Why ``text`` cannot stand for the English ``english`` (None: no English to compare)."""
    problems: list[str] = []
    try:
        fields = placeholders(text)
    except ValueError as exc:
        problems.append(
            f"a {{ or }} that str.format rejects ({exc}); a brace itself is written {{{{ or }}}}"
        )
        fields = None
    if fields is not None and english is not None:
        try:
            expected = placeholders(english)
        except ValueError:
            expected = None
        if expected is not None and fields != expected:
            extra, missing = sorted(fields - expected), sorted(expected - fields)
            parts = [f"{' '.join(extra)} not in the English text" if extra else ""]
            parts.append(f"{' '.join(missing)} missing" if missing else "")
            problems.append(
                "placeholders differ: "
                + "; ".join(p for p in parts if p)
                + " (copy each {…} exactly as in English, untranslated)"
            )
    problems += [f"HTML: {problem}" for problem in html_problems(text)]
    return problems


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else str(message.id[0])


def check_catalog(
    po: Traversable, language: str, english: Mapping[str, str] | None = None
) -> CheckedCatalog:
    """Read ``po`` and drop each entry that would break at runtime: broken PO syntax,
    ``{placeholders}`` other than ``english``'s (msgid to English text; None for English
    itself), a lone brace, HTML that Telegram refuses."""
    name = str(po)
    catalog = Catalog(locale=language, domain=po.name.removesuffix(".po"))
    checked = CheckedCatalog(name, catalog)
    try:
        text = po.read_bytes().decode("utf-8-sig")  # Notepad saves a BOM
        parser = _Parser(catalog)
        parser.parse(text.splitlines())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        checked.catalog = Catalog(locale=language, domain=catalog.domain)
        reason = f"cannot be read ({exc}); all its messages are shown in English"
        checked.problems.append(CatalogProblem(name, None, "", reason))
        return checked

    checked.problems += _twice(name, text)
    messages = sorted((m for m in catalog if m.id), key=lambda m: m.lineno or 0)
    starts = [m.lineno or 0 for m in messages]
    reasons: dict[str, list[str]] = {}
    lines: dict[str, int | None] = {}
    for number, why in sorted((parser.complaints | _line_problems(text)).items()):
        at = bisect.bisect_right(starts, number) - 1
        if at < 0:  # before the first message: the header
            checked.problems.append(CatalogProblem(name, number, "", why))
            continue
        msgid = _key(messages[at])
        reasons.setdefault(msgid, []).append(why)
    for message in messages:
        msgid = _key(message)
        lines[msgid] = message.lineno
        texts = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if message.fuzzy or not all(texts):
            checked.untranslated.append(msgid)
            continue
        base = None if english is None else english.get(msgid)
        for translated in texts:
            reasons.setdefault(msgid, []).extend(text_problems(str(translated), base))
    for message in messages:
        msgid = _key(message)
        if reasons.get(msgid):
            del catalog[message.id]
            checked.problems += [
                CatalogProblem(name, lines[msgid], msgid, why) for why in reasons[msgid]
            ]
    return checked


def check_language(
    language: str, english: Mapping[str, str] | None, locale_dir: Traversable | None = None
) -> list[CheckedCatalog]:
    """Every catalog of ``language``, checked (see :func:`check_catalog`)."""
    return [check_catalog(po, language, english) for po in catalog_files(language, locale_dir)]


def texts_of(checked: Iterable[CheckedCatalog]) -> dict[str, str]:
    """msgid to text of the entries kept (the English reference for the other languages)."""
    return {
        m.id: m.string
        for c in checked
        for m in c.catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


@cache
def _checked(language: str) -> tuple[CheckedCatalog, ...]:
    english = None if language == DEFAULT_LANGUAGE else texts_of(_checked(DEFAULT_LANGUAGE))
    checked = tuple(check_language(language, english))
    instead = "its id shown instead" if english is None else "English shown instead"
    for catalog in checked:
        entries: dict[tuple[int | None, str], list[str]] = {}  # one line per entry left out
        for problem in catalog.problems:
            entries.setdefault((problem.line, problem.msgid), []).append(problem.reason)
        for (line, msgid), reasons in entries.items():
            problem = CatalogProblem(catalog.file, line, msgid, "; ".join(reasons))
            log.error("message not used, %s: %s", instead, problem)
        if catalog.untranslated:
            log.warning(
                "%s: %d message(s) fuzzy or empty, shown in English: %s",
                catalog.file,
                len(catalog.untranslated),
                ", ".join(catalog.untranslated),
            )
    return checked


def _compile(catalog: Catalog) -> Translations:
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=catalog.domain)


@cache
def translations(language: str) -> Translations:
    """All domains of one language merged (compiled once per process). An entry that would
    break (see :func:`check_catalog`) is left out and logged: English is shown instead."""
    merged = Translations()
    for checked in _checked(language):
        compiled = _compile(checked.catalog)
        merged.merge(compiled)
        merged.plural = compiled.plural  # merge() keeps the empty base's English plural rule
    return merged


def reload_catalogs() -> None:
    """Forget the compiled catalogs (tests; after replacing the files)."""
    translations.cache_clear()
    _checked.cache_clear()


def _format(text: str, kwargs: dict[str, Any]) -> str:
    if not kwargs:
        return text
    safe = {
        k: v if isinstance(v, Html) or not isinstance(v, str) else html.escape(v)
        for k, v in kwargs.items()
    }
    return text.format(**safe)


def gettext(language: str, key: str, /, **kwargs: Any) -> str:
    """The message ``key`` in ``language`` (English if missing there, the key as last resort)."""
    for lang in (language, DEFAULT_LANGUAGE):
        text = translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(key)
        if text != key:
            return _format(text, kwargs)
        log.warning("missing translation of %s in %s", key, lang)
    return key


def ngettext(language: str, key: str, n: int, /, **kwargs: Any) -> str:
    """The message ``key`` in the plural form ``language`` uses for ``n`` (its catalog's
    Plural-Forms: "32 дня", "35 дней", "21 день"); English if missing there."""
    for lang in (language, DEFAULT_LANGUAGE):
        text = translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).ngettext(key, key, n)
        if text != key:
            return _format(text, kwargs)
        log.warning("missing translation of %s in %s", key, lang)
    return key


Translator = Callable[..., str]


def translator(language: str) -> Translator:
    """``_ = translator("az"); _("start.greeting", name="Aysel")``."""

    def _(key: str, /, **kwargs: Any) -> str:
        return gettext(language, key, **kwargs)

    return _


# -- time zones, named for people ("Берлин", not "Europe/Berlin") -----------------------------
#: CLDR's Azerbaijani names without the hyphen Azerbaijani spelling puts in them.
_AZ_SPELLING = {"Nyu York": "Nyu-York", "Los Anceles": "Los-Anceles"}


def _zone_parts(name: str, now: datetime, lang: str) -> tuple[str, str]:
    """The zone's city in ``lang`` (CLDR, through Babel; "" for UTC and Etc/GMT±N, whose
    names read backwards) and its offset at ``now``: ("Москва", "UTC+3")."""
    try:
        offset = now.astimezone(ZoneInfo(name)).strftime("%z")  # e.g. +0400
    except (ZoneInfoNotFoundError, ValueError):
        return name, ""
    sign, hours, minutes = offset[0], int(offset[1:3]), offset[3:5]
    utc = f"UTC{sign}{hours}{'' if minutes == '00' else ':' + minutes}"
    if name in ("UTC", "Etc/UTC") or name.startswith("Etc/"):
        return "", "UTC" if offset == "+0000" else utc
    city = get_timezone_location(name, locale=lang, return_city=True)
    return (_AZ_SPELLING.get(city, city) if lang == "az" else city), utc


def zone_city(name: str, now: datetime, lang: str) -> str:
    """The city a zone is named after, in ``lang`` ("Берлин"); "" for UTC and Etc/ zones."""
    return _zone_parts(name, now, lang)[0]


def zone_name(name: str, now: datetime, lang: str) -> str:
    """A zone in a sentence about a later date ("10:00 (Берлин)"): its city alone, since the
    offset may differ by then (summer time); a fixed offset ("UTC+3") as it is."""
    city, utc = _zone_parts(name, now, lang)
    return city or utc


def zone_label(name: str, now: datetime, lang: str) -> str:
    """A zone button: "Москва (UTC+3)"."""
    city, utc = _zone_parts(name, now, lang)
    return f"{city} ({utc})" if city and utc else city or utc


def zone_text(name: str, now: datetime, lang: str) -> str:
    """A zone in a sentence, also inside brackets: "Москва, UTC+3"."""
    city, utc = _zone_parts(name, now, lang)
    return ", ".join(part for part in (city, utc) if part)
