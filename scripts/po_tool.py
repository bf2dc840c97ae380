"""Write or extend a gettext domain for az, en and ru from one table of messages.

Translators edit ``bot/locale/<lang>/LC_MESSAGES/<domain>.po`` directly with any PO editor;
this script is a convenience for developers adding many messages at once::

    python scripts/po_tool.py core messages.toml

where ``messages.toml`` holds ``[key] az = "…" en = "…" ru = "…"`` tables. Existing entries
of the domain are kept unless the table names them again (then the table's text wins).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "bot" / "locale"
LANGUAGES = ("az", "en", "ru")


def update_domain(domain: str, messages: dict[str, dict[str, str]]) -> None:
    for lang in LANGUAGES:
        path = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang, domain=domain)
        else:
            catalog = Catalog(locale=lang, domain=domain, project="diaspora-bot")
        for key, texts in messages.items():
            if lang not in texts:
                raise SystemExit(f"{key}: no {lang} text")
            if key in catalog:  # Catalog.add would keep the old text of an existing entry
                del catalog[key]
            catalog.add(key, texts[lang])
        with path.open("wb") as fh:
            write_po(fh, catalog, width=0, sort_output=True, omit_header=False)


def main() -> None:
    domain, table = sys.argv[1], Path(sys.argv[2])
    update_domain(domain, tomllib.loads(table.read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
