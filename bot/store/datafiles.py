"""The ``data_files`` table: which version of each data file is loaded into the store."""

from __future__ import annotations

import aiosqlite

from bot.store import Store


async def loaded_sha256(store: Store, name: str) -> str | None:
    row = await store.fetchone("SELECT sha256 FROM data_files WHERE name = ?", (name,))
    return str(row["sha256"]) if row else None


async def record(conn: aiosqlite.Connection, name: str, sha256: str, loaded_at: str) -> None:
    """Inside the transaction that loaded the file: remember its hash."""
    await conn.execute(
        "INSERT INTO data_files (name, sha256, loaded_at) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256,"
        " loaded_at = excluded.loaded_at",
        (name, sha256, loaded_at),
    )
