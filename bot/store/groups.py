"""The ``broadcast_groups`` table: groups an admin turned announcements on for (migration 0007).

Group chat ids are negative, people's ids positive, so a broadcast's frozen list holds both in
``broadcast_recipients.user_id``.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.clock import iso
from bot.store import Store


def is_group(chat_id: int) -> bool:
    """Telegram gives groups and supergroups negative chat ids, people positive ones."""
    return chat_id < 0


async def enable(store: Store, chat_id: int, admin_id: int, now: datetime) -> None:
    await store.write(
        "INSERT INTO broadcast_groups (chat_id, enabled, enabled_at, admin_id)"
        " VALUES (?, 1, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET enabled = 1,"
        " enabled_at = excluded.enabled_at, admin_id = excluded.admin_id",
        (chat_id, iso(now), admin_id),
    )


async def disable(store: Store, chat_id: int) -> bool:
    """Turn a group's announcements off (an admin, or the bot was removed); True if it was on."""
    changed = await store.write(
        "UPDATE broadcast_groups SET enabled = 0 WHERE chat_id = ? AND enabled = 1", (chat_id,)
    )
    return changed == 1


async def is_enabled(store: Store, chat_id: int) -> bool:
    row = await store.fetchone("SELECT enabled FROM broadcast_groups WHERE chat_id = ?", (chat_id,))
    return bool(row and row["enabled"])


async def count_enabled(store: Store) -> int:
    row = await store.fetchone("SELECT count(*) FROM broadcast_groups WHERE enabled = 1")
    return int(row[0]) if row else 0


async def freeze_enabled(conn: aiosqlite.Connection, broadcast_id: int) -> int:
    """Add every enabled group to a broadcast's frozen list (inside its Confirm transaction)."""
    async with conn.execute(
        "INSERT INTO broadcast_recipients (broadcast_id, user_id)"
        " SELECT ?, chat_id FROM broadcast_groups WHERE enabled = 1",
        (broadcast_id,),
    ) as cursor:
        return cursor.rowcount


async def frozen_count(store: Store, broadcast_id: int) -> int:
    """How many groups a broadcast's frozen list holds."""
    row = await store.fetchone(
        "SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = ? AND user_id < 0",
        (broadcast_id,),
    )
    return int(row[0]) if row else 0


async def move(store: Store, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup (a new chat id): its setting goes with it, unless the new
    id has a setting of its own (an admin there already chose): that one stays and the old
    id's row is deleted, so the supergroup is never sent an announcement twice, nor one it
    turned off."""
    async with store.transaction() as conn:
        await conn.execute(
            "DELETE FROM broadcast_groups WHERE chat_id = ?1"
            " AND EXISTS (SELECT 1 FROM broadcast_groups WHERE chat_id = ?2)",
            (old_chat_id, new_chat_id),
        )
        await conn.execute(
            "UPDATE broadcast_groups SET chat_id = ?2 WHERE chat_id = ?1",
            (old_chat_id, new_chat_id),
        )


async def forget_admin(conn: aiosqlite.Connection, admin_id: int) -> None:
    """/forget: groups the admin turned on stay on, without the admin's id."""
    await conn.execute(
        "UPDATE broadcast_groups SET admin_id = NULL WHERE admin_id = ?", (admin_id,)
    )
