"""Every message the code uses exists, translated, in az, en and ru."""

import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot import i18n
from bot.commands import COMMANDS, MENU
from bot.i18n import (
    LANGUAGES,
    catalog_files,
    gettext,
    normalize_language,
    translator,
    without_tags,
)

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": (2,), "ngettext": (2,)}


def code_keys() -> set[str]:
    keys: set[str] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if isinstance(message, str):
                keys.add(message)
    keys |= {c.help_key for c in COMMANDS}
    keys |= {item.label_key for row in MENU for item in row}
    return keys


#: Between the plural forms of one message in :func:`catalog`'s texts.
PLURAL = "\x00"


def catalog(lang: str) -> dict[str, str]:
    """msgid to text; a message with plural forms ("32 дня", "35 дней") to its forms joined
    by :data:`PLURAL`, each of which must be there (as many as its Plural-Forms has)."""
    entries: dict[str, str] = {}
    for po in catalog_files(lang):
        with po.open("rb") as fh:
            read = read_po(fh, locale=lang)
        for message in read:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            assert key not in entries, f"{key} defined twice in {lang}"
            if isinstance(message.string, str):
                entries[key] = message.string
                continue
            forms = [str(f) for f in message.string]
            assert len(forms) == read.num_plurals and all(forms), f"{lang}: {key} forms"
            entries[key] = PLURAL.join(forms)
    return entries


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_code_uses_messages() -> None:
    assert "start.greeting" in code_keys()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_used_in_code_is_translated(lang: str) -> None:
    entries = catalog(lang)
    missing = sorted(k for k in code_keys() if not entries.get(k, "").strip())
    assert missing == [], f"{lang} lacks {missing}"


def test_all_languages_have_the_same_messages_and_placeholders() -> None:
    catalogs = {lang: catalog(lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        assert set(catalogs[lang]) == set(catalogs["en"]), lang
        for key, text in catalogs[lang].items():
            assert text.strip(), f"{lang}: {key} is empty"
            english = fields(catalogs["en"][key])
            for form in text.split(PLURAL):
                assert fields(form) == english, f"{lang}: {key} placeholders"


def test_azerbaijani_uses_its_own_letters() -> None:
    az = " ".join(catalog("az").values())
    assert re.search("[əıİşçğöü]", az)
    # common words that lose their letters when typed on a Latin keyboard
    for wrong in (" xeta", " dusme", " secin", " gonder"):
        assert wrong not in az.lower()


def test_translation_escapes_values_and_falls_back_to_english() -> None:
    _ = translator("az")
    assert "&lt;b&gt;" in _("start.greeting", name="<b>")
    assert gettext("fr", "errors.generic") == gettext("en", "errors.generic")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("az", "az"), ("ru", "ru"), ("en-GB", "en"), ("az-Latn", "az"), ("de", "en"), (None, "en")]
    # a cousin in Istanbul with a Turkish phone got English; Kazakhstan, Ukraine: Russian
    + [("tr", "az"), ("tr-TR", "az"), ("kk", "ru"), ("uk", "ru"), ("ka", "en")],
)
def test_language_from_telegram_code(code: str | None, expected: str) -> None:
    assert normalize_language(code) == expected


@pytest.mark.parametrize(
    ("zone", "lang", "text", "label"),
    [
        ("Asia/Baku", "az", "Bakı, UTC+4", "Bakı (UTC+4)"),
        ("America/New_York", "az", "Nyu-York, UTC-5", "Nyu-York (UTC-5)"),
        ("Europe/Berlin", "ru", "Берлин, UTC+1", "Берлин (UTC+1)"),
        ("Asia/Kolkata", "en", "Kolkata, UTC+5:30", "Kolkata (UTC+5:30)"),
        # "Etc/GMT-3" is UTC+3: its own name reads backwards, so only the offset is shown
        ("Etc/GMT-3", "en", "UTC+3", "UTC+3"),
        ("UTC", "ru", "UTC", "UTC"),
        ("Mars/Olympus", "en", "Mars/Olympus", "Mars/Olympus"),  # never raises
    ],
)
def test_a_zone_is_named_for_people(zone: str, lang: str, text: str, label: str) -> None:
    winter = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert (i18n.zone_text(zone, winter, lang), i18n.zone_label(zone, winter, lang)) == (
        text,
        label,
    )


def test_a_zone_in_a_sentence_about_a_holiday_has_no_offset_that_summer_would_change() -> None:
    """In July, "напомню 31 декабря в 10:00 (Берлин, UTC+2)" was wrong: UTC+1 by then."""
    july = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert i18n.zone_name("Europe/Berlin", july, "ru") == "Берлин"
    assert i18n.zone_text("Europe/Berlin", july, "ru") == "Берлин, UTC+2"  # now, as it is now
    assert i18n.zone_name("Etc/GMT-3", july, "en") == "UTC+3"  # a fixed offset stays


@pytest.mark.parametrize(
    ("lang", "days", "said"),
    [
        ("ru", 1, "остался 1 день"),
        ("ru", 21, "остался 21 день"),
        ("ru", 32, "осталось 32 дня"),
        ("ru", 345, "осталось 345 дней"),
        ("ru", 11, "осталось 11 дней"),
        ("en", 1, "1 day to go"),
        ("en", 32, "32 days to go"),
        ("az", 32, "Bayrama 32 gün qalıb"),
    ],
)
def test_a_count_of_days_takes_the_plural_form_of_its_language(
    lang: str, days: int, said: str
) -> None:
    """A Russian speaker's review: "До праздника осталось дней: 32" is no natural Russian."""
    assert said in i18n.ngettext(lang, "faq.countdown.days", days, days=days, date="-")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ya zhivu v moskve", "я живу в москве"),
        ("gde azerbaydzhanskiy dom v Berline", "где азербайджанский дом в Берлине"),
        ("azerbaijanskiy dom v berline", "азербайджанский дом в берлине"),
        ("kogda den flaga?", "когда день флага?"),
        ("ya v londone jivu", "я в лондоне живу"),
        ("chto takoe koordinatsionnyy sovet", "что такое координационный совет"),
        ("den solidarnosti azerbaydjancev", "день солидарности азербайджанцев"),
        ("chto delala diaspora vo vremya voyny", "что делала диаспора во время войны"),
        ("khochu napominaniya v 9", "хочу напоминания в 9"),
        # a review: "-tsya" had been "-ця", a capital "Sh" stayed Latin
        ("ya hochu otpisatsya", "я хочу отписаться"),
        ("gde eto, na kakoy ulitsa dom?", "где это, на какой улица дом?"),
        ("Shkola v Berline est?", "Школа в Берлине есть?"),
        ("ya zhivu v Tsyurikhe", "я живу в Цюрихе"),
        ("Li Ning v Beijing", None),  # "li" and "v" alone: no word of Russian
        ("gde dom v moem rayone", "где дом в моем районе"),
        ("ya hochu otpisatsya ot obyavleniy", "я хочу отписаться от объявлений"),  # ъ
        ("Rabotaet li dom segodnya?", "Работает ли дом сегодня?"),
        # a fourth review: "-tsa" had stayed ца ("отписаца"), "syu" had been съю
        ("mne nado otpisatsa", "мне надо отписаться"),
        ("kogda v pyatnitsa na ulitsa", "когда в пятница на улица"),
        ("eto syurpriz dlya menya", "это сюрприз для меня"),
        ("kogda byl syezd?", "когда был съезд?"),
        # not Russian: English, Azerbaijani without its letters, one word alone, Cyrillic
        ("when is flag day", None),
        ("hemreylik gunu ne vaxtdir", None),
        ("men indi Parisde yasayiram", None),
        ("Privet Ayla, zavtra Berlinde gorusek", None),  # Azerbaijani with two Russian words
        # ... and Russian with a word of Azerbaijani greeting
        ("Salam qardas, gde dom v Berline?", "Салам кардас, где дом в Берлине?"),
        ("Moskva", None),
        ("v berlin", None),  # one word of Russian only
        ("где дом", None),
        ("Bakı v dom", None),  # a letter Russian in Latin does not have
    ],
)
def test_russian_typed_in_latin_is_read_in_cyrillic(typed: str, read: str | None) -> None:
    """A places review: "ya zhivu v moskve", "gde azerbaydzhanskiy dom v berline" were not
    understood; the bot reads Russian, so it reads them in Cyrillic."""
    assert i18n.russian_in_latin(typed) == read


def test_without_tags_removes_tags_and_keeps_a_bare_less_than() -> None:
    """A review: it ran html_problems' pattern (the module had two ``_TAG``), which deleted
    from a bare "<" to the end: "Rank <5 km" became "Rank "."""
    assert without_tags("<b>Near Köln</b> · <i>2 km</i>") == "Near Köln · 2 km"
    assert without_tags("Rank <5 km") == "Rank <5 km"
