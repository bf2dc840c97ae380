"""What the bot stores about a person, and forgetting it.

Every table that mentions a person references ``users(id)`` with ``ON DELETE CASCADE`` (or,
for ``broadcast_recipients``, which also lists groups, a trigger that does the same), so
deleting the user row deletes everything else in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store import Store, groups, users
from bot.store.users import User


@dataclass(frozen=True)
class StoredData:
    #: None for an admin who only ever turned announcements on in a group (no private chat)
    user: User | None
    holidays: list[str]  # holiday ids the person gets reminders for
    reminders_sent: int  # records that keep a holiday reminder from being sent twice
    announcements_received: int  # records of announcements sent (or being sent) to them
    admin_broadcasts: int = 0  # an admin's own announcements (drafts included)
    admin_groups: int = 0  # groups where this admin turned announcements on
    user_id: int = 0


async def stored_data(store: Store, user_id: int) -> StoredData | None:
    user = await users.get(store, user_id)
    if user is None:
        # an admin who turned announcements on in a group, and never wrote privately
        groups_on = await store.lookup_one(
            "SELECT count(*) FROM broadcast_groups WHERE admin_id = ?", (user_id,)
        )
        count = int(groups_on[0]) if groups_on else 0
        return StoredData(None, [], 0, 0, admin_groups=count, user_id=user_id) if count else None
    # small reads through indexes (primary keys, broadcast_recipients_by_user)
    rows = await store.lookup(
        "SELECT holiday_id FROM holiday_subscriptions WHERE user_id = ? ORDER BY holiday_id",
        (user_id,),
    )
    reminders = await store.lookup_one(
        "SELECT count(*) FROM reminder_sent WHERE user_id = ?", (user_id,)
    )
    announcements = await store.lookup_one(
        "SELECT count(*) FROM broadcast_recipients WHERE user_id = ?", (user_id,)
    )
    own = await store.lookup_one("SELECT count(*) FROM broadcasts WHERE admin_id = ?", (user_id,))
    groups_on = await store.lookup_one(
        "SELECT count(*) FROM broadcast_groups WHERE admin_id = ?", (user_id,)
    )
    return StoredData(
        user=user,
        holidays=[r["holiday_id"] for r in rows],
        reminders_sent=int(reminders[0]) if reminders else 0,
        announcements_received=int(announcements[0]) if announcements else 0,
        admin_broadcasts=int(own[0]) if own else 0,
        admin_groups=int(groups_on[0]) if groups_on else 0,
        user_id=user_id,
    )


async def forget(store: Store, user_id: int) -> bool:
    """Delete the person and, through the cascades, every row about them, in one transaction.

    An admin's own announcements (drafts and finished ones, whose copies name the admin's
    chat) go too; one still being sent keeps going to its recipients, unlinked from the
    admin (``ON DELETE SET NULL``: no more progress or report), and is deleted when it ends
    (:func:`bot.store.broadcasts.finish`). Groups the admin turned announcements on for stay
    on, without the admin's id.
    """
    async with store.transaction() as conn:
        await groups.forget_admin(conn, user_id)
        await conn.execute(
            "DELETE FROM broadcasts WHERE admin_id = ? AND state <> 'running'", (user_id,)
        )
        async with conn.execute("DELETE FROM users WHERE id = ?", (user_id,)) as cursor:
            return cursor.rowcount > 0
