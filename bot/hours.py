"""An hour of the day said in words: "remind me at 9am", "в 9 утра", "saat 21:00-da".

The reminder hour is a whole hour (``/settings``), so minutes are dropped: "at 9:30" is 9,
and ``minutes_dropped`` tells the reply to say so.
A number needs something that makes it a time: "at", "в", "saat", a colon with minutes, or
"am"/"pm", "утра"/"вечера", "səhər"/"axşam" — "remind me 2 days before" has no hour.
"""

from __future__ import annotations

import re

#: "am"/"pm" and the like: what they do to the hour (None: it is a clock hour as it is)
_MORNING = r"a\.?\s?m\.?|утра|ночи|in\s+the\s+morning|at\s+night|səhər|gecə"
_EVENING = r"p\.?\s?m\.?|дня|вечера|in\s+the\s+(?:afternoon|evening)|axşam|akşam|günorta"
_NUMBER = r"(?P<hour>[0-9]{1,2})(?:\s?[:.]\s?(?P<minutes>[0-5][0-9]))?"
#: Azerbaijani case endings after the number ("9-da", "9:00-da", "21-də")
_ENDING = r"(?:\s?['’-]?\s?(?:da|də|de|a|ə|e|ya|yə|ye|dan|dən|den))?"  # Turkish "9'da" too
_AFTER = rf"(?:\s*(?P<after_am>{_MORNING})|\s*(?P<after_pm>{_EVENING}))?"
_HOUR = re.compile(
    r"(?<![\w:.,/])"
    # Turkish "akşam" too, as many in Türkiye type (a persona review: "akşam 8de" was 08:00)
    rf"(?:(?P<before_am>səhər|seher|утром)\s+|(?P<before_pm>axşam|axsam|akşam|aksam|вечером)\s+)?"
    rf"(?:(?P<marker>at|в|во|к|saatı|saat|@|around|около)\s*)?"
    rf"{_NUMBER}{_ENDING}"
    rf"(?:\s*(?:o'?clock|часов|часа|час|ч\.?|h|uhr))?"
    rf"{_AFTER}"
    r"(?![\w:./])"
    # "в 2 раза", "в 5 минутах", "at 9 years old", "2 dəfə": no hour
    r"(?!\s*(?:раз|лет|год|минут|км|шаг|человек|недел|месяц|years?\b|times\b|days?\b|km\b"
    r"|people\b|weeks?\b|months?\b|hours?\s+(?:later|earlier|before|after)"
    r"|dəfə|ildə|yaş))",
    re.IGNORECASE,
)


#: Hours in words, as digits: "saat doqquzda", "в девять утра", "at nine am" (a review: "saat
#: doqquzda xatirlat" was told 10:00). Azerbaijani takes its case ending after them ("-da").
_WORDS = {
    **dict.fromkeys(["iki"], 2),
    **dict.fromkeys(["üç", "uc", "üc"], 3),
    **dict.fromkeys(["dörd", "dord"], 4),
    **dict.fromkeys(["beş", "bes"], 5),
    **dict.fromkeys(["altı", "alti"], 6),
    **dict.fromkeys(["yeddi"], 7),
    **dict.fromkeys(["səkkiz", "sekkiz"], 8),
    **dict.fromkeys(["doqquz"], 9),
    **dict.fromkeys(["two"], 2),
    **dict.fromkeys(["three"], 3),
    **dict.fromkeys(["four"], 4),
    **dict.fromkeys(["five"], 5),
    **dict.fromkeys(["six"], 6),
    **dict.fromkeys(["seven"], 7),
    **dict.fromkeys(["eight"], 8),
    **dict.fromkeys(["nine"], 9),
    **dict.fromkeys(["ten"], 10),
    **dict.fromkeys(["eleven"], 11),
    **dict.fromkeys(["twelve"], 12),
    **dict.fromkeys(["два", "двух"], 2),
    **dict.fromkeys(["три", "трёх", "трех"], 3),
    **dict.fromkeys(["четыре", "четырёх", "четырех"], 4),
    **dict.fromkeys(["пять", "пяти"], 5),
    **dict.fromkeys(["шесть", "шести"], 6),
    **dict.fromkeys(["семь", "семи"], 7),
    **dict.fromkeys(["восемь", "восьми"], 8),
    **dict.fromkeys(["девять", "девяти"], 9),
    **dict.fromkeys(["десять", "десяти"], 10),
    **dict.fromkeys(["одиннадцать", "одиннадцати"], 11),
    **dict.fromkeys(["двенадцать", "двенадцати"], 12),
}
_AZ_WORDS = frozenset(["iki", "üç", "uc", "üc", "dörd", "dord", "beş", "bes", "altı", "alti"])
_AZ_WORDS |= frozenset(["yeddi", "səkkiz", "sekkiz", "doqquz"])
_WORD = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")"
    r"(?=(?:da|də|de|a|ə|ya|yə|dan|dən)?(?!\w))",
    re.IGNORECASE,
)


def _digits(text: str) -> str:
    """``text`` with the hours written in words as digits (an Azerbaijani word keeps its case
    ending: "doqquzda" is "9da"; a Russian or English one must be the whole word)."""

    def digit(found: re.Match[str]) -> str:
        word = found.group(1)
        key = word.replace("İ", "i").replace("I", "ı" if word[:1] == "I" else "i").lower()
        key = key.replace("\u0307", "")  # "İki": the dotted capital, lowered with a dot above
        number = _WORDS.get(key) or _WORDS.get(word.lower())
        if number is None:
            return word
        ending = found.string[found.end() : found.end() + 3]
        if key not in _AZ_WORDS and ending[:1].isalpha():
            return word
        return str(number)

    return _WORD.sub(digit, text)


def hour_named(text: str) -> int | None:
    """The hour of the day ``text`` names (0–23), or None when it names none or an
    impossible one ("at 25")."""
    text = _digits(text[:500])
    for found in _HOUR.finditer(text):
        if (hour := _hour_of(found, text)) is not None:
            return hour
    return None


def minutes_dropped(text: str) -> bool:
    """Whether the hour ``text`` names has minutes other than :00 ("at 9:30"): the reminder
    comes at the whole hour, and the reply says so (it used to set 09:00 without a word)."""
    text = _digits(text[:500])
    for found in _HOUR.finditer(text):
        if _hour_of(found, text) is not None:
            return int(found["minutes"] or 0) != 0
    return False


def _hour_of(found: re.Match[str], text: str) -> int | None:
    """The hour one match of ``_HOUR`` in ``text`` names; None when it is no hour there (a
    number alone, a date, "at 25"): the next match may be ("dekabrın 31-də saat 9-da")."""
    hour = int(found["hour"])
    am = found["after_am"] or found["before_am"]
    pm = found["after_pm"] or found["before_pm"]
    clock = _clock(found, text)
    # "9-da", "8-də": the hyphened Azerbaijani "at", and "to" ("vaxtı 9-a dəyiş", "7-yə
    # keçir"); not after a month ("noyabrın 9-da" is a date, as "9 noyabrda" is)
    ending = found.group(0).rstrip()
    # the ending after a hyphen or right after the number: "7-də", "7də", not "7 də" ("too")
    at = re.search(r"\d(?:\s?['’-]\s?)?d[aəe]$", ending) is not None or bool(
        # "to" only beside a word of the time or a change: "vaxtı 9-a dəyiş", "7-yə keçir" (not
        # "oğlum 5-a sinifdə oxuyur", "1-ə qədər": a re-review)
        re.search(r"\d(?:\s?-\s?)?y?[aəe]$", ending)
        and (
            _TO_HOUR_BEFORE.search(text[: found.start()])
            or _TO_HOUR_AFTER.match(text[found.end() :])
        )
    )
    at = at and _MONTH_BEFORE.search(text[: found.start()]) is None
    # "14 часов", "9 o'clock": the word says it is an hour ("время поставьте 14 часов", a
    # mixed-language review, had offered the hours instead)
    # only after words that set a time: "разница 3 часа", "5 часов ждал" are spans (a review)
    unit = (
        re.search(r"o'?clock|час|uhr", found.group(0), re.IGNORECASE) is not None
        and _SET_BEFORE.search(text[: found.start()]) is not None
        and _SPAN_AFTER.match(text[found.end() :]) is None
    )
    # "change my reminder time to 9", "поменяйте время на 9" (a persona review: the hours
    # were shown to choose from)
    # not a shift: "время напоминаний на 1 час позже", "на 3 часа вперёд", "to 1 hour later"
    # (a review: 01:00, 03:00)
    # (only when nothing else made it a time, and in the few words before: "1 1 1 …" had
    # read the whole text before each number, twice)
    near = text[max(0, found.start() - _NEAR) : found.start()]
    to_time = not (found["marker"] or clock or at or am or pm or unit) and (
        near.rstrip()[-2:].casefold() in ("to", "на")
        and _TIME_TO.search(near) is not None
        and _SHIFT_AFTER.match(text[found.end() :]) is None
        # a verb of moving makes a span of hours a shift ("сдвиньте время на 2 часа"), not
        # the new time ("перенесите время напоминаний на 9", "move my reminder time to 9":
        # a review found them no longer read)
        and (_SHIFT_BEFORE.search(near) is None or _HOURS_SPAN.match(text, found.start()) is None)
    )
    if not (found["marker"] or clock or at or am or pm or unit or to_time):
        return None  # a number alone: "2 days before", "31 December"
    if (found["after_pm"] or "").lower() == "дня" and not (
        found["marker"] or clock or "час" in found.group(0).lower()
    ):
        return None  # "за 2 дня" (two days before), "через 2 дня"; "в 2 дня" is 14:00
    if am or pm:
        if not 1 <= hour <= 12:
            return hour if hour == 0 or (13 <= hour <= 23 and pm) else None  # "21 вечера"
        if pm and hour < 12:
            return hour + 12
        return 0 if am and hour == 12 else hour
    return hour if 0 <= hour <= 23 else None


_SET_BEFORE = re.compile(
    r"(?:постав|установ|измени|смени|поменя)\w*(?:\s+\w+)?\s*$|\bвремя\s*$", re.IGNORECASE
)
#: A time's word, then "to" or "на" just before the number: "reminder time to 9", "время
#: напоминаний на 9", "saatı 9-a" is above.
_TIME_TO = re.compile(r"\b(?:time|hour|время|час|часы)(?:\s+\w+)?\s+(?:to|на)\s*$", re.IGNORECASE)
#: How far before a number "time to", "время на" and a verb of moving are looked for.
_NEAR = 80
#: A shift, not a time: "на 1 час позже", "to 1 hour later" (not "на 8 до работы").
_SHIFT_AFTER = re.compile(
    r"\s*(?:часа?|hours?|saat)?\s*(?:позже|раньше|пораньше|попозже|ранее|вперёд|вперед|назад"
    r"|later|earlier|sooner|sonra|əvvəl)\b|\s*hours?\s+ahead\b",  # "10 ahead of work": 10
    re.IGNORECASE,
)
#: A span of hours after a verb of moving: "на 2 часа", "1 hour" ("на 20 часов" is 20:00).
_HOURS_SPAN = re.compile(r"\D{0,3}\d{1,2}\s*(?:час|часа|hours?|saat)\b", re.IGNORECASE)
#: ... or a verb of moving before it: "сдвиньте время на 2 часа", "move the time by 2".
_SHIFT_BEFORE = re.compile(
    r"\b(?:сдвин|перенес|передвин|отодвин|shift|move|postpone|push|sürüşdür)\w*", re.IGNORECASE
)
_SPAN_AFTER = re.compile(
    r"\s*(?:до|назад|спустя|раньше|позже|вперёд|вперед|before|ago|later|earlier)\b", re.IGNORECASE
)
#: What makes a dative number an hour: "vaxtı 9-a", "saatı 7-yə" before it, a change after
#: it ("9-a dəyiş", "7-yə keçir", "7ye kec", "10-a qaytar": the Azerbaijani review).
_TO_HOUR_BEFORE = re.compile(r"(?:vaxt|saat)\w*\s*$", re.IGNORECASE)
_TO_HOUR_AFTER = re.compile(
    r"\s*(?:dəyiş|deyis|keçir|kecir|keç\b|kec\b|qaytar|qoy|et\b|edin)", re.IGNORECASE
)


def _clock(found: re.Match[str], text: str) -> bool:
    """Whether the number has minutes that make it a time of day: "9:30"; as a command's
    argument, "/subscribe 9.30" and "9.00" too, which no date is ("9.11" may be 9 November);
    a dot in a sentence is no time ("since 11.24", "2.45 km": a re-review)."""
    minutes = found["minutes"]
    if not minutes:
        return False
    if ":" in found.group(0):
        return True
    return text.lstrip().startswith("/") and (int(minutes) == 0 or int(minutes) > 12)


def impossible_hour(text: str) -> bool:
    """Whether ``text`` asks for an hour no day has: "at 25", "saat 30-da", "в 25:00" (not
    "в 25 странах", 25 countries)."""
    text = _digits(text[:500])
    for found in _HOUR.finditer(text):
        marker = (found["marker"] or "").lower()
        named = _clock(found, text) or marker in ("at", "saat", "@", "around", "около")
        # "в 25", "к 30" at the very end: an hour ("в 25 странах" is 25 countries)
        named = named or (marker in ("в", "во", "к") and not text[found.end() : 500].strip(" .!"))
        if named and _hour_of(found, text) is None and int(found["hour"]) > 23:
            return True
    return False


_MONTH_BEFORE = re.compile(
    r"(?:yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr)\w*\s*$"
    r"|\bay(?:ın|ının)\s*$",  # "ayın 9-da", "mart ayının 8-də": the day of the month
    re.IGNORECASE,
)


def without_hour(text: str) -> str:
    """``text`` with the hour it names taken out: "remind me at 9 am" is "remind me" plus one
    word for the hour, not three more words."""
    text = _digits(text[:500])
    for found in _HOUR.finditer(text):
        if _hour_of(found, text) is not None:
            return f"{text[: found.start()]} hour {text[found.end() :]}"
    return text


#: "a day before", "за 2 дня", "накануне", "bir gün əvvəl": a reminder asked for before the
#: holiday; reminders come on the day itself (the person is told so, not silently ignored).
_DAYS_BEFORE = re.compile(
    r"\b(?:\d+|a|one|two|three|a\s+few|few|couple\s+of|the)\s+(?:days?|weeks?|nights?|evening)"
    r"\s+(?:before|in\s+advance|early|earlier|ahead|prior)\b"
    r"|\bthe\s+day\s+before\b"
    r"|\bза\s+(?:\d+\s+|один\s+|одну\s+|два\s+|две\s+|три\s+|пару\s+|несколько\s+)?"
    r"(?:день|дня|дней|неделю|недели|недель|сутки|суток)\b"
    r"|\bнакануне\b"
    r"|\b(?:\d+|bir|iki|üç|bir\s+neçə|neçə)\s+(?:gün|həftə|hafta)\s+(?:əvvəl|qabaq|öncə|önce)\w*"
    r"|\bərəfəsində\b",
    re.IGNORECASE,
)
#: "in advance", "заранее": before the day too — but "thanks in advance" is a thanks.
_ADVANCE = re.compile(
    r"\bin\s+advance\b|\bbeforehand\b|\bзаранее\b|\bəvvəlcədən\b|\bönceden\b", re.I
)
_THANKS = re.compile(r"thank|спасиб|благодар|təşəkkür|sağ\s?ol|teşekkür|sağol", re.IGNORECASE)


def days_before(text: str) -> bool:
    """Whether ``text`` asks to be reminded some time before the day ("a day before")."""
    text = text[:500]
    if _DAYS_BEFORE.search(text):
        return True
    return _ADVANCE.search(text) is not None and _THANKS.search(text) is None


def without_days_before(text: str) -> str:
    """``text`` without what :func:`days_before` found in it: "remind me 2 days before" is
    "remind me", a request; "напомни мне за день до экзамена" is not."""
    return _ADVANCE.sub(" ", _DAYS_BEFORE.sub(" ", text[:500]))
