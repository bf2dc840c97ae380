"""Inline-button payloads: short prefixed strings such as ``"lang:az"`` or ``"bc:ok:7"``.

Telegram allows at most 64 bytes of callback data; :func:`pack` refuses more.
"""

from __future__ import annotations

import re

MAX_BYTES = 64
_PART = re.compile(r"^[A-Za-z0-9_.\-+/=@]*$")


class StaleButton(Exception):
    """Callback data that does not parse (old message, other bot version, forged)."""


def pack(prefix: str, *parts: object) -> str:
    values = [prefix, *(str(p) for p in parts)]
    for value in values:
        if ":" in value or not _PART.match(value):
            raise ValueError(f"callback part {value!r} must not contain ':' or spaces")
    data = ":".join(values)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data {data!r} is longer than {MAX_BYTES} bytes")
    return data


def unpack(data: str | None, prefix: str, count: int) -> list[str]:
    """The ``count`` parts after ``prefix``, or :class:`StaleButton` if the data doesn't fit."""
    if not data:
        raise StaleButton(data)
    parts = data.split(":")
    if parts[0] != prefix or len(parts) != count + 1:
        raise StaleButton(data)
    return parts[1:]


def pattern(prefix: str) -> str:
    """A regex for ``CallbackQueryHandler(pattern=...)`` matching one prefix."""
    return rf"^{re.escape(prefix)}(:|$)"
