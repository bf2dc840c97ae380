"""/broadcast (preview, audience, Confirm / Cancel), its progress and report, /broadcasts and
/cancel_broadcast. The sending itself is :class:`bot.broadcast.BroadcastRunner`."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sys
import warnings
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    Job,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import callbacks, intents
from bot.broadcast import (
    DRAFT_EXPIRY,
    SOURCE_GONE,
    Audience,
    BroadcastRunner,
    Progress,
    Report,
    audience,
    choose_audience,
    freeze_recipients,
    live_progress,
    report_of,
)
from bot.context import BotContext, Runtime
from bot.delivery import workers_for
from bot.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    Html,
    Translator,
    gettext,
    translator,
    without_tags,
)
from bot.store import Store, broadcasts, groups, users
from bot.store.broadcasts import Broadcast
from handlers import privacy
from handlers.admin import cancelled_text, country_name, is_admin, preview_note
from handlers.intents import answer_question
from handlers.replies import edit_buttons, edit_or_send, fit_blocks
from handlers.start import menu_labels

log = logging.getLogger(__name__)

PREFIX = "bc"
WAITING_FOR_CONTENT = 1
CONVERSATION_TIMEOUT = 15 * 60  # seconds an admin has to send the announcement
#: Every country with recipients, two to a row (Telegram takes 100 buttons in a keyboard): an
#: organisation in a small country must find its own, not only the 12 largest.
MAX_COUNTRY_BUTTONS = 98
#: A text this long may be the first part of a longer one the Telegram app split (4,096 each).
NEAR_LIMIT = 4000
RUNNER = "broadcast_runner"
ALBUMS = "broadcast_albums"
#: An album arrives as one message per item; it is complete this many seconds after the last.
ALBUM_WAIT = 1.5

AnyApplication = Application[Any, BotContext, Any, Any, Any, Any]


# -- wiring ------------------------------------------------------------------------------------
def conversation(
    entry: Callable[[Update, BotContext], Coroutine[Any, Any, int]],
) -> ConversationHandler[BotContext]:
    """``/broadcast`` → (the next message) → preview. Per admin, in private chats; /cancel,
    /forget's "Yes" and a timeout end it, and a new /broadcast starts over."""
    with warnings.catch_warnings():
        # PTB warns that a CallbackQueryHandler is not tracked per message: the /forget button
        # is meant per chat, as the rest of the conversation
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                CommandHandler("broadcast", _kept(entry), filters=filters.ChatType.PRIVATE)
            ],
            states={
                WAITING_FOR_CONTENT: [
                    # a menu button pressed meanwhile is that button, not the announcement
                    # ("🏠 Azerbaijani Houses" was previewed as one: an admin's review)
                    MessageHandler(
                        filters.ChatType.PRIVATE
                        & ~filters.COMMAND
                        & ~filters.Text(sorted(menu_labels())),
                        _kept(content_received),
                    )
                ],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            # /forget's "Yes" ends it too, whenever /forget was asked: an announcement the
            # admin began must not outlive their data (the next message taken as a draft, the
            # time-out job holding their update). "No" leaves it waiting.
            fallbacks=[
                CommandHandler("cancel", _kept(cancel_conversation)),
                CallbackQueryHandler(_kept(forget_answered), pattern=callbacks.pattern("fg")),
            ],
            conversation_timeout=CONVERSATION_TIMEOUT,
            allow_reentry=True,
            name="broadcast",
        )


def _kept(
    callback: Callable[[Update, BotContext], Coroutine[Any, Any, int | None]],
) -> Callable[[Update, BotContext], Coroutine[Any, Any, int | None]]:
    """``callback`` of the /broadcast conversation, with its wait kept in SQLite as well: a
    restart ends PTB's wait (in memory), and the bot then says so (see :func:`_resume`)."""

    async def kept(update: Update, context: BotContext) -> int | None:
        state = await callback(update, context)
        person = update.effective_user
        if state is None or person is None or context.profile is None:
            return state  # no change; or nobody the bot stores (a stranger, a /forget)
        if not context.settings.is_admin(person.id):
            return state  # "/broadcast" typed by anyone else: it never waited
        if state == WAITING_FOR_CONTENT:
            await broadcasts.set_waiting(context.store, person.id, context.clock.now())
        else:
            await broadcasts.end_waiting(context.store, person.id)
        return state

    return kept


@cache  # one per language: every recipient's copy carries the same
def stop_button(lang: str, preview: bool = False) -> InlineKeyboardMarkup:
    """Under an announcement to a person: "🔕 No more announcements" (the English review: bare
    text, with no way to stop it but "report spam", which gets a bot limited). In the
    admin's preview it only says what it does: pressing it had turned off the admin's own
    announcements."""
    label = gettext(lang, "broadcast.btn_stop")
    action = "preview" if preview else "off"
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=callbacks.pack("rem", "ann", action))]]
    )


async def send_broadcast(
    bot: Bot,
    broadcast: Broadcast,
    chat_id: int,
    *,
    paid: bool,
    lang: str | None = None,
    preview: bool = False,
) -> object:
    """The one Bot API call that delivers ``broadcast`` to ``chat_id`` (also the preview);
    with ``lang`` (a person's), the button that stops announcements under it (an album can
    carry none: Telegram's copyMessages takes no buttons)."""
    allow_paid = True if paid else None
    markup = stop_button(lang, preview) if lang is not None else None
    if broadcast.kind == "text" and broadcast.text is not None:
        return await bot.send_message(
            chat_id, broadcast.text, allow_paid_broadcast=allow_paid, reply_markup=markup
        )
    if broadcast.album and broadcast.from_chat_id is not None:
        # the whole album in one request, grouped as the admin sent it (Telegram offers no
        # paid broadcast for copyMessages: albums go at the normal rate)
        return await bot.copy_messages(chat_id, broadcast.from_chat_id, broadcast.album_ids)
    if broadcast.from_chat_id is not None and broadcast.source_message_id is not None:
        return await bot.copy_message(
            chat_id,
            broadcast.from_chat_id,
            broadcast.source_message_id,
            allow_paid_broadcast=allow_paid,
            reply_markup=markup,
        )
    raise ValueError(f"broadcast {broadcast.id} has nothing to send")


async def start_runner(app: AnyApplication, runtime: Runtime) -> BroadcastRunner:
    """Called from post_init once the store is open: make the runner, resume after start."""
    store = runtime.store
    if store is None:
        raise RuntimeError("open the store before starting the broadcast runner")
    settings = runtime.settings
    bot = app.bot

    # each recipient's language, read once per broadcast (not a query per send: the sender's
    # bookkeeping is measured against a bare send loop, benchmarks/broadcast.py)
    languages: dict[int, dict[int, str]] = {}
    reading = asyncio.Lock()  # the sender's workers start together: one of them reads

    async def language_of(broadcast_id: int, user_id: int) -> str:
        if broadcast_id not in languages:
            async with reading:
                if broadcast_id not in languages:
                    if len(languages) >= 4:  # older broadcasts' (done, or read again)
                        languages.clear()
                    rows = await store.fetchall(
                        "SELECT u.id, u.language FROM broadcast_recipients r JOIN users u"
                        " ON u.id = r.user_id WHERE r.broadcast_id = ?",
                        (broadcast_id,),
                    )
                    # three distinct strings, not one per row: a million recipients' map
                    # had held a million copies of "az" (a review measured 119 MiB kept)
                    languages[broadcast_id] = {int(r[0]): sys.intern(str(r[1])) for r in rows}
        return languages[broadcast_id].get(user_id, DEFAULT_LANGUAGE)

    async def send(broadcast: Broadcast, user_id: int) -> object:
        lang = None  # a group gets no stop button: its admins turned announcements on there
        if not groups.is_group(user_id):
            lang = await language_of(broadcast.id, user_id)
        return await send_broadcast(
            bot, broadcast, user_id, paid=settings.paid_broadcast, lang=lang
        )

    async def on_progress(broadcast: Broadcast, progress: Progress) -> None:
        await _show_progress(bot, store, broadcast, progress)

    async def on_report(broadcast: Broadcast, report: Report) -> None:
        languages.pop(broadcast.id, None)  # done: not kept until four more broadcasts
        await _show_report(bot, store, broadcast, report)

    async def on_pause(broadcast: Broadcast, progress: Progress, outage: bool) -> None:
        await _show_paused(bot, store, broadcast, progress, outage=outage)

    runner = BroadcastRunner(
        store,
        send,
        clock=runtime.clock,
        workers=workers_for(1000.0 if settings.paid_broadcast else settings.send_rate),
        spawn=lambda coro: app.create_task(coro, name="broadcast"),
        keep_going=lambda: app.running,
        on_progress=on_progress,
        on_report=on_report,
        on_pause=on_pause,
    )
    runtime.extras[RUNNER] = runner
    runtime.extras[STARTED] = runtime.clock.now()  # waits for an announcement from before
    if app.job_queue is not None:
        # Jobs run once the Application is running, so the broadcast task is tracked. At
        # start, then every few minutes: a broadcast stopped by an error (disk full) resumes
        # once the error is gone, and old drafts and recipient rows are cleared while the bot
        # runs for months.
        app.job_queue.run_repeating(
            _resume,
            interval=RESUME_EVERY,
            name="broadcast-resume",
            # the first run as soon as the scheduler starts (a start date that passed during
            # start-up would otherwise be rounded up to the next interval)
            job_kwargs={"next_run_time": datetime.now(UTC)},
        )
    else:  # pragma: no cover - the job-queue extra is a dependency
        log.warning("no JobQueue: interrupted broadcasts will not resume")
    return runner


#: When this process started its broadcast runner (``runtime.extras``).
STARTED = "broadcast_started_at"
#: How often running broadcasts are checked (and resumed if their sender stopped on an error).
RESUME_EVERY = timedelta(minutes=10)


async def _resume(context: BotContext) -> None:
    try:
        await _tell_waits_cut_short(context)
    except Exception:  # never in the way of resuming the announcements being sent
        log.exception("could not tell the admins a restart ended their /broadcast")
    await runner_of(context.runtime).resume_all()


async def _tell_waits_cut_short(context: BotContext) -> None:
    """An admin whose /broadcast was waiting for the announcement when the bot restarted is
    told the wait ended and nothing was sent (a persona review: the text sent after the
    restart got a FAQ card, with no word)."""
    started = context.runtime.extras.setdefault(STARTED, context.clock.now())
    timeout = timedelta(seconds=CONVERSATION_TIMEOUT)
    for admin_id in await broadcasts.waits_cut_short(context.store, started, timeout):
        if not context.settings.is_admin(admin_id):
            continue  # no longer an admin (BOT_ADMINS changed with the restart)
        _ = translator(await _admin_language(context.store, admin_id))
        try:
            await context.bot.send_message(admin_id, _("broadcast.restarted_while_waiting"))
        except TelegramError as exc:  # blocked the bot since, …: nothing else to do
            log.info("an admin was not told a restart ended their /broadcast: %s", exc)


def runner_of(runtime: Runtime) -> BroadcastRunner:
    runner = runtime.extras.get(RUNNER)
    if not isinstance(runner, BroadcastRunner):
        raise RuntimeError("the broadcast runner is not started (post_init has not run)")
    return runner


def _text_html(message: Message) -> str:
    """The message's text with its formatting as HTML; as plain text (escaped) when its
    entities do not fit the text (an offset inside a character that UTF-16 writes as two
    units: PTB cannot decode it; a fuzz test found the crash)."""
    try:
        ordered = sorted(message.entities, key=lambda e: (e.offset, -e.length))
        if ordered != list(message.entities):
            # PTB renders an entity inside another that starts at the same offset twice when
            # the inner one comes first ("/broadcast<b>/broadcast Hello</b>" for a bold
            # command message): the enclosing one first, as Telegram's own apps order them
            message = Message(
                message.message_id, message.date, message.chat, text=message.text, entities=ordered
            )
        return message.text_html or ""
    except (UnicodeDecodeError, IndexError, ValueError):
        log.warning("a message's formatting could not be read; kept as plain text")
        return html.escape(message.text or "")


def _after_command(text: str) -> str:
    """The HTML of ``/broadcast Hello`` after its command: "Hello". Formatting that covers the
    whole message, the command too, keeps its tags: "<b>/broadcast Hello</b>" is "<b>Hello</b>"
    (an adversarial review: a split at the first space made the draft "Hello</b>", which
    Telegram refused, and the admin was told the message could not be an announcement).
    Empty if nothing but formatting follows the command."""
    found = _COMMAND_FIRST.match(text)
    if found is None:
        return text.strip()
    # tags that held the command alone ("<b>/broadcast</b>") go; the announcement's own stay
    rest = (_EMPTY_TAG.sub("", found.group(1) + found.group(2)) + text[found.end() :]).strip()
    return rest if without_tags(rest).strip() else ""


#: Opening tags, the command, closing tags (formatting of the command alone), the spaces.
_COMMAND_FIRST = re.compile(r"((?:<[^>/][^>]*>)*)\s*/\w+(?:@\w+)?(?![\w@])((?:</[^>]+>)*)\s*")
#: "<b></b>" left where the formatting covered only the command (never applied to the rest:
#: a bold space between two links is the admin's text)
_EMPTY_TAG = re.compile(r"<(\w+)[^>]*>\s*</\1>")


# -- /broadcast --------------------------------------------------------------------------------
async def start_broadcast(update: Update, context: BotContext) -> int:
    message = update.effective_message
    person = update.effective_user
    if message is None or person is None or not await is_admin(update, context, "broadcast"):
        return ConversationHandler.END
    text = _after_command(_text_html(message))
    if text:
        broadcast_id = await broadcasts.create_draft(
            context.store,
            person.id,
            context.clock.now(),
            text=text,
            from_chat_id=message.chat.id,  # an edit of the message changes the draft
            source_message_id=message.message_id,
        )
        await _preview(context, message.chat.id, broadcast_id)
        return ConversationHandler.END
    text = context._("broadcast.ask_content")
    # an earlier preview still waiting: its Send still works (a review: no word of it)
    note = await preview_note(context, person.id)
    await message.reply_text(f"{text}\n\n{note}" if note else text)
    return WAITING_FOR_CONTENT


async def content_received(update: Update, context: BotContext) -> int:
    message = update.effective_message
    person = update.effective_user
    if message is None or person is None:
        return ConversationHandler.END
    now = context.clock.now()
    if message.media_group_id is not None:  # an album: its other items follow as messages
        key = (message.chat.id, message.media_group_id)
        album = _Album(person.id, message.chat.id, [message.message_id])
        _albums(context.runtime)[key] = album
        _wait_for_album(context, key, album)
        return ConversationHandler.END
    if message.text is not None and message.forward_origin is None:
        # "да" right after /forget's question (asked meanwhile) answers it: never a draft;
        # the wait ends only if that deleted the admin's data
        if await answer_question(update, context):
            return WAITING_FOR_CONTENT if context.profile is not None else ConversationHandler.END
        if len(message.text.split()) == 1 and intents.request_of(context, message.text) == "cancel":
            # "stop", "отмена" alone; "Отмена концерта в субботу" is an announcement
            return await cancel_conversation(update, context)
        broadcast_id = await broadcasts.create_draft(
            context.store,
            person.id,
            now,
            text=_text_html(message),
            from_chat_id=message.chat.id,  # an edit of the message changes the draft
            source_message_id=message.message_id,
        )
    else:  # a photo with caption, a forwarded post, …: copied as it is
        broadcast_id = await broadcasts.create_draft(
            context.store,
            person.id,
            now,
            from_chat_id=message.chat.id,
            source_message_id=message.message_id,
        )
    if not await _preview(context, message.chat.id, broadcast_id):
        return WAITING_FOR_CONTENT
    return ConversationHandler.END


async def draft_edited(message: Message, context: BotContext) -> None:
    """An admin edited the message an announcement was made from (a review: silence, and the
    preview kept the typo). A draft: its text follows the edit (a copied message is copied as
    it is when sent) and the preview is shown again, the old one's buttons gone. Sent or being
    sent: said that the edit changes nothing people received. Any other message: nothing."""
    person = message.from_user
    if person is None:
        return
    store = context.store
    draft = await broadcasts.made_from(store, person.id, message.chat.id, message.message_id)
    if draft is None:
        return
    _ = context._
    if draft.state == "running" and draft.kind != "text":
        # copied from this very message at each send: who has not got it yet gets the edit
        # (the text of a text announcement is stored at Send; a review)
        await message.reply_text(_("broadcast.edit_while_copying"))
        return
    if draft.state != "draft":  # sending, sent, or stopped part-way: some people have it
        await message.reply_text(_("broadcast.edit_too_late"))
        return
    if draft.kind == "text":
        text = _text_html(message)
        if (message.text or "").startswith("/"):  # "/broadcast Hello all": after the command
            text = _after_command(text)
        if not text or not await broadcasts.set_text(store, draft.id, person.id, text):
            return
    if await _preview(context, message.chat.id, draft.id) and draft.control_message_id:
        try:  # only once the new preview is there (it may fail: too long after the edit)
            await context.bot.edit_message_text(
                _("broadcast.edit_replaced"), message.chat.id, draft.control_message_id
            )
        except TelegramError as exc:  # deleted by the admin: the new preview is what counts
            log.info("an edited draft's old preview was not changed: %s", exc)


#: The admin's latest text sent while a preview waited, by message id (memory only): what
#: "✏️ Use this text" puts in the draft.
_OFFERED = "broadcast_offered_text"
#: A text this short is a question or a word, not an announcement's corrected text.
OFFER_MIN_WORDS = 4


async def offer_replacement(update: Update, context: BotContext) -> None:
    """Group 1, after the message was answered: an admin whose text announcement waits in
    its preview sent a text of some length — maybe the corrected announcement (a user-journey
    review: most admins send the text again rather than edit it; it got the Flag Day card,
    and the old preview's Send sent the typo). One button puts it in the draft."""
    message = update.message
    person = update.effective_user
    text = message.text if message is not None else None
    if (
        message is None
        or person is None
        or not text
        or message.chat.type != ChatType.PRIVATE
        or len(text.split()) < OFFER_MIN_WORDS
        or not context.settings.is_admin(person.id)
        or intents.request_of(context, text) is not None
        or context.user_data is None
    ):
        return
    draft = await broadcasts.latest_text_draft(context.store, person.id)
    if draft is None or draft.source_message_id == message.message_id:  # it is the draft
        return
    if context.clock.now() - datetime.fromisoformat(draft.created_at) >= DRAFT_EXPIRY:
        return
    context.user_data[_OFFERED] = (message.message_id, _text_html(message))
    _ = context._
    button = _draft_button(_("broadcast.use_this_text"), "use", draft, message.message_id)
    await message.reply_text(
        _("broadcast.offer_text"), reply_markup=InlineKeyboardMarkup([[button]])
    )


async def _use_text(
    update: Update, context: BotContext, broadcast_id: int, born: int | None, message_id: int
) -> None:
    query = update.callback_query
    person = update.effective_user
    if query is None or person is None or query.message is None:
        return
    draft = await _draft_of(update, context, broadcast_id, born)
    if draft is None:
        return
    offered = context.user_data.get(_OFFERED) if context.user_data is not None else None
    if not isinstance(offered, tuple) or offered[0] != message_id:  # another text since
        await query.answer(context._("button.stale"), show_alert=True)
        return
    if not await broadcasts.set_text(context.store, draft.id, person.id, offered[1], message_id):
        await query.answer(context._("broadcast.not_a_draft"), show_alert=True)
        return
    if context.user_data is not None:
        context.user_data.pop(_OFFERED, None)
    await query.answer()
    await edit_or_send(query, context._("broadcast.text_used"))
    chat_id = query.message.chat.id
    if await _preview(context, chat_id, draft.id) and draft.control_message_id:
        try:
            await context.bot.edit_message_text(
                context._("broadcast.edit_replaced"), chat_id, draft.control_message_id
            )
        except TelegramError as exc:
            log.info("a replaced draft's old preview was not changed: %s", exc)


async def cancel_conversation(update: Update, context: BotContext) -> int:
    message = update.effective_message
    person = update.effective_user
    if message is not None:
        text = await cancelled_text(context)
        note = await preview_note(context, person.id) if person is not None else None
        await message.reply_text(f"{text}\n{note}" if note else text)
    return ConversationHandler.END


async def forget_answered(update: Update, context: BotContext) -> int | None:
    """/forget's question answered while an announcement is awaited: "Yes" ends the wait.
    "No" goes on waiting, from now: PTB restarts its time-out on any update the conversation
    handles, so the stored start moves too (a review: a restart in that extra time went
    untold)."""
    forgotten = await privacy.forget_answered(update, context)
    return ConversationHandler.END if forgotten else WAITING_FOR_CONTENT


async def timed_out(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if update.effective_user is not None:
        await broadcasts.end_waiting(context.store, update.effective_user.id)
    if message is not None:
        await message.reply_text(context._("broadcast.timed_out"))


# -- albums ------------------------------------------------------------------------------------
@dataclass
class _Album:
    """An album whose first item came as the announcement; the others are still arriving."""

    admin_id: int
    chat_id: int
    message_ids: list[int]
    job: Job[Any] | None = None  # ends the wait ALBUM_WAIT seconds after the last item


class _InAlbum(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return message.media_group_id is not None


#: A message that is one item of an album (a media group).
IN_ALBUM = _InAlbum(name="in_album")


def _albums(runtime: Runtime) -> dict[tuple[int, str], _Album]:
    albums: dict[tuple[int, str], _Album] = runtime.extras.setdefault(ALBUMS, {})
    return albums


def _wait_for_album(context: BotContext, key: tuple[int, str], album: _Album) -> None:
    """(Re)start the wait: the album is complete ALBUM_WAIT seconds after its last item."""
    if album.job is not None:
        album.job.schedule_removal()
    job_queue: object = context.job_queue  # typed through isinstance, not a cast
    if not isinstance(job_queue, JobQueue):  # pragma: no cover - a dependency
        raise RuntimeError("collecting an album needs the JobQueue")
    album.job = job_queue.run_once(_album_complete, ALBUM_WAIT, data=key, name="broadcast-album")


async def album_item(update: Update, context: BotContext) -> None:
    """The next items of an album taken as an announcement join it; nothing else answers them."""
    message = update.effective_message
    if message is None or message.media_group_id is None:
        return
    key = (message.chat.id, message.media_group_id)
    album = _albums(context.runtime).get(key)
    if album is None:  # not an announcement: the handlers after this one answer it
        return
    album.message_ids.append(message.message_id)
    _wait_for_album(context, key, album)
    raise ApplicationHandlerStop


async def _album_complete(context: BotContext) -> None:
    """The album is complete: the draft holds all its items, and the preview shows them."""
    job = context.job
    albums = _albums(context.runtime)
    if job is None or not isinstance(job.data, tuple):
        return
    key: tuple[int, str] = job.data
    album = albums.get(key)
    if album is None or album.job is not job:  # a later item restarted the wait
        return
    del albums[key]
    context.profile = await users.get(context.store, album.admin_id)  # the admin's language
    if context.profile is None:  # the admin used /forget while the album arrived: no draft
        return
    broadcast_id = await broadcasts.create_draft(
        context.store,
        album.admin_id,
        context.clock.now(),
        from_chat_id=album.chat_id,
        album=sorted(album.message_ids),
    )
    unsupported = context._("broadcast.album_unsupported")
    await _preview(context, album.chat_id, broadcast_id, unsupported=unsupported)


# -- preview -----------------------------------------------------------------------------------
async def _preview(
    context: BotContext, chat_id: int, broadcast_id: int, *, unsupported: str | None = None
) -> bool:
    """Show the announcement exactly as recipients will get it, then the control message."""
    draft = await broadcasts.get(context.store, broadcast_id)
    target = await audience(context.store, broadcast_id)
    if draft is None or target is None or draft.admin_id is None:
        return False
    try:
        await send_broadcast(
            context.bot, draft, chat_id, paid=False, lang=context.lang, preview=True
        )
    except BadRequest as exc:
        log.info("a broadcast draft could not be previewed: %s", exc.message)
        await broadcasts.discard(context.store, broadcast_id, draft.admin_id)
        if "too long" in exc.message.lower():
            # a Premium admin's caption of 2,000 characters was "I can't send this kind of
            # message" (a persona review of a long text): the length is what to change
            unsupported = context._("broadcast.too_long")
        await context.bot.send_message(chat_id, unsupported or context._("broadcast.unsupported"))
        return False
    _ = context._
    text = _control_text(_, context.lang, target, await _holiday_names(context))
    if draft.text is not None and len(draft.text) >= NEAR_LIMIT:
        # Telegram splits a longer paste into several messages: the rest is not in this one
        text = f"{_('broadcast.maybe_cut')}\n\n{text}"
    if older := await broadcasts.other_drafts(context.store, draft.admin_id, broadcast_id):
        # a corrected version written after the first: the first's Send still works (a
        # persona review: it was pressed later, scrolled up to, and went to 300 people)
        ids = ", ".join(f"#{i}" for i in older)
        text = f"{text}\n\n{_('broadcast.older_waiting', ids=ids)}"
    control = await context.bot.send_message(
        chat_id, text, reply_markup=_control_keyboard(_, draft, target)
    )
    await broadcasts.set_control_message(context.store, broadcast_id, control.message_id)
    return True


async def _holiday_names(context: BotContext) -> dict[str, str]:
    rows = await broadcasts.holidays_in_audience(context.store, context.lang)
    return {holiday_id: name for holiday_id, name, _count in rows}


def _audience_label(
    _: Translator, language: str, target: Audience, holidays: dict[str, str]
) -> str:
    value = target.value or ""
    if target.target == "language":
        return _("broadcast.audience_language", name=LANGUAGE_NAMES.get(value, value))
    if target.target == "country":
        return _("broadcast.audience_country", name=country_name(value, language))
    if target.target == "holiday":
        return _("broadcast.audience_holiday", name=holidays.get(value, value))
    return _("broadcast.audience_all")


def _control_text(_: Translator, language: str, target: Audience, holidays: dict[str, str]) -> str:
    label = _audience_label(_, language, target, holidays)
    if target.groups:
        label = _("groups.audience_with_groups", audience=Html(label), count=target.groups)
    elif target.groups_left_out:  # narrowed by language, country or holiday: people only
        label = _(
            "groups.audience_without_groups", audience=Html(label), count=target.groups_left_out
        )
    return _("broadcast.preview", audience=Html(label), count=target.total)


def _button(text: str, *parts: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.pack(PREFIX, *parts))


def _born(draft: Broadcast) -> int:
    """When the draft was written, as Unix seconds: its Send button carries it, so that a
    press after the draft expired (and was deleted) can say so."""
    return int(datetime.fromisoformat(draft.created_at).timestamp())


def _draft_button(text: str, action: str, draft: Broadcast, *parts: object) -> InlineKeyboardButton:
    """A button of one draft's preview: it carries the draft's id and when it was written, so
    that once the draft is gone and a newer one got its id, the old preview cannot change it.
    The time is written short ("t" and base 36), and an audience's kind as one letter, so that
    a holiday id of 40 characters still fits Telegram's 64 bytes."""
    return _button(text, action, draft.id, *parts, "t" + _base36(_born(draft)))


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = digits[digit] + out
        if not number:
            return out


def _born_of(part: str) -> int:
    """A button's written-at time: "t…" in base 36, or decimal (a Send button shown before)."""
    return int(part[1:], 36) if part.startswith("t") else int(part)


#: An audience's kind in a "to" button, as one letter (either form is read).
_KIND_CODES = {"language": "l", "country": "c", "holiday": "h"}
_KINDS_BY_CODE = {code: kind for kind, code in _KIND_CODES.items()}


def _control_keyboard(_: Translator, draft: Broadcast, target: Audience) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _draft_button(_("broadcast.button_all"), "all", draft),
                _draft_button(_("broadcast.button_language"), "menu", draft, "language"),
            ],
            [
                _draft_button(_("broadcast.button_country"), "menu", draft, "country"),
                _draft_button(_("broadcast.button_holiday"), "menu", draft, "holiday"),
            ],
            [
                _draft_button(_("broadcast.button_confirm", count=target.total), "ok", draft),
                _draft_button(_("broadcast.button_cancel"), "no", draft),
            ],
        ]
    )


def _packable(draft: Broadcast, *parts: object) -> bool:
    """Whether a value fits in callback data (an odd id in a data file must not break the menu)."""
    try:
        _draft_button("", "to", draft, *parts)
    except ValueError:
        log.warning("a holiday id does not fit in a button; it is left out of the menu")
        return False
    return True


def _stop_keyboard(_: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_("broadcast.button_stop"), "stop", broadcast_id)]])


# -- buttons -----------------------------------------------------------------------------------
#: each action's parts after ``bc:action:`` (the id first), before a draft's written-at time
_PARTS = {"menu": 2, "all": 1, "to": 3, "back": 1, "ok": 1, "no": 1, "stop": 1, "use": 2}


async def button(update: Update, context: BotContext) -> None:
    """Every ``bc:…`` button: audience, Confirm, Cancel, Stop."""
    query = update.callback_query
    person = update.effective_user
    if query is None or person is None or not await is_admin(update, context, "broadcast button"):
        return
    data = query.data or ""
    action = data.split(":")[1] if data.count(":") >= 1 else ""
    try:
        # a draft's buttons end with when it was written; those shown before that did not
        base = _PARTS.get(action)
        if base is None:
            raise callbacks.StaleButton(data)
        parts = data.split(":")[2:]
        if len(parts) == base + 1 and action != "stop":
            born: int | None = _born_of(parts.pop())
        else:
            born = None
        raw_id, *rest = callbacks.unpack(":".join([PREFIX, *parts]), PREFIX, base)
        broadcast_id = int(raw_id)
        if action == "menu":
            await _show_menu(update, context, broadcast_id, born, rest[0])
        elif action == "all":
            await _retarget(update, context, broadcast_id, born, "all", None)
        elif action == "to":
            kind = _KINDS_BY_CODE.get(rest[0], rest[0])
            await _retarget(update, context, broadcast_id, born, kind, rest[1])
        elif action == "back":
            await _retarget(update, context, broadcast_id, born, "", None)
        elif action == "ok":
            await _confirm(update, context, broadcast_id, born)
        elif action == "no":
            await _discard(update, context, broadcast_id, born)
        elif action == "use":
            await _use_text(update, context, broadcast_id, born, int(rest[0]))
        else:
            await _stop(update, context, broadcast_id)
    except (callbacks.StaleButton, ValueError, OverflowError):
        await query.answer(context._("button.stale"), show_alert=True)


async def _draft_of(
    update: Update, context: BotContext, broadcast_id: int, born: int | None
) -> Broadcast | None:
    """The admin's own draft, the one the button was shown for (written at ``born``), or a
    polite answer that the button is stale."""
    draft = await broadcasts.get(context.store, broadcast_id)
    person = update.effective_user
    if (
        draft is None
        or draft.state != "draft"
        or person is None
        or draft.admin_id != person.id
        or (born is not None and _born(draft) != born)
    ):
        query = update.callback_query
        if query is not None:
            await query.answer(context._("broadcast.not_a_draft"), show_alert=True)
        return None
    return draft


async def _show_menu(
    update: Update, context: BotContext, broadcast_id: int, born: int | None, kind: str
) -> None:
    query = update.callback_query
    draft = await _draft_of(update, context, broadcast_id, born)
    if query is None or draft is None:
        return
    _ = context._
    rows: list[list[InlineKeyboardButton]] = []
    code = _KIND_CODES.get(kind, kind)
    if kind == "language":
        counts = dict(await broadcasts.languages_in_audience(context.store))
        rows = [
            [_draft_button(f"{LANGUAGE_NAMES[c]} ({counts.get(c, 0)})", "to", draft, code, c)]
            for c in LANGUAGES
        ]
    elif kind == "country":
        found = await broadcasts.countries_in_audience(context.store, MAX_COUNTRY_BUTTONS)
        buttons = [
            _draft_button(f"{country_name(c, context.lang)} ({n})", "to", draft, code, c)
            for c, n in found
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    elif kind == "holiday":
        found_h = await broadcasts.holidays_in_audience(context.store, context.lang)
        rows = [
            [_draft_button(f"{name} ({n})", "to", draft, code, holiday_id)]
            for holiday_id, name, n in found_h
            if _packable(draft, code, holiday_id)
        ]
    else:
        raise callbacks.StaleButton(kind)
    rows.append([_draft_button(_("broadcast.button_back"), "back", draft)])
    await query.answer(None if len(rows) > 1 else _("broadcast.nobody_to_choose"))
    await edit_buttons(query, InlineKeyboardMarkup(rows))


async def _retarget(
    update: Update,
    context: BotContext,
    broadcast_id: int,
    born: int | None,
    target: str,
    value: str | None,
) -> None:
    """Apply an audience choice (``target`` "" = keep it, just show the main buttons)."""
    query = update.callback_query
    person = update.effective_user
    if query is None or person is None:
        return
    draft = await _draft_of(update, context, broadcast_id, born)
    if draft is None:
        return
    if target:
        chosen = await choose_audience(context.store, broadcast_id, person.id, target, value)
    else:
        chosen = await audience(context.store, broadcast_id)
    if chosen is None:
        raise callbacks.StaleButton(target)
    _ = context._
    await query.answer()
    await edit_or_send(
        query,
        _control_text(_, context.lang, chosen, await _holiday_names(context)),
        reply_markup=_control_keyboard(_, draft, chosen),
    )


async def _expired(context: BotContext, broadcast_id: int, born: int | None) -> bool:
    """Whether the draft behind a Send button (written at ``born``) expired: it is older
    than DRAFT_EXPIRY, or was deleted for it — then its id may even be a newer draft's."""
    draft = await broadcasts.get(context.store, broadcast_id)
    if draft is not None and (born is None or _born(draft) == born):
        if draft.state != "draft":
            return False
        written = datetime.fromisoformat(draft.created_at)
    elif born is not None:  # gone (sent drafts stay): cancelled, or deleted once expired
        written = datetime.fromtimestamp(born, UTC)
    else:
        return False
    return context.clock.now() - written >= DRAFT_EXPIRY


async def _confirm(
    update: Update, context: BotContext, broadcast_id: int, born: int | None
) -> None:
    query = update.callback_query
    person = update.effective_user
    if query is None or person is None:
        return
    if await _expired(context, broadcast_id, born):
        await query.answer(context._("broadcast.expired"), show_alert=True)
        return
    target = await audience(context.store, broadcast_id)
    if await _draft_of(update, context, broadcast_id, born) is None or target is None:
        return
    _ = context._
    if target.total == 0:
        await query.answer(_("broadcast.nobody"), show_alert=True)
        return
    total = await freeze_recipients(context.store, broadcast_id, person.id, context.clock.now())
    if total is None:
        await query.answer(_("broadcast.not_a_draft"), show_alert=True)
        return
    log.info("broadcast %d confirmed for %d recipients", broadcast_id, total)
    chats = await groups.frozen_count(context.store, broadcast_id)
    started = (
        _("groups.started", people=total - chats, groups=chats)
        if chats
        else _("broadcast.started", count=total)
    )
    try:
        try:
            await query.answer(_("broadcast.started_alert"))
        except TelegramError as exc:  # the spinner stops by itself; the edit below still tells
            log.warning("broadcast %d: the Send press was not answered: %s", broadcast_id, exc)
        try:
            await edit_or_send(query, started, reply_markup=_stop_keyboard(_, broadcast_id))
        except TelegramError as exc:  # /broadcasts shows it; the report comes when it is done
            log.warning("broadcast %d: the admin was not told it started: %s", broadcast_id, exc)
    finally:
        # Whatever became of telling the admin: a failed answer (a network blip, "query is
        # too old" after a flood wait) had left it frozen and unsent until the resume check,
        # and the admin, told "already sent" with nothing arriving, wrote it again. After
        # the "Sending…" edit: a small broadcast's report must not be overwritten by it.
        runner_of(context.runtime).start(broadcast_id)


async def _discard(
    update: Update, context: BotContext, broadcast_id: int, born: int | None
) -> None:
    query = update.callback_query
    person = update.effective_user
    if query is None or person is None:
        return
    if await _draft_of(update, context, broadcast_id, born) is None:
        return
    if not await broadcasts.discard(context.store, broadcast_id, person.id):
        await query.answer(context._("broadcast.not_a_draft"), show_alert=True)
        return
    await query.answer()
    await edit_or_send(query, context._("broadcast.cancelled_draft"))


async def _stop(update: Update, context: BotContext, broadcast_id: int) -> None:
    query = update.callback_query
    if query is None:
        return
    if await runner_of(context.runtime).cancel(broadcast_id):
        await query.answer(context._("broadcast.stopping", id=broadcast_id))
    else:
        await query.answer(context._("broadcast.not_running"), show_alert=True)


# -- progress and report -----------------------------------------------------------------------
async def _admin_language(store: Store, admin_id: int) -> str:
    admin = await users.get(store, admin_id)
    return admin.language if admin else "en"


def _duration(_: Translator, seconds: float | None) -> str:
    if seconds is None:
        return "—"
    total = max(0, round(seconds))
    if total >= 3600:
        return _("broadcast.hours", hours=total // 3600, minutes=total % 3600 // 60)
    if total >= 60:
        return _("broadcast.minutes", minutes=total // 60, seconds=total % 60)
    return _("broadcast.seconds", seconds=total)


def progress_text(_: Translator, progress: Progress) -> str:
    lines = [
        _("broadcast.progress", id=progress.broadcast_id, done=progress.done, total=progress.total)
    ]
    if progress.rate:
        lines.append(
            _(
                "broadcast.progress_rate",
                rate=round(progress.rate, 1),
                eta=_duration(_, progress.eta_seconds),
            )
        )
    lines.append(
        _(
            "broadcast.progress_counts",
            delivered=progress.delivered,
            blocked=progress.blocked,
            failed=progress.failed,
        )
    )
    return "\n".join(lines)


def report_text(_: Translator, report: Report) -> str:
    title = (
        _("broadcast.report_cancelled", id=report.broadcast_id)
        if report.state == "cancelled"
        else _("broadcast.report_done", id=report.broadcast_id)
    )
    lines = [
        title,
        _("broadcast.report_delivered", count=report.delivered),
        _("broadcast.report_blocked", count=report.blocked),
        _("broadcast.report_failed", count=report.failed),
    ]
    if report.unconfirmed:
        lines.append(_("broadcast.report_unconfirmed", count=report.unconfirmed))
    if report.not_sent:
        lines.append(_("broadcast.report_not_sent", count=report.not_sent))
    if report.why == SOURCE_GONE:
        lines.append(_("broadcast.report_source_gone"))
    duration = _duration(_, report.duration_seconds)
    if report.resumed:  # from Send to the end: the time the bot was down is in it
        lines.append(_("broadcast.report_duration_resumed", duration=duration))
    else:
        lines.append(_("broadcast.report_duration", duration=duration))
    return "\n".join(lines)


async def _show_progress(bot: Bot, store: Store, broadcast: Broadcast, progress: Progress) -> None:
    if broadcast.admin_id is None or broadcast.control_message_id is None:
        return
    if not await broadcasts.has_admin(store, broadcast.id):  # the admin used /forget meanwhile
        return
    _ = translator(await _admin_language(store, broadcast.admin_id))
    try:
        await bot.edit_message_text(
            progress_text(_, progress),
            chat_id=broadcast.admin_id,
            message_id=broadcast.control_message_id,
            reply_markup=_stop_keyboard(_, broadcast.id),
        )
    except TelegramError as exc:  # deleted or unchanged message: the next edit will do
        log.debug("broadcast %d: progress not shown: %s", broadcast.id, exc)


async def _show_paused(
    bot: Bot, store: Store, broadcast: Broadcast, progress: Progress, *, outage: bool
) -> None:
    """A clean shutdown paused it: the progress message says so (no Stop button while the bot
    is down); the next start resumes it and the progress takes over again. ``outage``:
    Telegram is out of reach; the resume check tries again, and Stop still works."""
    if broadcast.admin_id is None or broadcast.control_message_id is None:
        return
    if not await broadcasts.has_admin(store, broadcast.id):
        return
    _ = translator(await _admin_language(store, broadcast.admin_id))
    counts = _(
        "broadcast.progress_counts",
        delivered=progress.delivered,
        blocked=progress.blocked,
        failed=progress.failed,
    )
    if outage:
        minutes = int(RESUME_EVERY.total_seconds() // 60)
        paused = _(
            "broadcast.paused_outage",
            id=broadcast.id,
            done=progress.done,
            total=progress.total,
            minutes=minutes,
        )
    else:
        paused = _("broadcast.paused", id=broadcast.id, done=progress.done, total=progress.total)
    try:
        await bot.edit_message_text(
            f"{paused}\n{counts}",
            chat_id=broadcast.admin_id,
            message_id=broadcast.control_message_id,
            reply_markup=_stop_keyboard(_, broadcast.id) if outage else None,
        )
    except TelegramError as exc:  # deleted message, network down: the resume shows progress
        log.info("broadcast %d: the pause not shown: %s", broadcast.id, exc)


async def _show_report(bot: Bot, store: Store, broadcast: Broadcast, report: Report) -> None:
    if broadcast.admin_id is None:
        return
    _ = translator(await _admin_language(store, broadcast.admin_id))
    text = report_text(_, report)
    if broadcast.control_message_id is not None:
        try:
            await bot.edit_message_text(
                text, chat_id=broadcast.admin_id, message_id=broadcast.control_message_id
            )
            return
        except TelegramError as exc:
            log.info("broadcast %d: report sent as a new message: %s", broadcast.id, exc)
    await bot.send_message(broadcast.admin_id, text)


# -- /broadcasts and /cancel_broadcast ---------------------------------------------------------
async def list_broadcasts(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not await is_admin(update, context, "broadcasts"):
        return
    _ = context._
    recent = await broadcasts.recent(context.store, 10)
    if not recent:
        await message.reply_text(_("broadcast.none_yet"))
        return
    holidays = await _holiday_names(context)
    blocks = [_("broadcast.list_title")]
    for item in recent:
        target = Audience(item.target, item.target_value, item.total)
        head = _(
            "broadcast.list_item",
            id=item.id,
            date=(item.started_at or item.created_at)[:16].replace("T", " "),
            audience=Html(_audience_label(_, context.lang, target, holidays)),
            snippet=_snippet(_, item),
        )
        if item.state == "running" or item.finished_at is None:
            body = progress_text(_, await live_progress(context.store, item))
        else:
            body = report_text(_, report_of(item))
        blocks.append(f"{head}\n{body}")
    # newest first: what does not fit in one message (10 long reports in Russian) is the oldest
    await message.reply_text(fit_blocks(blocks)[0])


def _snippet(_: Translator, item: Broadcast) -> str:
    if item.album:
        return _("broadcast.snippet_album", count=len(item.album_ids))
    if item.kind != "text" or item.text is None:
        return _("broadcast.snippet_media")
    plain = " ".join(html.unescape(without_tags(item.text)).split())
    return plain if len(plain) <= 40 else plain[:40] + "…"


async def cancel_broadcast(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not await is_admin(update, context, "cancel_broadcast"):
        return
    _ = context._
    args = context.args or []
    number = re.fullmatch(r"#?([0-9]{1,18})", args[0]) if args else None
    running = await broadcasts.running_ids(context.store)
    if args and number is None:
        # "/cancel_broadcast abc" had stopped the latest one (a persona review): which one?
        which = _("broadcast.cancel_which") if running else _("broadcast.not_running")
        await message.reply_text(which)
        return
    wanted = int(number.group(1)) if number else (running[-1] if running else None)
    if wanted is not None and await runner_of(context.runtime).cancel(wanted):
        await message.reply_text(_("broadcast.stopping", id=wanted))
        return
    if number is not None and running:  # "/cancel_broadcast 99" while #2 goes on
        going = ", ".join(f"#{i}" for i in running)
        await message.reply_text(_("broadcast.not_that_one", id=wanted, running=going))
        return
    await message.reply_text(_("broadcast.not_running"))
