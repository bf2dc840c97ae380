"""A plain `pip install .` (a wheel, a Docker image) carries the content files too."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import bot
from bot import data_dir

ROOT = Path(__file__).resolve().parent.parent


def test_every_content_file_is_packaged_in_the_wheel() -> None:
    """pyproject maps data/ to the package bot.content; every file in data/ must match one of
    its package-data patterns, or a wheel installs a bot without it (no FAQ, no places...)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"]["bot.content"] == "data"
    assert "bot.content" in setuptools["packages"]
    patterns = setuptools["package-data"]["bot.content"]
    files = [p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")]
    files = [f for f in files if (ROOT / "data" / f).is_file()]
    assert "faq/flag_day.toml" in files and "cities.tsv.gz" in files
    left_out = [
        f
        for f in files
        if not any(fnmatch(f, p) and f.count("/") == p.count("/") for p in patterns)
    ]
    assert left_out == []


def test_every_python_package_is_listed() -> None:
    """packages are listed by hand (bot.content needs a mapping): a new package folder missing
    from the list would be left out of the wheel."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("bot", "handlers")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed


def test_a_checkout_reads_its_data_folder_and_a_wheel_its_packaged_copy(tmp_path: Path) -> None:
    assert bot.DATA_DIR == ROOT / "data"  # these tests run from a checkout
    checkout = tmp_path / "repo"
    (checkout / "bot").mkdir(parents=True)
    assert data_dir(checkout / "bot") == checkout / "bot" / "content"  # no data/ beside it
    (checkout / "data").mkdir()
    assert data_dir(checkout / "bot") == checkout / "bot" / "content"  # some other data/
    (checkout / "data" / "holidays.toml").write_text("")
    assert data_dir(checkout / "bot") == checkout / "data"
