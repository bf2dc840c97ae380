"""What one small read costs: through aiosqlite's thread, and through Store.lookup.

    python -m benchmarks.store_trip [--reads 5000]

Reads a person's row by id (the read every update makes), one at a time and 64 at once,
through ``Store.fetchone`` (aiosqlite: a trip to its thread and back) and ``Store.lookup_one``
(the read-only connection, on the event loop's thread), on a fresh file with 1,000 people.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.store import Store, users

SQL = "SELECT * FROM users WHERE id = ?"


async def per_read(reads: int, read: Callable[[int], Awaitable[Any]], at_once: int) -> float:
    """Microseconds per read, ``at_once`` reads in flight."""
    started = time.perf_counter()
    if at_once == 1:
        for i in range(reads):
            await read(i % 1000)
        return (time.perf_counter() - started) / reads * 1e6
    for start in range(0, reads, at_once):
        await asyncio.gather(*(read(i % 1000) for i in range(start, start + at_once)))
    return (time.perf_counter() - started) / reads * 1e6


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(Path(folder) / "trip.sqlite3")
        try:
            now = datetime.now(UTC)
            for i in range(1000):
                await users.touch(store, i, "en", now)
            print(f"{args.reads} reads of one person's row by id")
            for at_once in (1, 64):
                slow = await per_read(args.reads, lambda i: store.fetchone(SQL, (i,)), at_once)
                fast = await per_read(args.reads, lambda i: store.lookup_one(SQL, (i,)), at_once)
                print(
                    f"{at_once:3d} at once: aiosqlite {slow:6.1f} µs/read,"
                    f" lookup {fast:5.1f} µs/read ({slow / fast:.0f}×)"
                )
        finally:
            await store.close()


if __name__ == "__main__":
    asyncio.run(main())
