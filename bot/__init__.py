"""diaspora-bot: a Telegram bot for Azerbaijanis living abroad."""

from pathlib import Path

__version__ = "0.1.0"


def data_dir(package: Path) -> Path:
    """Where the content files (FAQ, holidays, places, gazetteer) of the ``bot`` package at
    ``package`` are: the checkout's top-level ``data/`` folder (``pip install -e .``, so that
    edits there are what the bot loads), else the copy a wheel (``pip install .``, a Docker
    image) carries as ``bot/content``."""
    checkout = package.parent / "data"
    return checkout if (checkout / "holidays.toml").is_file() else package / "content"


DATA_DIR = data_dir(Path(__file__).resolve().parent)
