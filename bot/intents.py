"""Requests in plain words: "перестаньте присылать напоминания" runs /unsubscribe, "what do
you store about me" /mydata, a lone "Salam!" /start. The phrases are data
(``data/intents.toml``, see its header); matching folds text as the knowledge base does."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot import DATA_DIR
from bot.config import ContentError, not_utf8, toml_problem
from bot.context import BotContext
from bot.faq import normalize
from bot.hours import without_hour
from bot.i18n import LANGUAGES

log = logging.getLogger(__name__)

DEFAULT_FILE = DATA_DIR / "intents.toml"
#: Where the loaded intents live: ``runtime.extras[EXTRAS_KEY]``.
EXTRAS_KEY = "intents"
#: Words this short must be whole words; longer ones may begin a word (a stem).
WHOLE_WORD_UP_TO = 3
#: The table of "near me" typed where a city was asked for (no request: a hint is the answer).
NEAR_ME = "near_me"
#: The table of goodbyes, and a goodbye that is one only alone (normalised): "пока",
#: "Ну всё, пока!", "Hələlik!" (a carried-over gap: "I'm not sure I understood"). Not a phrase
#: of the table: "пока" would begin "покажите", and both are "yet" in "пока не пришло",
#: "hələlik Bakıdayam" (a review of that first version).
BYE = "bye"
_GOODBYE = r"(?:пока|helelik|see you|see ya|cya)"
#: Words that may stand around such a goodbye: "Давай, пока", "Пока, бот!", "Sağ olun,
#: hələlik", "see you later" (a review of the first version lost them); a thanks too, so
#: that "Спасибо, пока" under an announcement in a group is a goodbye (ignored there).
_AROUND_GOODBYE = (
    r"(?:ну|ладно|ok|ок|все|всем|даваи|даваите|бот|друзья|ребята|хорошего дня|спасибо|спс"
    r"|yaxsi|he|hamiya|sag ol|sag olun|thanks|thank you|later|soon|guys|all)"
)
LONE_GOODBYE = re.compile(
    rf"(?:{_AROUND_GOODBYE} )*{_GOODBYE}(?: (?:{_GOODBYE}|{_AROUND_GOODBYE}))*"
)


class IntentFileError(Exception):
    pass


@dataclass(frozen=True)
class Intent:
    command: str
    extra_words: int
    #: one regular expression per phrase length in words: every phrase of that length, in
    #: any language, as normalised words
    patterns: tuple[tuple[int, re.Pattern[str]], ...]
    #: words that make the message something else (a negation, a question word)
    unless: re.Pattern[str] | None = None
    #: a question mark makes it something else too
    unless_question: bool = False
    #: the phrases that hold an ``unless`` word themselves ("не против" (I don't mind) is a
    #: yes though "не" makes "да" something else): found, their words don't count as unless
    carriers: re.Pattern[str] | None = None

    @classmethod
    def of(
        cls,
        command: str,
        extra_words: int,
        phrases: list[tuple[str, ...]],
        unless: Sequence[str] = (),
    ) -> Intent:
        by_length: dict[int, list[str]] = {}
        for phrase in phrases:
            by_length.setdefault(len(phrase), []).append(" ".join(map(_word_pattern, phrase)))
        patterns = tuple(
            (length, _any_of(alternatives)) for length, alternatives in sorted(by_length.items())
        )
        words = [_word_pattern(w) for u in unless for w in normalize(u).split()]
        excluding = _any_of(words) if words else None
        carriers = [
            " ".join(map(_word_pattern, phrase))
            for phrase in phrases
            if excluding and any(excluding.fullmatch(word) for word in phrase)
        ]
        return cls(
            command,
            extra_words,
            patterns,
            excluding,
            "?" in unless,
            _any_of(carriers) if carriers else None,
        )

    def excluded(self, folded: str, text: str) -> bool:
        if self.carriers is not None:
            folded = self.carriers.sub(" ", folded)
            if not folded.strip():  # nothing but such phrases: "почему бы и нет?" is a yes
                return False
        polite = _POLITE_REQUEST.search(folded) is not None and not _RECALLED.search(folded)
        asks = "?" in text and not polite
        return (self.unless_question and asks) or bool(self.unless and self.unless.search(folded))


#: A request put as a question ("can you remind me about solidarity day?", "можете
#: напоминать мне?", "xatırlada bilərsinizmi?"), normalised: its "?" asks nothing (a persona
#: review: the reminders card, not the reminder). Its other words still count ("can you
#: remind me when it is?": "when").
_POLITE_REQUEST = re.compile(
    r"^(?:(?:hey|hi|hello|salam|привет|здравствуйте) )?(?:(?:please|pls) )?"
    r"(?:can|could|would) you |^(?:не )?(?:можете|можешь|могли бы вы|могли бы|сможете) "
    r"|(?:^| )(?:bilersiniz|bilersinizmi|bilerdiniz|bilersen|bilersenmi)(?: |$)"
)
#: ... but "remind me" asking to recall a fact is a question: "can you remind me who declared
#: solidarity day?", "можете напомнить цвета флага?" (a review: they subscribed).
_RECALLED = re.compile(
    r"(?:^| )(?:who|whom|whose|where|what|which|how|when|why|colou?rs?|кто|кого|чей|чья|где"
    r"|что|какой|какие|как|когда|почему|цвет\w*|kim|kimin|harada|hara|ne|nece|hansi|niye"
    r"|reng\w*)(?= |$)"
)


def _any_of(alternatives: list[str]) -> re.Pattern[str]:
    """Any of ``alternatives`` (word patterns, spaces between) as whole words of the text."""
    return re.compile(rf"(?:^| )(?:{'|'.join(alternatives)})(?= |$)")


def _word_pattern(word: str) -> str:
    """A whole word when short ("hi" is not "history"), else the beginning of one."""
    return re.escape(word) + ("" if len(word) <= WHOLE_WORD_UP_TO else r"\S*")


def parse(text: str, commands: set[str]) -> list[Intent]:
    """The intents of a file, in file order; :class:`IntentFileError` names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IntentFileError(toml_problem(text, exc)) from exc
    found = []
    for command, table in data.items():
        if command not in commands:
            raise IntentFileError(f"[{command}] is not a command of the bot")
        if not isinstance(table, dict):
            raise IntentFileError(f"[{command}] must be a table")
        unless = table.get("unless", [])
        if not isinstance(unless, list) or not all(isinstance(u, str) for u in unless):
            raise IntentFileError(f"[{command}] unless must be a list of words")
        extra = table.get("extra_words", 0)
        if not isinstance(extra, int) or isinstance(extra, bool) or not 0 <= extra <= 20:
            raise IntentFileError(f"[{command}] extra_words must be a number from 0 to 20")
        phrases = []
        for lang in LANGUAGES:
            listed = table.get(lang, [])
            if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
                raise IntentFileError(f"[{command}] {lang} must be a list of phrases")
            phrases += [tuple(words) for p in listed if (words := normalize(p).split())]
        unknown = set(table) - {"extra_words", "unless", *LANGUAGES}
        if unknown:
            raise IntentFileError(f"[{command}] unknown field(s): {', '.join(sorted(unknown))}")
        found.append(Intent.of(command, extra, phrases, unless))
    return found


def read(path: Path, commands: set[str]) -> list[Intent]:
    """The intents of the file at ``path``; :class:`IntentFileError` (or OSError) says why not.
    A byte-order mark (Notepad's "UTF-8 with BOM") is no fault."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IntentFileError(not_utf8(exc).removeprefix("is ")) from exc
    return parse(text, commands)


def shared_phrases(text: str) -> list[tuple[str, tuple[str, str]]]:
    """Each phrase (as typed) that two tables of different requests hold, with the two: a
    content editor added "stop" to [unsubscribe], and "stop" during /houses unsubscribed
    people (it is [cancel]'s). A table and its one-holiday or explicit form ([subscribe],
    [subscribe_holiday]; [yes], [explicit_yes]) share phrases on purpose."""
    from bot.faq import normalize

    def family(table: str) -> str:
        return table.removesuffix("_holiday").removeprefix("explicit_")

    seen: dict[str, tuple[str, str]] = {}
    shared: list[tuple[str, tuple[str, str]]] = []
    for table, body in tomllib.loads(text).items():
        if not isinstance(body, dict):
            continue
        for language in ("az", "en", "ru"):
            phrases = body.get(language, [])
            for phrase in phrases if isinstance(phrases, list) else []:
                key = normalize(str(phrase))
                first = seen.setdefault(key, (table, str(phrase)))
                if family(first[0]) != family(table):
                    shared.append((first[1], (first[0], table)))
    return shared


def load(commands: set[str], path: Path = DEFAULT_FILE) -> list[Intent]:
    """The shipped intents; none (logged) when the file is missing: the bot then answers
    every message from the knowledge base. A broken file stops start-up (ContentError):
    intents are not stored, so nothing would be kept, and one typo would switch off every
    request typed in words, "stop reminders", typed yes and no, "cancel" (an operator review:
    one ERROR line was the only sign). ``diaspora-bot import intents FILE --check`` says what
    is wrong with a file before a restart."""
    try:
        return read(path, commands)
    except OSError as exc:
        log.error("%s not used, no request in plain words is recognised: %s", path, exc)
        return []
    except IntentFileError as exc:
        raise ContentError(f"{path} cannot be used: {exc}") from exc


def command_meant(intents: list[Intent], text: str, skip: Collection[str] = ()) -> str | None:
    """The command a short message asks for, if one of ``intents`` (but those named in
    ``skip``) is found in it."""
    whole = _words_counted(text)
    # a stop is read in what is left once the clauses that ask not to stop are gone:
    # "xatırlatmaları dayandırmayın" asks none, "Hesabımı silməyin, sadəcə xatırlatma
    # istəmirəm" the second clause's (a review: a check of the whole message lost it)
    rest, kept_text = split_kept(text)
    stops = whole if rest is None else _words_counted(rest)
    kept = normalize(kept_text)
    for intent in intents:
        if intent.command in skip:
            continue
        folded, count = whole[0], whole[1]
        if intent.command == BYE and "?" not in text and LONE_GOODBYE.fullmatch(folded):
            return BYE
        if intent.command == _STOP_ONE and "?" not in text and STOP_ONE_EN.fullmatch(folded):
            return _STOP_ONE
        if intent.command.startswith("unsubscribe") and _KEEPING.search(_folded_with_marks(text)):
            continue  # "я не хочу отписаться", "I don't want to unsubscribe" (a review)
        if intent.command == "cancel" and kept:
            continue  # "Stop! Don't unsubscribe me", "dayan, dayandırmayın" (a review)
        said = text
        if intent.command in _STOPS:
            folded, count, said = stops
        for length, pattern in intent.patterns:
            if length <= count <= length + intent.extra_words and pattern.search(folded):
                if intent.excluded(folded, said) or (
                    intent.command == "forget" and intent.unless and intent.unless.search(kept)
                ):
                    break  # "удалите меня из рассылки" is no /forget: maybe a later one
                if intent.command == "unsubscribe" and _keeps_part(kept, folded):
                    # "Don't stop the flag day reminder, unsubscribe me from the others", "I
                    # don't want to cancel announcements, stop reminders though": not
                    # everything off, but the settings ([reminders_off]'s answer; a review)
                    return "reminders_off"
                return intent.command
    return None


def _keeps_part(kept: str, asked: str) -> bool:
    """Whether the clauses that ask to keep (``kept``, normalised) keep a holiday, or the
    announcements that the stop asked (``asked``) does not name."""
    if not kept:
        return False
    announcements = _ANNOUNCEMENTS.search(kept) and not _ANNOUNCEMENTS.search(asked)
    return bool(announcements or _A_HOLIDAY.search(kept))


#: A holiday named (normalised), or the hour of its reminder ("the morning reminders").
_A_HOLIDAY = re.compile(
    r"(?:^| )(?:flag|bayraq|bayrak|флаг|solidarity|hemrey|солидарн|dayanis|morning|утр"
    r"|seher|evening|вечер|axsam)"
)
#: The announcements named (normalised).
_ANNOUNCEMENTS = re.compile(r"(?:^| )(?:announcement|объявлен|elan|duyuru)")


def _words_counted(text: str) -> tuple[str, int, str]:
    """``text`` normalised, its number of words (an hour counted as one: "at 9 am" is one word
    more, not three), and ``text``."""
    counted = normalize(without_hour(text[:500]))
    return normalize(text[:500]), counted.count(" ") + 1 if counted else 0, text


#: Where a clause ends: "Never delete my data. Unsubscribe me."
_CLAUSE_END = re.compile(r"[,.;!\n]+")


def split_kept(text: str) -> tuple[str | None, str]:
    """``text`` without its clauses that ask not to stop (see :func:`keeps`), or None if it
    has none (all of it stands); and those clauses, joined ("" if none)."""
    left: list[str] = []
    kept: list[str] = []
    for clause in (c.strip() for c in _CLAUSE_END.split(text)):
        if clause:
            (kept if keeps(clause) else left).append(clause)
    return (", ".join(left) if kept else None), ", ".join(kept)


#: Not wanting to stop (casefolded, punctuation kept: "Спасибо не надо, отписаться" is a
#: stop): the word of unsubscribing negated, which an ``unless`` word cannot say (each counts
#: alone, and "не" begins many a stop: "не присылайте").
_KEEPING = re.compile(
    r"\b(?:не|ne|don['’`]?t|do not|never)\s+(?:(?:хочу|хотим|надо|нужно|hochu|want|wanna)\s+)?"
    r"(?:to\s+)?(?:отпис|otpis|unsubscrib)"
    r"|\babunelikden\s+cixmaq\s+(?:istemir\w*|lazim\s+deyil|olmaz)"
)
_STOP_ONE = "unsubscribe_holiday"
#: The requests that stop or delete something: not asked for when :func:`keeps` says the
#: stop is negated.
_STOPS = frozenset(
    {"forget", "reminders_off", "announcements_off", "unsubscribe", "unsubscribe_holiday"}
    | {"group_stop", "cancel"}
)
#: An Azerbaijani or Turkish verb of stopping, with what follows it in its word
#: (casefolded, letters plain).
_STOP_VERB = re.compile(
    r"\b(?:dayandir|sondur|bagla|legv\s+e(?:[td]|le)|kapat|durdur|iptal\s+e[td]|sil|cix)(\w*)"
)
#: Its negative imperative: "dayandırmayın", "söndürməyin", "kapatmayın", "silməsin", as
#: spoken "dayandırmıyın", and passive "dayandırılmasın", "silinməsin" (let it not be stopped).
_NEGATIVE_IMPERATIVE = re.compile(
    r"(?:[iu]l|[iu]?n)?(?:m[ae]|m[iu](?=y))(?:y[iu]n(?:[iu]z)?|s[iu]n)"
)
#: Its infinitive not wanted: "dayandırmaq istəmirəm", "kapatmak istemiyorum", "… lazım
#: deyil", "kapatmaya gerek yok", "dayandırmağa ehtiyac yoxdur".
_NOT_WANTED = re.compile(
    r"\s+(?:istemir|istemiyor|istemem|lazim\s+deyil|gerek\s+yok|ehtiyac\s+yox)"
)
#: A bare "-ma" ends its clause: nothing but punctuation or emoji after it ("Xatırlatmaları
#: dayandırma 🙏"); "dayandırma düyməsi" is the stop button.
_NOTHING_MORE = re.compile(r"\W*$")
#: In English, a negation right before the verb, said by the person ("never stop…", "Please
#: don't stop the reminder for flag day", "I don't want to stop", "no need to stop"); not
#: "the reminders never stop, unsubscribe me" (a review).
_STOPPING_EN = r"stop|turn\s+off|switch\s+off|cancel|disable|unsubscrib"
_STOP_EN = rf"{_STOPPING_EN}|delete|remove"
_NEGATED_STOP_EN = re.compile(
    r"(?:^|\b(?:please|pls|i|we)\s+"
    # a few words to begin with: "ok dont stop reminders", "hi there, don't…" (a review)
    r"|^(?:(?:ok+|okay|hi|hello|hey|oh|no|yes|but|just|so|there|thanks|thank\s+you)\W*\s+){1,3})"
    r"(?:don['’`]?t|do\s+not|never|shouldn['’`]?t|no\s+need)"
    r"\s+(?:ever\s+)?(?:(?:want|wanna|need)\s+)?(?:to\s+)?"
    rf"(?:{_STOP_EN})"
)
#: ... and a stop asked after it in the same clause, not one of its list ("or cancel"):
#: "ok dont delete anything just stop sending reminders" asks to stop (a review). Deleting
#: is no such stop: "dont stop reminders just delete my data" unsubscribed them ([forget]
#: is not read beside "dont").
_STOP_AFTER_EN = re.compile(rf"(?<!\bor )(?<!\bnor )(?<!\band )\b(?:{_STOPPING_EN})")


def keeps(text: str) -> bool:
    """Whether ``text``, one clause (see :func:`split_kept`: no ``, . ; !`` in it), asks not
    to stop: an Azerbaijani or Turkish verb of stopping in its negative imperative, or its
    infinitive not wanted, and none asked for ("xatırlatmaları
    dayandırmayın", "abunəliyi ləğv etməyin", "hatırlatmaları kapatmayın", "dayandırmaq
    istəmirəm": a persona review, each stopped everything, as a phrase's stem matches them;
    but "məlumatlarımı silməyin, xatırlatmaları dayandırın" stops the reminders). A bare
    "-ma" counts at the end of a clause only ("dayandırma düyməsi" is the stop button), and
    "etməyinizi xahiş edirəm", "dayandırmanızı", "dayandırmadınız" are no negation (a review
    of the first version). Or the English negation of :data:`_NEGATED_STOP_EN`."""
    marks = _folded_with_marks(text)
    if english := _NEGATED_STOP_EN.search(marks):
        return _STOP_AFTER_EN.search(marks, english.end()) is None
    negated = asked = False
    for found in _STOP_VERB.finditer(marks):
        rest, after = found.group(1), marks[found.end() :]
        imperative = _NEGATIVE_IMPERATIVE.fullmatch(rest) is not None or (
            rest in ("ma", "me") and _NOTHING_MORE.match(after) is not None
        )
        unwanted = re.fullmatch(
            r"m[ae](?:[kq]|y[ae]|g[ae])", rest
        ) is not None and _NOT_WANTED.match(after)
        if imperative or unwanted:
            negated = True
        else:
            asked = True
    return negated and not asked


#: An English stop of one holiday's reminder, the whole message: "Please stop the flag day
#: reminder", "turn off solidarity day reminders" (normalised). Not a phrase of the table:
#: anywhere in a message it caught "Please do not stop the flag day reminder", "you stopped
#: the flag day reminder, turn it back on" (a review).
STOP_ONE_EN = re.compile(
    r"(?:please )?(?:stop|turn off|switch off|disable|cancel)(?: the| my)?"
    r" (?:state )?(?:flag|solidarity) day (?:reminder|reminders|greeting|greetings)(?: please)?"
)
#: Azerbaijani letters as typed without them ("abunəlikdən" as "abunelikden").
_PLAIN_LETTERS = str.maketrans("əıçşğöü", "eicsgou")


def _folded_with_marks(text: str) -> str:
    """``text`` casefolded, Azerbaijani letters plain, punctuation kept."""
    return text.casefold().replace("i̇", "i").translate(_PLAIN_LETTERS)


def nothing_but(intents: list[Intent], commands: Collection[str], text: str) -> bool:
    """Whether ``text`` is nothing but phrases of ``commands``' tables: "спасибо", "thanks,
    bye", "пока" (see :data:`LONE_GOODBYE`); not "Спасибо, Берлин" (a review: the city was
    dropped)."""
    folded = normalize(text[:500])
    lone = BYE in commands and "?" not in text
    if lone and LONE_GOODBYE.fullmatch(folded):
        return True
    patterns = [p for i in intents if i.command in commands for p in i.patterns]
    # the longest phrases first: "спасибо большое" before "спасибо" (a review)
    for _, pattern in sorted(patterns, key=lambda lp: -lp[0]):
        folded = pattern.sub(" ", folded)
    rest = " ".join(folded.split())
    return bool(text.strip()) and (not rest or (lone and LONE_GOODBYE.fullmatch(rest) is not None))


def says(intents: list[Intent], command: str, text: str) -> bool:
    """Whether ``text`` is a phrase of ``command``'s table (whatever the tables before it)."""
    return command_meant([i for i in intents if i.command == command], text) == command


def loaded(context: BotContext) -> list[Intent]:
    """The intents loaded at start (none if the file was missing or broken)."""
    found: list[Intent] = context.runtime.extras.get(EXTRAS_KEY, [])
    return found


def request_of(context: BotContext, text: str) -> str | None:
    """:func:`command_meant` for this update's text, read once (the gate asks first: "что вы
    обо мне знаете" must not store the asker, as ``/mydata`` does not)."""
    if not context.request_read:
        context.request = command_meant(loaded(context), text)
        context.request_read = True
    return context.request


def words_after(intents: list[Intent], command: str, text: str) -> list[str]:
    """The words of ``text`` after the phrase that asks for ``command``, as typed: "часовой
    пояс Берлин" → ["Берлин"], the argument a command would have had."""
    folded = normalize(text[:500])
    intent = next((i for i in intents if i.command == command), None)
    found = None
    # the longest phrase found: "saat qurşağını dəyiş Bakı" is Bakı, not "dəyiş Bakı"
    for _, pattern in sorted(intent.patterns, key=lambda lp: -lp[0]) if intent else ():
        found = pattern.search(folded)
        if found:
            break
    if found is None:
        return []
    wanted = len(folded[: found.end()].split())  # the phrase's last word, counted in ``folded``
    tokens = text[:500].split()
    seen = 0
    for i, token in enumerate(tokens):
        seen += len(normalize(token).split())
        if seen >= wanted:
            rest = tokens[i + 1 :]
            while rest and normalize(rest[0]) in _FILLER:  # "my time zone is London"
                rest = rest[1:]
            return rest
    return []


def phrase_words(intents: list[Intent], command: str, text: str) -> list[str]:
    """The normalised words of the longest phrase of ``command`` found in ``text``."""
    folded = normalize(text[:500])
    intent = next((i for i in intents if i.command == command), None)
    for _, pattern in sorted(intent.patterns, key=lambda lp: -lp[0]) if intent else ():
        if found := pattern.search(folded):
            return found.group(0).split()
    return []


#: Words between a phrase and what it is about: "my time zone is London", "… это Москва",
#: "saat qurşağımı dəyiş Berlin" (change).
_FILLER = frozenset({"is", "это", "", "deyis", "deyisin", "deyisdir", "change", "to", "на"})
