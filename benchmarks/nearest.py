"""Nearest-place and city-lookup latency, against brute-force baselines in the same run.

    python -m benchmarks.nearest            # full run (about a minute)
    python -m benchmarks.nearest --quick    # fewer queries

Places: synthetic points spread uniformly over the sphere, 100 / 10,000 / 100,000 of them,
queried from random points through the bot's own path (``bot.places.nearest_places``: an
R*Tree box that grows until it holds 3 places, then exact great-circle distances). The
baseline reads every point and keeps the 3 nearest (``heapq.nsmallest``).

Cities: the real gazetteer (data/cities.tsv.gz) loaded the way start-up does it (first start
and a later start are timed), then ``bot.gazetteer.find_cities`` for exact names, names with
one typo, Cyrillic names and unknown words. The baseline compares the query with every
spelling (rapidfuzz ``process.extractOne`` over all names in memory).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import heapq
import math
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz, process

from bot import gazetteer, geo, places
from bot.app import DATA_DIR, load_data
from bot.clock import SystemClock
from bot.store import Store
from bot.store import places as db

T = TypeVar("T")


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


async def _time(fn: Callable[[T], Awaitable[object]], inputs: list[T]) -> tuple[float, float]:
    """Median and p99 in ms of ``fn(x)`` for each ``x``."""
    for x in inputs[:20]:  # warm-up: caches, the worker thread
        await fn(x)
    gc.collect()
    samples = []
    for x in inputs:
        started = time.perf_counter()
        await fn(x)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), _pct(samples, 0.99)


def _random_point(rng: random.Random) -> tuple[float, float]:
    return math.degrees(math.asin(rng.uniform(-1, 1))), rng.uniform(-180, 180)


def _row(i: int, lat: float, lon: float) -> list[object]:
    values: dict[str, object] = {c: "" for c in db.COLUMNS}
    values.update(
        id=f"house-{i}", kind="house", name_en=f"House {i}", country_code="DE",
        lat=lat, lon=lon, location="exact", online=0,
    )  # fmt: skip
    return [values[c] for c in db.COLUMNS]


async def bench_places(folder: Path, sizes: list[int], runs: int) -> None:
    print(f"nearest 3 places ({runs} random queries each; ms)")
    print(f"{'places':>8} | {'R*Tree median':>13} {'p99':>7} | {'brute median':>12} {'p99':>7}")
    rng = random.Random(1)
    for size in sizes:
        store = await Store.open(folder / f"places-{size}.sqlite3")
        rows = [_row(i, *_random_point(rng)) for i in range(size)]
        await places.replace(store, rows, sha256="bench", now="bench")
        queries = [_random_point(rng) for _ in range(runs)]

        async def tree(point: tuple[float, float], store: Store = store) -> object:
            lat, lon = point
            return await places.nearest_places(store, lat, lon, "house", 3)

        async def brute(point: tuple[float, float], store: Store = store) -> object:
            lat, lon = point
            rows = await store.fetchall(
                "SELECT * FROM places WHERE kind = 'house' AND online = 0 AND lat IS NOT NULL"
            )
            return heapq.nsmallest(
                3, rows, key=lambda r: geo.distance_km(lat, lon, r["lat"], r["lon"])
            )

        t_med, t_p99 = await _time(tree, queries)
        b_med, b_p99 = await _time(brute, queries[: max(20, runs // (1 + size // 2000))])
        print(f"{size:>8} | {t_med:>13.3f} {t_p99:>7.3f} | {b_med:>12.3f} {b_p99:>7.3f}")
        await store.close()


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    choice = rng.randrange(3)
    if choice == 0:
        return word[:i] + word[i + 1 :]  # a missing letter
    if choice == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
    return word[:i] + "x" + word[i + 1 :]  # a wrong letter


async def bench_cities(folder: Path, runs: int) -> None:
    store = await Store.open(folder / "cities.sqlite3")
    clock = SystemClock()
    started = time.perf_counter()
    await load_data(store, clock)
    first = time.perf_counter() - started
    started = time.perf_counter()
    await load_data(store, clock)
    later = time.perf_counter() - started
    print(f"\nstart-up data load: first start {first:.2f} s, later start {later * 1000:.1f} ms")

    rng = random.Random(2)
    rows = await store.fetchall("SELECT name FROM cities ORDER BY geonameid")
    names = [str(r["name"]) for r in rows]
    spellings = [str(r["key"]) for r in await store.fetchall("SELECT key FROM city_names")]
    cyrillic = ["Москва", "Кёльн", "Берлин", "Баку", "Тбилиси", "Стамбул", "Париж", "Лондон"]
    kinds: dict[str, list[str]] = {
        "exact name": [rng.choice(names) for _ in range(runs)],
        "one typo": [_typo(rng, rng.choice(names)) for _ in range(runs)],
        "Cyrillic": [rng.choice(cyrillic) for _ in range(runs)],
        "unknown word": ["".join(rng.choices("qxzjvw", k=8)) for _ in range(runs)],
    }
    print(f"find_cities ({runs} queries each; ms)")
    print(f"{'query':>13} | {'median':>7} {'p99':>7}")
    every: list[str] = []
    for kind, queries in kinds.items():
        every += queries

        async def lookup(query: str) -> object:
            return await gazetteer.find_cities(store, query)

        med, p99 = await _time(lookup, queries)
        print(f"{kind:>13} | {med:>7.3f} {p99:>7.3f}")

    async def brute(query: str) -> object:
        return process.extractOne(gazetteer.normalize(query), spellings, scorer=fuzz.ratio)

    med, p99 = await _time(brute, rng.sample(every, 40))
    print(f"{'baseline':>13} | {med:>7.3f} {p99:>7.3f}   (rapidfuzz over all spellings)")
    await store.close()


async def run(quick: bool) -> None:
    runs = 300 if quick else 2000
    with tempfile.TemporaryDirectory() as folder:
        await bench_places(Path(folder), [100, 10_000, 100_000], runs)
        await bench_cities(Path(folder), runs)
    print(f"\n(gazetteer: {DATA_DIR / gazetteer.DATA_NAME})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries")
    asyncio.run(run(parser.parse_args().quick))


if __name__ == "__main__":
    main()
