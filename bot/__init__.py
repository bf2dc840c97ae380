"""diaspora-bot: a Telegram bot for Azerbaijanis living abroad."""

from pathlib import Path

__version__ = "0.1.0"

#: Content files (FAQ, holidays, places, gazetteer) live at the top of the repository.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
