"""The knowledge base in chat: /solidarity, /flagday, /topics, free-text questions, inline mode."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType

from bot import callbacks, dates, reminders
from bot import faq as service
from bot.context import BotContext
from bot.i18n import (
    LANGUAGES,
    Translator,
    gettext,
    ngettext,
    other_language,
    without_tags,
    written_in,
    zone_name,
)
from bot.store import subscriptions
from bot.store.faq import TopicRecord, TopicText
from bot.store.subscriptions import HolidayRow
from handlers import asked as open_question
from handlers.reminders import day_text, default_zone_name, full_day_text, hour_text
from handlers.replies import edit_or_send

#: Text for HTML parse mode; quotes need no escaping outside attributes.
_escape = partial(html.escape, quote=False)

PREFIX = "faq"
SOLIDARITY = "solidarity_day"
FLAG_DAY = "flag_day"
REMINDERS = "bot_reminders"
MAX_RELATED = 3
MAX_INLINE_RESULTS = 5
#: ``/start topics``: inline mode's "All topics in the bot" opens the chat with it.
START_TOPICS = "topics"


#: How long the card last shown is what "tell me more", "и?" or "remind me of this day" is about.
FOLLOW_UP = timedelta(minutes=30)
_LAST_TOPIC = "faq_last_topic"


def _shown(context: BotContext, topic_id: str, *, longer: bool = False) -> None:
    """Remember the card just shown in a private chat (memory only, for :data:`FOLLOW_UP`);
    ``longer``: with its longer text."""
    if context.user_data is not None:
        context.user_data[_LAST_TOPIC] = (topic_id, context.clock.now() + FOLLOW_UP, longer)


def take_last(context: BotContext) -> None:
    """Called by the gate for each private message (not a button: the card's 🔔 confirms
    about the same holiday): the card shown last moves to this update
    (``context.last_card``), so "more" is about the bot's previous reply only (a review: "ещё"
    after a list of schools brought back a card from before it)."""
    if context.user_data is not None:
        context.last_card = context.user_data.pop(_LAST_TOPIC, None)


def _last(context: BotContext) -> tuple[TopicRecord, bool] | None:
    last = context.last_card
    if not isinstance(last, tuple) or not last[1] > context.clock.now():
        return None
    topic = faq_index(context).topics.get(last[0])
    return (topic, last[2]) if topic is not None else None


def last_topic(context: BotContext) -> TopicRecord | None:
    """The card shown last in this private chat, if it was shown lately."""
    last = _last(context)
    return last[0] if last is not None else None


def replied_card(message: Message, context: BotContext) -> TopicRecord | None:
    """The bot's card that ``message`` replies to, by its 📖 button or else its title: in a
    group, where no card is remembered, "а когда он?" in reply to Solidarity Day's card is
    about that day (a persona review: silence)."""
    replied = message.reply_to_message
    sender = replied.from_user if replied is not None else None
    if replied is None or sender is None or sender.id != context.bot.id:
        return None
    topics = faq_index(context).topics
    markup = replied.reply_markup
    for row in markup.inline_keyboard if markup is not None else ():
        for button in row:
            data = button.callback_data if isinstance(button.callback_data, str) else None
            try:
                action, topic_id = callbacks.unpack(data, PREFIX, 2)
            except callbacks.StaleButton:
                continue
            if action == "m" and topic_id in topics:
                return topics[topic_id]
    first_line = without_tags((replied.text or "").partition("\n")[0]).strip()
    for topic in topics.values() if first_line else ():
        if any(text.title == first_line for text in topic.texts.values()):
            return topic  # its longer text shown: no 📖 button
    return None


async def last_holiday(context: BotContext) -> list[HolidayRow]:
    """The holiday whose card was shown last ("remind me of this day" after it), or none."""
    topic = last_topic(context)
    pairs = await _holiday_cards(context) if topic is not None else []
    return [holiday for holiday, card in pairs if topic is not None and card.id == topic.id]


async def more(update: Update, context: BotContext) -> bool:
    """ "подробнее", "tell me more", "и?" right after a card: its longer text, as its 📖 button
    (a user-journey review: the list of what the bot does). False (nothing said) if no card
    was shown lately."""
    message = update.effective_message
    last = _last(context)
    topic, longer = last if last is not None else (None, False)
    text = _text(topic, context.lang) if topic is not None else None
    if message is None or topic is None or text is None:
        return False
    _ = context._
    index = faq_index(context)
    if longer or text.more == text.answer:  # nothing longer: said so, with related topics
        rows = [*_related_buttons(index, topic, context.lang), _menu_button(_)]
        await message.reply_text(_("faq.no_more"), reply_markup=InlineKeyboardMarkup(rows))
        return True
    view = answer_view(index, topic, context.lang, _, more=True)
    if view is None:
        return False
    private = message.chat.type == ChatType.PRIVATE
    view = await _as_personal(context, topic.id, view, private)
    await message.reply_text(view[0], reply_markup=view[1])
    _shown(context, topic.id, longer=True)
    return True


def faq_index(context: BotContext) -> service.FaqIndex:
    index = context.runtime.extras.get("faq_index")
    return index if isinstance(index, service.FaqIndex) else service.FaqIndex()


#: Written in a topic's answer or longer text, becomes the city of the zone reminders use for
#: people who set none (``BOT_DEFAULT_TZ``): "reminders come at {default_zone} time".
DEFAULT_ZONE_MARK = service.DEFAULT_ZONE_MARK


def _text(topic: TopicRecord, lang: str) -> TopicText | None:
    text = topic.texts.get(lang) or topic.texts.get("en")
    if text is None or DEFAULT_ZONE_MARK not in text.answer + text.more:
        return text
    # a zone's city reads the same all year; only a fixed offset has no city ("UTC+3")
    zone = default_zone_name(lang, datetime.now(UTC))
    return replace(
        text,
        answer=text.answer.replace(DEFAULT_ZONE_MARK, zone),
        more=text.more.replace(DEFAULT_ZONE_MARK, zone),
    )


def _related_buttons(
    index: service.FaqIndex, topic: TopicRecord, lang: str
) -> list[list[InlineKeyboardButton]]:
    related = (index.topics.get(r) for r in topic.related)
    buttons = (_topic_button(r, lang) for r in related if r is not None)
    return [[b] for b in buttons if b is not None][:MAX_RELATED]


def _menu_button(_: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(_("faq.all_topics"), callback_data=callbacks.pack(PREFIX, "menu"))]


def with_language_hint(reply: str, asked: str, lang: str) -> str:
    """``reply``, and how to switch languages, in the language ``asked`` is written in, when
    that is another than the app's ``lang`` (asked in Azerbaijani, answered in Russian)."""
    written = written_in(asked)
    if written is None or written == lang:
        return reply
    return f"{reply}\n\n{gettext(written, 'faq.language_hint')}"


def all_topics_markup(_: Translator) -> InlineKeyboardMarkup:
    """The "📚 All topics" button alone."""
    return InlineKeyboardMarkup([_menu_button(_)])


def answer_view(
    index: service.FaqIndex, topic: TopicRecord, lang: str, _: Translator, *, more: bool
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The short answer (or the longer text) of a topic with its buttons (rendered once per
    index, topic and language: ``_`` must be ``lang``'s translator)."""
    key = (topic.id, lang, more)
    if key not in index.views:
        index.views[key] = _render_answer(index, topic, lang, _, more=more)
    view: tuple[str, InlineKeyboardMarkup] | None = index.views[key]
    return view


def _render_answer(
    index: service.FaqIndex, topic: TopicRecord, lang: str, _: Translator, *, more: bool
) -> tuple[str, InlineKeyboardMarkup] | None:
    text = _text(topic, lang)
    if text is None:
        return None
    # the longer text replaces the answer in place, so it keeps the answer on top
    body = f"{text.answer}\n\n{text.more}" if more and text.more != text.answer else text.answer
    rows = []
    if not more and text.more != text.answer:
        rows.append(
            [
                InlineKeyboardButton(
                    _("faq.more"), callback_data=callbacks.pack(PREFIX, "m", topic.id)
                )
            ]
        )
    rows += _related_buttons(index, topic, lang)
    rows.append(_menu_button(_))
    message = f"<b>{_escape(text.title)}</b>\n\n{_escape(body)}"
    return message, InlineKeyboardMarkup(rows)


def _topic_button(topic: TopicRecord, lang: str) -> InlineKeyboardButton | None:
    text = _text(topic, lang)
    if text is None:
        return None
    return InlineKeyboardButton(text.title, callback_data=callbacks.pack(PREFIX, "t", topic.id))


def topics_menu(index: service.FaqIndex, lang: str, _: Translator) -> InlineKeyboardMarkup:
    buttons = [b for b in (_topic_button(t, lang) for t in index.ordered()) if b is not None]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


# -- commands ---------------------------------------------------------------------------------
async def _holiday_card(update: Update, context: BotContext, topic_id: str) -> None:
    message = update.effective_message
    if message is None:
        return
    _ = context._
    index = faq_index(context)
    topic = index.topics.get(topic_id)
    text = _text(topic, context.lang) if topic else None
    if topic is None or text is None:
        await message.reply_text(_("faq.unavailable"))
        return
    parts = [f"<b>{_escape(text.title)}</b>", _escape(text.answer)]
    if text.more != text.answer:
        parts.append(_escape(text.more))
    rows = [*_related_buttons(index, topic, context.lang), _menu_button(_)]
    card, markup = await _as_holiday(
        context, topic_id, ("\n\n".join(parts), InlineKeyboardMarkup(rows))
    )
    await message.reply_text(card, reply_markup=markup)
    if message.chat.type == ChatType.PRIVATE:
        _shown(context, topic_id, longer=True)  # the card has its longer text


async def solidarity(update: Update, context: BotContext) -> None:
    """/solidarity: the World Azerbaijanis Solidarity Day card."""
    await _holiday_card(update, context, SOLIDARITY)


async def flag_day(update: Update, context: BotContext) -> None:
    """/flagday: the State Flag Day card."""
    await _holiday_card(update, context, FLAG_DAY)


async def topics(update: Update, context: BotContext) -> None:
    """/topics: browse the whole knowledge base by buttons."""
    message = update.effective_message
    if message is None:
        return
    index = faq_index(context)
    if not index.topics:
        await message.reply_text(context._("faq.unavailable"))
        return
    # in a group "just type your question" is ignored: how to ask there (a review)
    private = message.chat.type == ChatType.PRIVATE
    title = (
        context._("faq.topics_title")
        if private
        else context._("faq.topics_title_group", bot=context.bot.username)
    )
    await message.reply_text(title, reply_markup=topics_menu(index, context.lang, context._))


# -- buttons ----------------------------------------------------------------------------------
def _with_first_row(query: CallbackQuery, markup: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """``markup`` under the message's own first row when that row is another feature's (the
    places feature's "🏠 Azerbaijani Houses near Hamburg", put above the answer)."""
    shown = query.message.reply_markup if isinstance(query.message, Message) else None
    row = shown.inline_keyboard[0] if shown and shown.inline_keyboard else ()
    data = row[0].callback_data if row else None
    if isinstance(data, str) and not data.startswith(f"{PREFIX}:"):
        return InlineKeyboardMarkup([list(row), *markup.inline_keyboard])
    return markup


async def _as_holiday(
    context: BotContext, topic_id: str, view: tuple[str, InlineKeyboardMarkup]
) -> tuple[str, InlineKeyboardMarkup]:
    """A holiday's card, however it was reached (/solidarity, a question, a topic button,
    "More"), has the days to go ("31 dekabra nə qədər qalıb" asks just that) and "🔔 Remind
    me", above the last row (all topics)."""
    timezone = context.profile.timezone if context.profile else None
    now = context.clock.now()  # once: two reads could straddle midnight ("-1 days")
    # the holiday is found through its `faq` field: its id may differ from the topic's
    holiday = await service.holiday_countdown(context.store, topic_id, now, timezone)
    if holiday is None:
        return view
    holiday_id, day = holiday
    text, markup = view
    if day is not None:
        _ = context._
        days = (day - service.local_today(now, timezone)).days
        countdown = (
            _("faq.countdown.today")
            if days == 0
            else ngettext(
                context.lang,
                "faq.countdown.days",
                days,
                days=days,
                date=full_day_text(day, context.lang),
            )
        )
        text = f"{text}\n\n{countdown}"
    rows = list(markup.inline_keyboard)
    remind = [_remind_button(context._, holiday_id)]
    return text, InlineKeyboardMarkup([*rows[:-1], remind, *rows[-1:]])


async def _as_personal(
    context: BotContext, topic_id: str, view: tuple[str, InlineKeyboardMarkup], private: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """A holiday's card with its countdown; the reminders card with when this person's come:
    its text says "10:00 your time", and someone who chose 19:00 in London asked "what time
    will I get the reminder" (a review). In a private chat only: never in a group, nor in
    inline mode (that card is shared)."""
    view = await _as_holiday(context, topic_id, view)
    if topic_id != REMINDERS or context.profile is None or not private:
        return view
    settings = await reminders.settings_of(context.store, context.profile.id, context.lang)
    if settings is None:
        return view
    _ = context._
    if settings.any_holiday:
        zone = zone_name(settings.timezone, context.clock.now(), context.lang)
        line = _("faq.reminders_yours", time=hour_text(settings.hour), zone=zone)
    else:
        # and a button that subscribes, as /start's "Yes" does (a persona review: "can you
        # remind me on the holidays" got this card, and a "yes" after it nothing)
        line = _("faq.reminders_none")
        subscribe = InlineKeyboardButton(_("faq.subscribe_all"), callback_data=_SUBSCRIBE)
        return f"{view[0]}\n\n{line}", InlineKeyboardMarkup([[subscribe], *view[1].inline_keyboard])
    return f"{view[0]}\n\n{line}", view[1]


#: /start's "Yes" (the reminders feature handles it): under the reminders card too.
_SUBSCRIBE = callbacks.pack("rem", "ask", "yes")


def _remind_button(_: Translator, holiday_id: str) -> InlineKeyboardButton:
    """ "🔔 Remind me" of a holiday's card (the reminders feature handles ``rem:sub:<id>``)."""
    return InlineKeyboardButton(
        _("faq.subscribe"), callback_data=callbacks.pack("rem", "sub", holiday_id)
    )


async def button(update: Update, context: BotContext) -> None:
    """``faq:menu``, ``faq:t:<id>`` (short answer) and ``faq:m:<id>`` (the longer text)."""
    query = update.callback_query
    if query is None:
        return
    _ = context._
    index = faq_index(context)
    view: tuple[str, InlineKeyboardMarkup] | None = None
    parts = (query.data or "").split(":")
    try:
        if len(parts) == 2:
            callbacks.unpack(query.data, PREFIX, 1)
            if parts[1] == "menu" and index.topics:
                view = (_("faq.topics_title"), topics_menu(index, context.lang, _))
        else:
            kind, topic_id = callbacks.unpack(query.data, PREFIX, 2)
            topic = index.topics.get(topic_id)
            if kind in ("t", "m") and topic is not None:
                view = answer_view(index, topic, context.lang, _, more=kind == "m")
            if view is not None:
                private = query.message is not None and query.message.chat.type == ChatType.PRIVATE
                view = await _as_personal(context, topic_id, view, private)
            if kind == "m" and view is not None:  # the longer text keeps "Houses near …"
                view = (view[0], _with_first_row(query, view[1]))
    except callbacks.StaleButton:
        view = None
    if view is None:
        await query.answer(_("button.stale"), show_alert=True)
        return
    await query.answer()
    await edit_or_send(query, view[0], view[1])
    if len(parts) == 3 and query.message is not None and query.message.chat.type == "private":
        _shown(context, parts[2], longer=parts[1] == "m")  # a card, or its longer text


# -- free text --------------------------------------------------------------------------------
#: A message of at most this many words (and no question mark) that the knowledge base has
#: nothing for is chatter: "ok", "👍", "Əla" — not "How do I renew my passport?".
CHATTER_WORDS = 2
#: How many of the first topics (the holidays, Houses, schools) "no answer" offers.
NO_ANSWER_TOPICS = 4


async def question(
    update: Update,
    context: BotContext,
    first: InlineKeyboardButton | None = None,
    matches: list[service.Match] | None = None,
    text: str | None = None,
) -> None:
    """Any private text that no command or menu button took: answer from the knowledge base.
    ``first``: a button put above the answer's own (the places feature's "Houses near …");
    ``matches``: the question's matches when the caller has them already; ``text``: the
    question, if not the message's text (a photo's caption)."""
    message = update.effective_message
    if message is None:
        return
    asked = text if text is not None else message.text or ""
    _ = context._
    index = faq_index(context)
    if matches is None:
        matches = await service.find(context.store, index, asked)
    top = [[first]] if first is not None else []
    best = matches[0] if matches and matches[0].confident else None
    topic = index.topics.get(best.topic_id) if best else None
    asked_day = dates.date_named(asked) if topic is not None else None
    if (
        topic is not None
        and asked_day is not None
        and asked_day not in _dates_of(topic)
        and not await _asked_besides_the_day(context, asked, topic)
    ):
        await _no_such_day(message, context, asked_day, top)
        return
    prior = last_topic(context)
    if prior is None and message.chat.type != ChatType.PRIVATE:
        prior = replied_card(message, context)
    silent = False  # the source does not answer it (see data/unanswered.toml)
    countdown = _BARE_COUNTDOWN.fullmatch(asked.strip()) is not None
    follow_up = _POINTS_BACK.search(asked) is not None or len(asked.split()) <= 4
    other_card = topic is not None and _is_holiday_card(topic) and follow_up
    if (
        prior is not None
        and _is_holiday_card(prior)
        and (countdown or (other_card and topic is not None and topic.id != prior.id))
        and not names_other_holiday(asked)
        and dates.date_named(asked) is None
        and not await holidays_named(context, asked)
    ):
        # right after Flag Day's card, "since when is it celebrated?" is about Flag Day (a
        # review: Solidarity Day's "since 1991"): "how many days are left?" its countdown;
        # else the source is silent, with both cards' buttons (the other may be meant) —
        # unless the question, naming that card for "it", is still the card's ("how do
        # people celebrate it?" after Flag Day's, whose card says how: a persona review)
        if (
            not countdown
            and topic is not None
            and not await _asks_the_card(context, index, prior, asked)
        ):
            pair = [_topic_button(prior, context.lang), _topic_button(topic, context.lang)]
            rows = [*top, *[[b] for b in pair if b is not None], _menu_button(_)]
            await message.reply_text(
                _("faq.not_in_source"), reply_markup=InlineKeyboardMarkup(rows)
            )
            _still_about(context, prior, message)
            return
        topic = prior
    elif (
        prior is not None
        and topic is not None
        and topic.id != prior.id
        and not _names_own_title(index, topic.id, asked)
        and _points_back(asked)
        and (_is_holiday_card(prior) or not _names_title(index, topic.id, asked))
        and not names_other_holiday(asked)
        and dates.date_named(asked) is None
    ):
        # right after Solidarity Day's card, "when did it start?" is about that day, not the
        # diaspora policy's card ("started in 1993": a review read it as the day's year); one
        # no topic answers ("who designed it?") still gets "no answer" (a re-review). So for
        # any card: "who created it?" after the State Committee's got the online schools'
        # ("set up on the initiative of…"; a conversation review) — unless that question
        # about that card is one the source does not answer ("who created it?" after Flag
        # Day's: a persona review), whose card first among the maybes
        if await _source_silent_on_the_card(context, index, prior, asked):
            topic, silent = None, True
        else:
            topic = prior
    elif (
        prior is not None
        and topic is None
        and _is_holiday_card(prior)
        and len(asked.split()) <= _POINTS_BACK_WORDS  # first: the pattern has ".*"
        and _WHEN_IS_IT.search(asked) is not None
        and not names_other_holiday(asked)
    ):
        # right after a holiday's card, "а когда это?", "when is it?": its card, with its date
        # (a conversation review: "no answer"; "who designed it?" still gets one)
        topic = prior
    elif prior is not None and topic is None and _points_back(asked):
        # "onu necə qeyd edirlər?" (how do they mark it?) after Flag Day's card reached no
        # card at all (a review): the card named for "it" if it says that, else "not in my
        # source" if the source does not, else not understood, the card first among maybes
        if await _asks_the_card(context, index, prior, asked):
            topic = prior
        elif await _source_silent_on_the_card(context, index, prior, asked):
            silent = True
    elif topic is None or _is_holiday_card(topic) or _asks_day(asked) == 1:
        # "what holiday is tomorrow" reached the reminders card ("…tomorrow")
        topic = await _next_holiday_topic(context, topic, asked) or topic
    view = answer_view(index, topic, context.lang, _, more=False) if topic else None
    if view is not None and topic is not None:
        private = message.chat.type == ChatType.PRIVATE
        view = await _as_personal(context, topic.id, view, private)
        day = _asks_day(asked)
        if _is_holiday_card(topic) and day is not None and await _no_holiday_on(context, day):
            # "what holiday is today?" on another day: no, and the next one's card
            no = _("faq.not_today") if day == 0 else _("faq.not_tomorrow")
            view = (f"{no}\n\n{view[0]}", view[1])
    if view is not None:
        view = (with_language_hint(view[0], asked, context.lang), view[1])
    if view is None:
        # "Wann ist der Tag der Solidarität?": which languages it reads, too
        foreign = f"\n\n{_('faq.languages_only')}" if other_language(asked) else ""
        likely = service.suggestions(matches, asked)
        if prior is not None and _points_back(asked):
            # "who leads it?" right after a card: that card first among the maybes
            likely = [prior.id, *(t for t in likely if t != prior.id)]
        offered = [index.topics[t] for t in likely if t in index.topics]
        buttons = [b for b in (_topic_button(t, context.lang) for t in offered) if b is not None]
        if silent or (matches and matches[0].unanswered):  # "who designed the flag?"
            rows = [*top, *[[b] for b in buttons], _menu_button(_)]
            await message.reply_text(
                _("faq.not_in_source") + foreign, reply_markup=InlineKeyboardMarkup(rows)
            )
            _still_about(context, prior, message)
            return
        if buttons:
            rows = [*top, *[[b] for b in buttons], _menu_button(_)]
            await message.reply_text(
                _("faq.maybe") + foreign, reply_markup=InlineKeyboardMarkup(rows)
            )
            return
        raw = asked
        if len(raw.split()) <= CHATTER_WORDS and "?" not in raw:
            # "ok", "👍", "hmm", "Əla": a word back and what the bot does, not a wall of topics
            rows = [*top, _menu_button(_)]
            await message.reply_text(
                _("faq.chatter") + foreign, reply_markup=InlineKeyboardMarkup(rows)
            )
            return
        if message.chat.type == ChatType.PRIVATE:
            # the first topics and "All topics" (two reviews: a wall of 22 buttons for a
            # follow-up like "а в 9 утра можно" is a full screen of unrelated choices)
            leading = index.ordered()[:NO_ANSWER_TOPICS]
            firsts = [b for b in (_topic_button(t, context.lang) for t in leading) if b]
            rows = [*top, *[[b] for b in firsts], _menu_button(_)]
        else:  # a reply to the bot in a group: not a wall of twenty buttons for everyone
            rows = [*top, _menu_button(_)]
        markup = InlineKeyboardMarkup(rows) if rows else None
        await message.reply_text(_("faq.dont_know") + foreign, reply_markup=markup)
        return
    markup = InlineKeyboardMarkup([*top, *view[1].inline_keyboard]) if top else view[1]
    sent = await message.reply_text(view[0], reply_markup=markup)
    if topic is not None and message.chat.type == ChatType.PRIVATE:
        _shown(context, topic.id)
        if any(b.callback_data == _SUBSCRIBE for row in markup.inline_keyboard for b in row):
            # a typed "yes" answers it too
            open_question.ask(context, open_question.CARD_SUBSCRIBE, sent.message_id)


def _still_about(context: BotContext, prior: TopicRecord | None, message: Message) -> None:
    """After "my source doesn't say" to a question after a card, the talk is still about that
    card: "when was it first celebrated?" after Flag Day's, then "kim təsis edib onu?" (who
    established it?) got Solidarity Day's card (a persona review)."""
    if prior is not None and message.chat.type == ChatType.PRIVATE:
        _shown(context, prior.id)


def _dates_of(topic: TopicRecord) -> frozenset[tuple[int, int]]:
    """Every day of the year the topic's texts mention, in any language."""
    found: frozenset[tuple[int, int]] = frozenset()
    for text in topic.texts.values():
        for part in (text.title, text.answer, text.more, *text.questions, *text.keywords):
            found |= dates.dates_in(part)
    return found


def _is_holiday_card(topic: TopicRecord) -> bool:
    """A holiday's card: its title has its date ("Solidarity Day (31 December)")."""
    return any(dates.dates_in(t.title) for t in topic.texts.values())


def _names_title(index: service.FaqIndex, topic_id: str, text: str) -> bool:
    """Whether ``text`` names the topic by a word of its title before the word that points
    back, as what it asks about: "First Congress - when was it?", "Съезд, когда он был?"
    after the Houses' card (a review: the Houses' card again); not "is it online too?" after
    the schools' card, whose "online" says what "it" is (a re-review: the online schools'
    card), nor "and when was it founded?", which names nothing."""
    pointer = _POINTS_BACK.search(text)
    if pointer is None:
        return index.in_title(topic_id, _title_words(index, text)) > 0
    # ... or after it, set off by a comma or a dash: "when was it, the First Congress?", "а
    # когда он был, первый съезд?" (a review: the Houses' card again)
    after = _SET_OFF.split(text[pointer.end() :], maxsplit=1)[1:]
    named = " ".join([text[: pointer.start()], *after])
    return index.in_title(topic_id, _title_words(index, named)) > 0


#: A comma or dash that sets off what follows: "when was it, the First Congress?".
_SET_OFF = re.compile(r",|\s[-–—]\s")


def _title_words(index: service.FaqIndex, text: str) -> list[str]:
    """The words of ``text`` that may name a topic: stemmed, not a number, a month, a generic
    word or a word for "holiday"; each once (callers ask whether any names a title, and a
    4,096-character reply of "и флаг " repeated took 24 ms: a review)."""
    return [
        service.stem(index.correct(w) or w)  # "bayrağımızın" is "bayraq" + "-ımızın"
        for w in dict.fromkeys(service.words(text))
        if not w.isdigit()
        and not service.generic(w)
        and not dates.is_month(w)
        and not _HOLIDAY_WORD.search(w)
    ]


def _names_own_title(
    index: service.FaqIndex, topic_id: str, text: str, among: Iterable[str] | None = None
) -> bool:
    """Whether ``text`` has a word of the topic's title that no other title (of ``among``,
    or all) has, not a month, a number or a generic word: "Solidarity", "флаг", "Həmrəylik".
    "Государственный праздник" is not State Flag Day's (the State Committee's title has it
    too); among the holidays' cards alone, "Bayraq" is (the reminders' title has "Bayram").
    A word for "holiday" names none: "bayramdı" (it is a holiday) is cut to "bayra", which
    began Flag Day's "Bayrağı" (a review: "bu gün hansı bayramdı" got Flag Day's card)."""
    asked = _title_words(index, text)
    titles = list(index.topics if among is None else among)
    own = [a for a in asked if sum(index.in_title(t, [a]) for t in titles) == 1]
    return index.in_title(topic_id, own) > 0


async def _holiday_cards(context: BotContext) -> list[tuple[HolidayRow, TopicRecord]]:
    """Each holiday in the file (by date) with its card, if the knowledge base has one."""
    index = faq_index(context)
    return [
        (holiday, card)
        for holiday in await subscriptions.all_holidays(context.store)
        if (card := index.topics.get(holiday.faq_id or holiday.id)) is not None
    ]


async def only_a_holiday(context: BotContext, text: str, fillers: frozenset[str]) -> bool:
    """Whether every word of ``text`` is a word of a holiday card's title ("flag", "дня",
    "Həmrəylik"), a day or a month, or one of ``fillers`` (normalised words): nothing else
    is asked or said beside the holiday."""
    index = faq_index(context)
    cards = [card.id for _holiday, card in await _holiday_cards(context)]
    holidays = await subscriptions.all_holidays(context.store)
    # the words of the holidays' own names too: a holiday with no card is named by them
    # (a review: "yes, only novruz" subscribed to everything)
    named = set().union(
        *(w for ws in (await _own_name_words(context, holidays)).values() for w in ws)
    )
    for word in service.normalize(text).split():
        if word in fillers or word.isdigit() or dates.is_month(word):
            continue
        stem = service.stem(index.correct(word) or word)
        if stem not in named and not any(index.in_title(card, [stem]) for card in cards):
            return False
    return True


async def holidays_named(context: BotContext, text: str) -> list[HolidayRow]:
    """The holidays ``text`` names, by a word of its card's title that no other holiday's
    card has ("flag", "дне флага", "Həmrəylik"), by its date ("31 December"), or, for a
    holiday with no card, by the words of its own name that no other holiday's has
    ("Independence" of "Independence Day"; see :func:`_says_name`)."""
    index = faq_index(context)
    holidays = await subscriptions.all_holidays(context.store)
    pairs = [(h, index.topics.get(h.faq_id or h.id)) for h in holidays]
    cards = [card.id for _holiday, card in pairs if card is not None]
    days = set(dates.dates_named(text))
    rest = dates.without_dates(text)
    own = await _own_name_words(context, holidays) if len(cards) < len(holidays) else {}
    asked = set(_name_stems(rest)) if own else set()
    return [
        holiday
        for holiday, card in pairs
        if (holiday.month, holiday.day) in days
        or (card is not None and _names_own_title(index, card.id, rest, among=cards))
        or (card is None and _says_name(asked, own.get(holiday.id, [])))
    ]


def _says_name(asked: set[str], names: list[set[str]]) -> bool:
    """Whether the stems ``asked`` name a holiday whose names (one set of own words per
    language) are ``names``: every own word of one of them ("independence"; "new" and
    "year"), or two ("national salvation" of a longer name). One common word of a longer
    name is not enough: "remind me of new holidays" is no New Year (a review)."""
    return any(found and (found <= asked or len(found & asked) >= 2) for found in names)


def _name_stems(text: str) -> list[str]:
    """The stemmed words of a holiday's name or of what is asked, generic ones ("year",
    "day") included: "New Year" is "new" and "year", not "new" alone (a review)."""
    return [
        service.stem(w) for w in service.words(text) if not w.isdigit() and not dates.is_month(w)
    ]


async def _own_name_words(
    context: BotContext, holidays: list[HolidayRow]
) -> dict[str, list[set[str]]]:
    """Each holiday's name words, one set per language (az, en, ru; stemmed), without those
    another holiday's name has: an operator's new holiday with no card in the knowledge base
    is named by them (a content editor's review: "remind me on Independence Day" was refused
    while the refusal listed "Independence Day (18 October)")."""
    names: dict[str, list[set[str]]] = {h.id: [] for h in holidays}
    for language in LANGUAGES:
        texts = await subscriptions.holiday_texts(context.store, language)
        for holiday_id, text in texts.items():
            if holiday_id in names:
                names[holiday_id].append(set(_name_stems(text.name)))
    owner: dict[str, set[str]] = {}
    for holiday_id, found in names.items():
        for word in set().union(*found):
            owner.setdefault(word, set()).add(holiday_id)
    return {
        h: [{w for w in name if len(owner[w]) == 1} for name in found] for h, found in names.items()
    }


#: A question that counts the days: "bayrama neçə gün qalıb", "сколько дней до праздника".
_COUNTDOWN = re.compile(
    r"ne[çc][əe]\s+g[üu]n|n[əe]\s+q[əe]d[əe]r\s+qal|сколько\s+(?:дней|осталось)"
    r"|how\s+(?:many\s+days|long)(?:\s+(?:are|is))?\s+(?:until|till|left|to|before)"
    r"|days\s+(?:left|until|till|to\s+go)",
    re.IGNORECASE,
)
#: Holidays the bot has no card for: "Novruz bayramına neçə gün qalıb" is not the next of
#: ours (a review: it got Solidarity Day's countdown).
_OTHER_HOLIDAYS = re.compile(
    r"novruz|новруз|nowruz|nevruz|navruz|навруз|qurban|kurban|курбан|гурбан|ramazan|рамазан"
    r"|ramadan"
    r"|рамадан|\beid\b|\beaster\b|\bпасх|\bpasxa|m[üu]st[əe]qillik|независимост|independence"
    r"|yeni\s+il|нов\w*\s+год|new\s+year|christmas|рождеств|z[əe]f[əe]r|побед|victory"
    r"|qad[ıi]nlar|женск|women|konstitusiya|конституц|constitution|qurtulu[şs]|спасени"
    r"|silahl[ıi]|вооружен|armed\s+forces|respublika\s+g[üu]n|дн\w*\s+республик",
    re.IGNORECASE,
)


def names_other_holiday(text: str) -> bool:
    """Whether ``text`` names a holiday the bot has no card for ("Novruz", "Новый год")."""
    return _OTHER_HOLIDAYS.search(text) is not None


#: "the holiday", "bayram", "праздник": a holiday, not named.
_HOLIDAY_WORD = re.compile(r"holiday|bayram|праздник", re.IGNORECASE)
#: Today: "what holiday is today", "сегодня праздник?", "bu gün hansı bayramdır" (not "bu
#: günü", this day).
_TODAY = re.compile(r"\b(?:today|todays|сегодня|bug[üu]n)\b", re.IGNORECASE)
#: ... "bu gün" is also "this day" ("bu gün niyə qeyd olunur": why is it marked): today only
#: with a holiday word ("bu gün hansı bayramdır").
_TODAY_AZ = re.compile(r"\bbu\s+g[üu]n\b", re.IGNORECASE)
#: How short a question about today's holiday is: "как сегодня отмечают праздник в
#: Берлине" (six words) asks how, not whether.
_TODAY_WORDS = 5


def _asks_day(text: str) -> int | None:
    """The day a short question asks is a holiday or not: 0 today ("what holiday is today",
    "сегодня праздник?", "bu gün bayramdır?", "is today flag day?": a review, on 31 December
    "bu gun hansi bayramdi" got Flag Day's card, 313 days to go), 1 tomorrow ("what holiday
    is tomorrow", "какой праздник завтра", "sabah hansı bayramdır": a persona review, not
    understood on the eve of either); None for neither."""
    if len(text.split()) > _TODAY_WORDS:
        return None
    if _TODAY.search(text) is not None or (
        _TODAY_AZ.search(text) is not None and _HOLIDAY_WORD.search(text) is not None
    ):
        return 0
    if _TOMORROW.search(text) is not None and _A_DAY.search(text) is not None:
        return 1
    return None


#: Tomorrow, with a word for a holiday or a day ("is tomorrow flag day?"; see
#: :func:`_asks_day`).
_TOMORROW = re.compile(r"\b(?:tomorrow|tomorrows|завтра|sabah|sabahki)\b", re.IGNORECASE)
_A_DAY = re.compile(r"holiday|bayram|праздник|\bday\b|\bдень\b|g[üu]n[üu]", re.IGNORECASE)


async def _no_holiday_on(context: BotContext, days: int) -> bool:
    """Whether no holiday the bot has is that many days from today, in the person's zone (a
    review: on 31 December "is today flag day?" was told that today is none of them)."""
    timezone = context.profile.timezone if context.profile else None
    now = context.clock.now()
    return all(
        service.days_until(h.month, h.day, now, timezone) != days
        for h in await subscriptions.all_holidays(context.store)
    )


#: "how many days are left?" and nothing else: after a holiday's card, its countdown.
_BARE_COUNTDOWN = re.compile(
    r"(?:and\s+|а\s+|bəs\s+)?(?:how\s+many\s+days\s+(?:are\s+)?(?:left|to\s+go)"
    r"|сколько\s+(?:дней\s+)?(?:ещё\s+|еще\s+)?осталось|сколько\s+осталось\s+дней"
    r"|ne[çc][əe]\s+g[üu]n\s+qal(?:ıb|ib)|n[əe]\s+q[əe]d[əe]r\s+qal(?:ıb|ib))"
    r"(?:\s+(?:to\s+it|до\s+него|до\s+праздника|bayrama|until\s+it))?\W*",
    re.IGNORECASE,
)
#: "When is it?" about the card just shown: "а когда это?", "when is it", "o nə vaxtdır".
_WHEN_IS_IT = re.compile(
    r"\b(?:когда|when|n[əe]\s+vaxt\w*|ha[çc]an)\b.*\b(?:это|он|она|it|o|bu)\b"
    r"|\b(?:это|он|она|it|o|bu)\b.*\b(?:когда|when|n[əe]\s+vaxt\w*|ha[çc]an)\b"
    # "hangi gün?", "which day?", "какого числа?" alone (a persona review: not understood)
    r"|^\W*(?:hans[ıi]|hangi|what|which|как(?:ой|ого))\s+(?:g[üu]n\w*|day|date|числа|день)\W*$"
    # "ne vaxtdı?", "а когда?", "when?" alone (a persona review: "no answer")
    r"|^\W*(?:а\s+|and\s+|b[əe]s\s+)?(?:когда|when|n[əe]\s+vaxt\w*|ha[çc]an\w*|ne\s+zaman)\W*$",
    re.IGNORECASE,
)
#: How short a question pointing back at a holiday's card is about it, whatever topic its
#: other words reach ("when did it start?"), or any card's ("who created it?").
_POINTS_BACK_WORDS = 6
#: A question that points back at the card just shown: "since when is it celebrated?",
#: "а с какого года его отмечают?", "onu kim təsis edib?".
_POINTS_BACK = re.compile(
    r"\b(?:it|its|this\s+day|that\s+day|его|её|ее|он|она|него|этот\s+день|onu|onun|bu\s+günü"
    # "who declared this holiday?" after Solidarity Day's card got "not sure" (a persona
    # review; "kim elan edib bu bayramı?" was answered only as the FAQ's best guess)
    r"|this\s+holiday|that\s+holiday|этот\s+праздник|этого\s+праздника|этом\s+празднике"
    r"|bu\s+bayram[ıi]?|bu\s+bayramın)\b",
    re.IGNORECASE,
)


async def _card_named(
    context: BotContext, index: service.FaqIndex, card: TopicRecord, asked: str
) -> list[service.Match]:
    """The matches of ``asked`` with the card's title for the word pointing back at it ("how
    do people celebrate State Flag Day"), or before it when nothing points back."""
    pointer = _POINTS_BACK.search(asked)
    text = card.texts.get(context.lang) or next(iter(card.texts.values()), None)
    if text is None:
        return []
    title = _DATE_IN_TITLE.sub("", text.title)  # "State Flag Day (9 November)": its name
    if pointer is None:  # "necə qeyd olunur?" (how is it marked?) right after the card
        return await service.find(context.store, index, f"{title} {asked}")
    return await service.find(
        context.store, index, f"{asked[: pointer.start()]}{title}{asked[pointer.end() :]}"
    )


async def _asks_the_card(
    context: BotContext, index: service.FaqIndex, card: TopicRecord, asked: str
) -> bool:
    """Whether ``asked``, naming the card for "it", finds that card, confidently; never a
    "why" ("why do we celebrate it?": "why" is no word the knowledge base weighs, so it reads
    as "how do we celebrate it", which the card says, not why; a review)."""
    if _WHY.search(asked):
        return False
    # ... and its other words must be the card's: the title alone finds the card for "who
    # designed it?", "а он выходной?" (is it a day off?), which it does not say (a review)
    if not index.says_all(card.id, _POINTS_BACK.sub(" ", asked)):
        return False
    again = await _card_named(context, index, card, asked)
    return bool(again) and again[0].confident and again[0].topic_id == card.id


async def _source_silent_on_the_card(
    context: BotContext, index: service.FaqIndex, card: TopicRecord, asked: str
) -> bool:
    """Whether ``asked``, naming the card for "it", is a question the source does not answer
    ("who created State Flag Day?", see ``data/unanswered.toml``)."""
    again = await _card_named(context, index, card, asked)
    return bool(again) and again[0].unanswered


#: "Why": a reason asked for.
_WHY = re.compile(r"\b(?:why|почему|зачем|отчего|niy[əe]|n[əe]\s+[üu][çc][üu]n)\b", re.IGNORECASE)
#: A title's date in brackets: "(9 November)".
_DATE_IN_TITLE = re.compile(r"\s*\([^()]*\)")


def asks_about_the_card(asked: str) -> bool:
    """Whether ``asked`` is a short question about the card just shown ("а когда он?", "which
    day?", "who made it?"), not talk under it ("кто идёт?", "why?": a review)."""
    return _points_back(asked) or (
        len(asked.split()) <= _POINTS_BACK_WORDS and _WHEN_IS_IT.search(asked) is not None
    )


def _points_back(asked: str) -> bool:
    """A short question about the card just shown: "when did it start?", "кто его создал"."""
    return _POINTS_BACK.search(asked) is not None and len(asked.split()) <= _POINTS_BACK_WORDS


async def _next_holiday_topic(
    context: BotContext, topic: TopicRecord | None, text: str
) -> TopicRecord | None:
    """ "bayrama neçə gün qalıb?", "сколько дней до праздника": the days to a holiday not
    named are the days to the next one. A review: Flag Day's card counted 346 days, with
    Solidarity Day 33 days away ("bayrama" and "bayrağa" share their first letters)."""
    index = faq_index(context)
    day = _asks_day(text)
    asked = _COUNTDOWN.search(text) or day is not None
    if not asked or (topic is None and not _HOLIDAY_WORD.search(text)):
        return None  # with no topic found: "how many days until the holiday"
    if _OTHER_HOLIDAYS.search(text) or dates.date_named(text) is not None:
        return None  # another holiday, or a day named: "how many days until 31 December"
    timezone = context.profile.timezone if context.profile else None
    now = context.clock.now()
    upcoming = []
    for holiday, card in await _holiday_cards(context):
        days = service.days_until(holiday.month, holiday.day, now, timezone)
        if days is not None and days >= (day or 0):  # "tomorrow" on 9 November: not today's
            upcoming.append((days, card.id))
    cards = [card for _days, card in upcoming]
    if not upcoming or topic and _names_own_title(index, topic.id, text, among=cards):
        return None
    nearest = index.topics[min(upcoming)[1]]
    return nearest if topic is None or nearest.id != topic.id else None


async def _asked_besides_the_day(context: BotContext, text: str, topic: TopicRecord) -> bool:
    """Whether the question is the topic's even without the day it names. A holiday's card
    (its title has its date) only if the question names the holiday ("Is Solidarity Day on
    30 December?"): "что празднуют 1 декабря" is not Solidarity Day's. Another topic if the
    knowledge base still picks it without the day: "I subscribed on 5 December, when will I
    get the reminder?" is the reminders card. (A review of the first version, which let any
    day in passing take the answer away.)"""
    index = faq_index(context)
    rest = dates.without_dates(text)
    if _is_holiday_card(topic):
        return _names_own_title(index, topic.id, rest)
    again = await service.find(context.store, index, rest)
    return bool(again) and again[0].confident and again[0].topic_id == topic.id


async def _no_such_day(
    message: Message,
    context: BotContext,
    day: tuple[int, int],
    top: list[list[InlineKeyboardButton]],
) -> None:
    """ "31 avqust nə günüdür?", "what is december 30": a day no topic mentions. The knowledge
    base matched these to Solidarity Day's card ("dekabr", "günü"), as if that were the
    answer (a review); the holidays the bot knows, with their cards, instead."""
    _ = context._
    names = await subscriptions.holiday_texts(context.store, context.lang)
    known, rows = [], list(top)
    for holiday in await subscriptions.all_holidays(context.store):
        name = names[holiday.id].name if holiday.id in names else holiday.id
        known.append(f"{name}: {day_text(holiday.month, holiday.day, context.lang)}")
    for _holiday, card in await _holiday_cards(context):
        if (button := _topic_button(card, context.lang)) is not None:
            rows.append([button])
    text = _("faq.no_such_day", day=day_text(*day, context.lang), holidays="\n".join(known))
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup([*rows, _menu_button(_)]))


# -- inline mode ------------------------------------------------------------------------------
async def inline(update: Update, context: BotContext) -> None:
    """``@bot words`` in any chat: matching answers as cards to share."""
    query = update.inline_query
    if query is None:
        return
    _ = context._
    index = faq_index(context)
    if query.query.strip():
        matches = await service.find(context.store, index, query.query)
        found = [index.topics[m.topic_id] for m in matches if m.confident]
    else:
        found = index.ordered()
    results = []
    for topic in found[:MAX_INLINE_RESULTS]:
        text = _text(topic, context.lang)
        if text is None:
            continue
        card = f"<b>{_escape(text.title)}</b>\n\n{_escape(text.answer)}"
        results.append(
            InlineQueryResultArticle(
                id=topic.id,
                title=text.title,
                description=text.answer[:200],
                input_message_content=InputTextMessageContent(card, parse_mode="HTML"),
            )
        )
    button = InlineQueryResultsButton(_("faq.inline_open"), start_parameter=START_TOPICS)
    await query.answer(results, cache_time=60, is_personal=True, button=button)
