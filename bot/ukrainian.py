"""Ukrainian read as Russian, word by word, so that the bot understands it.

Many Azerbaijanis in Ukraine write Ukrainian; Telegram in Ukrainian gets the bot in Russian
(:data:`bot.i18n.CLOSEST`), but a question typed in Ukrainian ("Що таке День прапора?", "Де
найближчий азербайджанський дім?") was "not understood": its words are not Russian ones
(a persona review). :func:`russian_of_ukrainian` rewrites such a text into the Russian the
bot reads: the words of :data:`_WORDS` and :data:`_STEMS` as Russian, the others with the
letters Russian has (і → и, є → е, ґ → г, a word-final и → ы after a hard consonant).

It is a reading aid, not a translation: only what the bot answers about (its holidays,
places, reminders and the words of asking) is in the tables.
"""

from __future__ import annotations

import re
from collections.abc import Collection

#: Letters only Ukrainian (and Belarusian) write: a text with one is no Russian.
UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
#: Letters of Azerbaijani's (and Kazakh's…) Cyrillic: such a text is not read as Ukrainian.
_OTHER_CYRILLIC = frozenset("әҝҹјүөғһқңұӘҜҸЈҮӨҒҺҚҢҰ")

#: Whole words, lower case, Ukrainian → Russian.
_WORDS = {
    # asking
    "коли": "когда",
    "що": "что",
    "шо": "что",
    "де": "где",
    "куди": "куда",
    "хто": "кто",
    "чому": "почему",
    "навіщо": "зачем",
    "як": "как",
    "який": "какой",
    "яка": "какая",
    "яке": "какое",
    "які": "какие",
    "якого": "какого",
    "якої": "какой",
    "яких": "каких",
    "таке": "такое",
    "такий": "такой",
    "така": "такая",
    "був": "был",
    "була": "была",
    "було": "было",
    "були": "были",
    "має": "имеет",
    "мають": "имеют",
    "скільки": "сколько",
    "чи": "ли",
    "є": "есть",
    "немає": "нет",
    "нема": "нет",
    "ні": "нет",
    # little words
    "і": "и",
    "й": "и",
    "та": "и",
    "або": "или",
    "але": "но",
    "з": "с",
    "зі": "со",
    "із": "из",
    "від": "от",
    "після": "после",
    "між": "между",
    "мені": "мне",
    "мене": "меня",
    "мій": "мой",
    "мої": "мои",
    "моє": "мое",
    "ми": "мы",
    "ти": "ты",
    "тобі": "тебе",
    "тебе": "тебя",
    "вмієш": "умеешь",
    "вмієте": "умеете",
    "можеш": "можешь",
    "отримувати": "получать",
    "отримую": "получаю",
    "отримав": "получил",
    "отримала": "получила",
    "ви": "вы",
    "вас": "вас",
    "це": "это",
    "цей": "этот",
    "ця": "эта",
    "ці": "эти",
    "цього": "этого",
    "тут": "тут",
    "зараз": "сейчас",
    "сьогодні": "сегодня",
    "дуже": "очень",
    "також": "также",
    "тільки": "только",
    "лише": "только",
    "треба": "надо",
    "потрібно": "нужно",
    "можна": "можно",
    "може": "может",
    "дякую": "спасибо",
    "дякуємо": "спасибо",
    "спасибі": "спасибо",
    "ласка": "пожалуйста",
    "так": "да",
    "звісно": "конечно",
    "авжеж": "конечно",
    "добрий": "добрый",
    "ранку": "утра",
    "вечора": "вечера",
    "справи": "дела",
    "привіт": "привет",
    "вітаю": "здравствуйте",
    "бувай": "пока",
    "бувайте": "пока",
    # the holidays and the diaspora
    "свято": "праздник",
    "свята": "праздники",  # "про свята", "коли свята?": the plural more often
    "святах": "праздниках",
    "свят": "праздников",
    "святу": "празднику",
    "святкують": "празднуют",
    "святкується": "празднуется",
    "святкувати": "праздновать",
    "відзначають": "отмечают",
    "відзначається": "отмечается",
    "світу": "мира",
    "світі": "мире",
    "світ": "мир",
    "державний": "государственный",
    "державного": "государственного",
    "державному": "государственному",
    "державна": "государственная",
    "державної": "государственной",
    "з'їзд": "съезд",
    "з'їзду": "съезда",
    "з'їзді": "съезде",
    "з'їзди": "съезды",
    "зїзд": "съезд",
    "зїзду": "съезда",
    "зїзді": "съезде",
    "п'ятий": "пятый",
    "пятий": "пятый",
    "п'ятого": "пятого",
    "п'ятому": "пятом",
    "справах": "делам",
    "дім": "дом",
    "дому": "дома",
    "будинок": "дом",
    "будинку": "дома",
    "будинки": "дома",
    "будинків": "домов",
    "будинках": "домах",
    "молодь": "молодежь",
    "молоді": "молодежи",
    "кольори": "цвета",
    "колір": "цвет",
    "кольору": "цвета",
    "кольорів": "цветов",
    "війна": "война",
    "війни": "войны",
    "війні": "войне",
    "перемога": "победа",
    "перемоги": "победы",
    "перший": "первый",
    "перша": "первая",
    "перше": "первое",
    "першого": "первого",
    "першому": "первом",
    "місто": "город",
    "місті": "городе",
    "міста": "города",
    "адреса": "адрес",
    "адресу": "адрес",
    "мова": "язык",
    "мову": "язык",
    "рік": "год",
    "році": "году",
    "року": "года",
    "живе": "живет",
    "живуть": "живут",
    "оголосив": "объявил",
    "оголосила": "объявила",
    "оголосили": "объявили",
    "оголошено": "объявлено",
    "заснував": "основал",
    "засновано": "основано",
    "створено": "создано",
    "створив": "создал",
    "відбувся": "прошел",
    "відбулося": "прошло",
    "відбудеться": "пройдет",
    "сталося": "случилось",
    "трапилося": "случилось",
    "означають": "означают",
    "означає": "означает",
    "розкажіть": "расскажите",
    "розкажи": "расскажи",
    "знаходиться": "находится",
    "долучитися": "присоединиться",
    "долучитись": "присоединиться",
    "прийнятий": "принятый",
    "прийнято": "принято",
    "оголошення": "объявления",
    "оголошень": "объявлений",
    "оголошеннях": "объявлениях",
    "розсилка": "рассылка",
    "розсилки": "рассылки",
    "розсилку": "рассылку",
    "розсилці": "рассылке",
    "дані": "данные",
    "даних": "данных",
    "часовий": "часовой",
    # reminders and the bot's requests
    "нагадай": "напомни",
    "нагадайте": "напомните",
    "нагадуй": "напоминай",
    "нагадуйте": "напоминайте",
    "нагадування": "напоминания",
    "нагадувань": "напоминаний",
    "відпиши": "отпиши",
    "відпишіть": "отпишите",
    "відписатися": "отписаться",
    "підпиши": "подпиши",
    "підпишіть": "подпишите",
    "підписатися": "подписаться",
    "підписка": "подписка",
    "вимкни": "отключи",
    "вимкніть": "отключите",
    "увімкни": "включи",
    "увімкніть": "включите",
    "видали": "удали",
    "видаліть": "удалите",
    "видаляйте": "удаляйте",
    "зупини": "отключи",
    "зупиніть": "отключите",
    "припини": "прекрати",
    "припиніть": "прекратите",
    "скасуй": "отмени",
    "скасуйте": "отмените",
    "скасувати": "отменить",
    "підписку": "подписку",
    "надсилайте": "присылайте",
    "надсилати": "присылать",
    # months, in a date ("31 грудня") and alone
    "січня": "января",
    "лютого": "февраля",
    "березня": "марта",
    "квітня": "апреля",
    "травня": "мая",
    "червня": "июня",
    "липня": "июля",
    "серпня": "августа",
    "вересня": "сентября",
    "жовтня": "октября",
    "листопада": "ноября",
    "грудня": "декабря",
    "листопад": "ноябрь",
    "грудень": "декабрь",
    "листопаді": "ноябре",
    "грудні": "декабре",
    # cities of Ukraine, as Russian names them
    "київ": "Киев",
    "києві": "Киеве",
    "києва": "Киева",
    "харків": "Харьков",
    "харкові": "Харькове",
    "львів": "Львов",
    "львові": "Львове",
    "одеса": "Одесса",
    "одесі": "Одессе",
    "дніпро": "Днепр",
    "дніпрі": "Днепре",
    "запоріжжя": "Запорожье",
    "україна": "Украина",
    "україні": "Украине",
    "україни": "Украины",
    "німеччина": "Германия",
    "німеччині": "Германии",
    "німеччини": "Германии",
    "відні": "Вене",
    "празі": "Праге",
}
#: Word beginnings, Ukrainian → Russian: the rest of the word follows, its letters read;
#: an adjective's ending as Russian writes it (:data:`_ADJECTIVE_ENDINGS`).
_STEMS = (
    ("прапор", "флаг", False),
    ("найближч", "ближайш", True),
    ("азербайджанськ", "азербайджанск", True),
    ("азербайджанц", "азербайджанц", False),
    ("координаційн", "координационн", True),
    ("підтримк", "поддержк", False),
    ("вихідн", "выходн", True),
    ("недільн", "воскресн", True),
    ("комітет", "комитет", False),
)
_STEM_STARTS = tuple(stem for stem, _, _ in _STEMS)
_ADJECTIVE_ENDINGS = {
    "ий": "ий",
    "а": "ая",
    "е": "ое",
    "і": "ие",
    "ого": "ого",
    "ому": "ому",
    "ій": "ой",
    "ої": "ой",
    "у": "ую",
    "их": "их",
    "им": "им",
    "ими": "ими",
}
#: Words only Ukrainian has (no Ukrainian letter in them): one makes a text Ukrainian.
_MARKERS = frozenset(
    ["коли", "що", "шо", "хто", "чи", "чому", "навіщо", "треба", "мене", "дякую", "дякуємо"]
    + ["зараз", "бувай", "ласка", "нагадай", "нагадайте", "нагадуй", "нагадування", "грудня"]
    + ["листопада", "будинок", "будинку", "будинки", "таке", "долучитися", "долучитись"]
    + ["знаходиться", "отримувати", "звісно", "авжеж", "зупини", "припини", "скасуй", "справи"]
    + ["добрий", "ранку", "вечора", "видаляйте"]
)
#: ... and word beginnings only Ukrainian has.
_MARKER_STEMS = ("прапор", "найближч", "азербайджанськ")
#: Words Ukrainian shares with Bulgarian, Serbian…: two of them make a text Ukrainian ("як
#: справи"; not "Хвала ти", "Благодаря ти", "Де си ти?": a review of the first version).
_SHARED = frozenset(["як", "яка", "яке", "який", "якого", "був", "була", "було", "має", "ти"])
#: A Cyrillic word, with an apostrophe inside ("з'їзд"); Latin words are left as typed.
_WORD = re.compile(r"[а-яёіїєґ]+(?:['’ʼ][а-яёіїєґ]+)*", re.IGNORECASE)
_HARD = "бвдзлмнпрстфц"


def _in_tables(lowered: str) -> bool:
    """Whether a word (lower case) is read by the tables: a word of :data:`_WORDS`, or one
    that begins with a stem of :data:`_STEMS`."""
    return lowered in _WORDS or lowered.startswith(_STEM_STARTS)


def _letters(word: str) -> str:
    """A Ukrainian word (or its end) with the letters Russian writes."""
    read = word.replace("'", "")
    return read.replace("ї", "и").replace("і", "и").replace("є", "е").replace("ґ", "г")


def _ending(typed: str, read: str) -> str:
    """``read`` with a noun's ending as Russian writes it: a final "и" after a hard consonant
    is "ы" ("діаспори"; not "і": "солідарності" is "солидарности"), and "-ів" is "-ов",
    "-ев" ("азербайджанців")."""
    if len(read) > 2 and typed.endswith("и") and read[-2] in _HARD:
        return read[:-1] + "ы"
    if len(read) > 3 and typed.endswith("ів"):
        return read[:-2] + ("ев" if read[-3] in "цжшчщ" else "ов")
    return read


def _read(lowered: str) -> str | None:
    """A word (lower case) as Russian: from the tables, or, with a Ukrainian letter, in
    Russian letters; None for any other word, which stays as typed (a Russian word in a
    text with a Ukrainian name: "напомни", "удали" are no Ukrainian "-и", a review)."""
    read = _WORDS.get(lowered)
    if read is not None:
        return read
    for stem, russian, adjective in _STEMS:
        if lowered.startswith(stem):
            rest = lowered[len(stem) :]
            if adjective and rest in _ADJECTIVE_ENDINGS:
                return russian + _ADJECTIVE_ENDINGS[rest]
            return _ending(lowered, russian + _letters(rest))
    if UKRAINIAN_LETTERS.intersection(lowered) or "'" in lowered:
        return _ending(lowered, _letters(lowered))
    return None


def _word(found: re.Match[str], keep: Collection[str]) -> str:
    typed = found.group(0)
    lowered = typed.lower().replace("’", "'").replace("ʼ", "'")
    read = None if lowered in keep else _read(lowered)
    if read is None:
        return typed
    if typed.isupper() and len(typed) > 1:
        return read.upper()
    if typed[:1].isupper():
        return read[:1].upper() + read[1:]
    return read


def is_ukrainian(text: str) -> bool:
    """Whether ``text`` is Ukrainian: a letter only Ukrainian has, a word only it has
    (:data:`_MARKERS`), or two it shares with other languages (:data:`_SHARED`); and no
    letter of another Cyrillic alphabet."""
    if not any("\u0400" <= c <= "\u04ff" for c in text) or _OTHER_CYRILLIC.intersection(text):
        return False
    if UKRAINIAN_LETTERS.intersection(text):
        return True
    words = [w.lower() for w in _WORD.findall(text)]
    if any(w in _MARKERS or w.startswith(_MARKER_STEMS) for w in words):
        return True
    return sum(w in _SHARED for w in words) >= 2


def place_names(text: str) -> list[str]:
    """The words (and pairs of words) of a Ukrainian ``text`` that may be a place's own name,
    to look up before reading: a capitalised word or one with a Ukrainian letter, not of the
    tables ("Тернопіль", "Кривий Ріг", "Миколаїв": the gazetteer knows them as typed, and
    read in Russian letters they were no city, a review)."""
    words = re.findall(r"[а-яёіїєґ'’ʼ-]+", text, flags=re.IGNORECASE)
    found: list[str] = []
    for i, word in enumerate(words):
        if _in_tables(word.lower()):
            continue
        if word[:1].isupper() or UKRAINIAN_LETTERS.intersection(word):
            if i + 1 < len(words) and words[i + 1][:1].isupper():
                found.append(f"{word} {words[i + 1]}")
            found.append(word)
    return list(dict.fromkeys(found))


def russian_of_ukrainian(text: str, keep: Collection[str] = ()) -> str | None:
    """``text`` read as Russian if it is Ukrainian (see :func:`is_ukrainian`), else None.
    ``keep``: words (lower case) left as typed, places' names the gazetteer knows so."""
    if not is_ukrainian(text):
        return None
    kept = {w.lower() for name in keep for w in re.split(r"[\s-]+", name)}
    text = _PLEASE.sub("пожалуйста", text)
    text = _IN_BEFORE_A_NAME.sub("в ", text)  # "у Баку", "у Нью-Йорку": "в" (a review)
    text = _COUNCIL.sub(r"\1совет", text)  # "Координаційна рада"; "я рада" is glad
    # a place after "in": "у Берліні", "в школі" are "в Берлине", "в школе"
    text = _IN_A_PLACE.sub(lambda found: _in_a_place(found, kept), text)
    return _WORD.sub(lambda found: _word(found, kept), text)


def _in_a_place(found: re.Match[str], keep: Collection[str]) -> str:
    preposition, place = found.group(1), found.group(2)
    lowered = place.lower() + "і"
    into = "В" if preposition[:1].isupper() else "в"
    if preposition.lower() == "на":
        into = preposition
    if lowered in keep or _in_tables(lowered):
        return f"{into} {place}і"  # "в Харкові": Харькове, as the table says
    return f"{into} {place}е"


_IN_BEFORE_A_NAME = re.compile(
    r"(?<![\w-])у\s+(?=[A-ZА-ЯЁІЇЄҐ])(?!(?:Вас|Вам|Вами|Нас|Неї|Нього|Них|Тебе)\b)"
)
_PLEASE = re.compile(r"\bбудь[\s,-]{0,3}ласка\b", re.IGNORECASE)
_COUNCIL = re.compile(r"\b(координаційн[а-яіїє]*\s+)рад[аиуі]\b", re.IGNORECASE)
_IN_A_PLACE = re.compile(r"(?<![\w-])([ВвУу]|[Нн]а)\s+([а-яіїєґ'’ʼ]+)і\b", re.IGNORECASE)
