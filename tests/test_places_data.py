"""The places file, `diaspora-bot import/export places`, and the nearest-place search."""

import asyncio
import csv
import hashlib
import io
import math
import random
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import DATA_DIR, geo, places
from bot.cli import main
from bot.store import Store, latest_version
from bot.store import places as db
from tests.conftest import database_at

HEADER = ",".join(db.COLUMNS)


def row(**values: str) -> str:
    base = {
        "id": "house-test",
        "kind": "house",
        "name_en": "Test House",
        "city": "Berlin",
        "country_code": "DE",
        "lat": "52.5",
        "lon": "13.4",
        "location": "city",
        "online": "0",
    }
    base.update(values)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([base.get(c, "") for c in db.COLUMNS])
    return out.getvalue()


def file_of(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def cli_db(loaded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the loaded database as BOT_DB, run from ``tmp_path`` (no .env from the
    developer's folder): what the CLI commands work on."""
    path = tmp_path / "cli.sqlite3"
    shutil.copyfile(loaded_db, path)
    monkeypatch.setenv("BOT_DB", str(path))
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
async def store(loaded_db: Path, tmp_path: Path) -> AsyncIterator[Store]:
    path = tmp_path / "p.sqlite3"
    shutil.copyfile(loaded_db, path)
    opened = await Store.open(path)
    yield opened
    await opened.close()


def test_a_country_code_in_lower_case_is_read_in_capitals() -> None:
    """An operations review: "de" from a spreadsheet was refused as no ISO 3166 code."""
    (parsed,) = places.parse(f"{HEADER}\n{row(country_code='de')}\n".encode())
    assert parsed[db.COLUMNS.index("country_code")] == "DE"


def test_the_shipped_places_file_is_valid() -> None:
    rows = places.parse((DATA_DIR / "places.csv").read_bytes())
    assert len(rows) >= 30
    kinds = {r[db.COLUMNS.index("kind")] for r in rows}
    assert kinds == {"house", "school"}


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (row(lat="91"), "lat '91' is not a number between -90 and 90"),
        (row(lon="abc"), "lon 'abc' is not a number"),
        (row(lat="nan"), "lat 'nan' is not a number"),
        (row(lat="inf"), "lat 'inf' is not a number"),
        (row(lat="", lon=""), "location must be empty without lat/lon"),
        (row(location=""), "location must be 'city'"),
        (row(kind="castle"), "kind 'castle' must be 'house' or 'school'"),
        (row(country_code="XX"), "country_code 'XX' is not an ISO 3166"),
        (row(country_code="ZZ"), "country_code 'ZZ' is not an ISO 3166"),
        (row(country_code=""), "country_code is required"),
        (row(name_en=""), "a name is required"),
        (row(id="Bad Id"), "id 'Bad Id' must be"),
        (row(online="yes"), "online 'yes' must be 0 or 1"),
        (row(opened="last year"), "opened 'last year' must be"),
        (row(opened="2020-13"), "opened '2020-13' must be"),  # no 13th month
        (row(opened="2021-02-29"), "opened '2021-02-29' must be"),
        (row(opened="٢٠٢٠-٠٢-٢٩"), "must be a real date"),  # Arabic-Indic digits
        (row(source_url="javascript:alert(1)"), "source_url must start with"),
        (row(address="x" * 3000), "address is longer than"),
        ("a,b,c", "3 fields, expected 18"),
    ],
)
def test_each_bad_row_is_reported_with_its_line(bad: str, reason: str) -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse(file_of(row(id="house-ok"), bad))
    assert any(e.line == 3 and reason in e.reason for e in caught.value.errors), caught.value


def test_duplicates_wrong_columns_and_non_utf8_are_refused() -> None:
    with pytest.raises(places.PlacesFileError) as caught:
        places.parse(file_of(row(), row()))
    assert "already used on line 2" in str(caught.value)
    with pytest.raises(places.PlacesFileError, match="header must be"):
        places.parse(b"id,kind,name\nx,house,y\n")
    with pytest.raises(places.PlacesFileError, match="not UTF-8"):
        places.parse(b"\xff\xfe" + file_of(row()))
    with pytest.raises(places.PlacesFileError) as ansi:  # Excel's plain "CSV" on Windows
        places.parse(file_of(row(), row(id="house-b")).replace(b"house-b", b"house-\xe6"))
    assert str(ansi.value).startswith("line 3: the file is not UTF-8 text")
    assert 'save it as "CSV UTF-8 (comma delimited)"' in str(ansi.value)
    with pytest.raises(places.PlacesFileError, match="at most 5 MB"):
        places.parse(b"x" * (places.MAX_FILE_BYTES + 1))


def test_a_file_cut_off_inside_a_quoted_field_is_refused() -> None:
    """A copy cut off inside a note ("Diaspo…) was read as a shorter last row and replaced
    every place with the first few."""
    shipped = (DATA_DIR / "places.csv").read_bytes()
    cut = shipped[: shipped.index(b'"', 2000) + 10]  # inside the first quoted field after 2 kB
    with pytest.raises(places.PlacesFileError, match="not valid CSV: unexpected end of data"):
        places.parse(cut)


def test_online_schools_need_no_country_or_point() -> None:
    (parsed,) = places.parse(
        file_of(
            row(
                id="school-web",
                kind="school",
                country_code="",
                lat="",
                lon="",
                location="",
                online="1",
            )
        )
    )
    assert parsed[db.COLUMNS.index("lat")] is None


def test_a_file_from_before_the_city_names_still_imports() -> None:
    """A file exported by an older bot has no city_az and city_ru: they stay empty, so the
    card shows ``city`` in every language."""
    old = [c for c in db.COLUMNS if c not in ("city_az", "city_ru")]
    values = {"id": "house-old", "kind": "house", "name_en": "Old House", "city": "Cologne"}
    values |= {"country_code": "DE", "lat": "50.9", "lon": "6.9", "location": "city"}
    line = ",".join(values.get(c, "") for c in old)
    (parsed,) = places.parse(f"{','.join(old)}\n{line}\n".encode())
    place = places._place(dict(zip(db.COLUMNS, parsed, strict=True)))  # type: ignore[arg-type]
    assert (place.city_name("ru"), place.city_name("az"), place.city_name("en")) == (
        "Cologne",
        "Cologne",
        "Cologne",
    )
    with pytest.raises(places.PlacesFileError, match="3 fields, expected 16"):
        places.parse(f"{','.join(old)}\na,b,c\n".encode())


async def _ids(store: Store) -> list[str]:
    return [r["id"] for r in await db.all_rows(store)]


def _ids_in(path: Path) -> list[str]:
    async def read() -> list[str]:
        store = await Store.open(path)
        try:
            return await _ids(store)
        finally:
            await store.close()

    return asyncio.run(read())


def _nearest_in(path: Path, lat: float, lon: float) -> list[str]:
    async def read() -> list[str]:
        store = await Store.open(path)
        try:
            return [n.place.id for n in await places.nearest_places(store, lat, lon, "house")]
        finally:
            await store.close()

    return asyncio.run(read())


def test_an_import_the_database_refuses_is_one_line_and_changes_nothing(
    loaded_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A read-only database file ended every import in a 30-line traceback."""
    import sqlite3

    path = tmp_path / "ro.sqlite3"
    shutil.copyfile(loaded_db, path)
    with sqlite3.connect(path) as conn:  # SQLite refuses the write, as for a read-only file
        conn.execute(
            "CREATE TRIGGER no_writes BEFORE INSERT ON places"
            " BEGIN SELECT RAISE(ABORT, 'attempt to write a readonly database'); END"
        )
    monkeypatch.setenv("BOT_DB", str(path))
    monkeypatch.chdir(tmp_path)
    before = _ids_in(path)
    good = tmp_path / "good.csv"
    good.write_bytes(file_of(row(id="house-a")))
    assert main(["import", "places", str(good), "--remove"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "diaspora-bot: database error: attempt to write a readonly database; nothing was changed"
    ]
    assert _ids_in(path) == before


def test_import_replaces_all_or_nothing_and_export_round_trips(
    cli_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = cli_db
    before = _ids_in(path)
    assert len(before) >= 30

    broken = tmp_path / "broken.csv"
    broken.write_bytes(file_of(row(id="house-a"), row(id="house-b", lat="200")))
    assert main(["import", "places", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "line 3: lat '200'" in err and "nothing was imported" in err
    assert _ids_in(path) == before  # unchanged

    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:
        fh.truncate(50_000_000)
    assert main(["import", "places", str(huge)]) == 1
    assert "50.0 MB" in capsys.readouterr().err
    assert main(["import", "places", str(tmp_path / "missing.csv")]) == 1
    assert _ids_in(path) == before

    good = tmp_path / "good.csv"
    good.write_bytes(file_of(row(id="house-a"), row(id="house-b", lat="48.1", lon="11.6")))
    # an operator review: a two-row file (a spreadsheet saved half-way) replaced all 38
    assert main(["import", "places", str(good)]) == 1
    err = capsys.readouterr().err
    assert f"{len(before)} place(s) in the database are not in {good}: " in err
    assert "Nothing was imported" in err and "--remove" in err
    assert _ids_in(path) == before
    assert main(["import", "places", str(good), "--check"]) == 1  # as the import would end
    assert "would remove: " in capsys.readouterr().out
    assert main(["import", "places", str(good), "--check", "--remove"]) == 0
    capsys.readouterr()
    assert main(["import", "places", str(good), "--remove"]) == 0
    assert f"removed: {len(before)} place(s)" in capsys.readouterr().out
    assert _ids_in(path) == ["house-a", "house-b"]
    assert _nearest_in(path, 48.0, 11.5) == ["house-b", "house-a"]

    exported = tmp_path / "out.csv"
    assert main(["export", "places", str(exported)]) == 0
    assert places.parse(exported.read_bytes()) == places.parse(good.read_bytes())


def test_a_semicolon_csv_from_excel_is_refused_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel where the decimal separator is a comma saves "CSV" with semicolons (and a BOM,
    and CRLF): it only said the header must be id,kind,…"""
    monkeypatch.chdir(tmp_path)
    rows = list(csv.reader(io.StringIO((DATA_DIR / "places.csv").read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    excel = tmp_path / "places-excel.csv"
    excel.write_bytes(out.getvalue().encode("utf-8-sig"))
    assert main(["import", "places", str(excel), "--check"]) == 1
    first, last = capsys.readouterr().err.strip().splitlines()
    assert first == (
        f"{excel}: line 1: the header must be: {HEADER}; this file separates its columns with"
        ' semicolons (;): save it as "CSV UTF-8 (comma delimited)" (in Excel: File > Save As)'
    )
    assert last == "diaspora-bot: 1 problem(s); nothing was imported."
    pasted = tmp_path / "pasted.csv"  # copied from a sheet into a text editor: tabs
    pasted.write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
    assert main(["import", "places", str(pasted), "--check"]) == 1
    assert "separates its columns with tabs (a paste from a sheet?)" in capsys.readouterr().err
    wrong = tmp_path / "wrong.csv"  # another wrong header: no such hint
    wrong.write_bytes(b"id;name;city\r\nx;y;z\r\n")
    assert main(["import", "places", str(wrong), "--check"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{wrong}: line 1: the header must be: {HEADER}"
    )


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        # coordinates pasted from a map into one cell, and a decimal comma (a content
        # editor's review: only "not a number")
        (row(lat="52.5200, 13.4050", lon=""), "holds both numbers: put 52.5200 in lat and 13.4050"),
        (row(lat="52,52"), "not a number between -90 and 90 (write a decimal point, not a comma)"),
        # a comma inside a text, typed in a text editor without quotes
        (row().replace("Test House", "House, Berlin"), 'must be in double quotes ("Baku, Nizami'),
        (row() + ",", "a comma at the end of the line is one too many"),
    ],
)
def test_a_places_slip_gets_a_hint(line: str, problem: str) -> None:
    with pytest.raises(places.PlacesFileError) as raised:
        places.parse(file_of(line))
    assert problem in str(raised.value.errors[0])


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (HEADER.replace(",note", ""), "(missing note)"),
        (HEADER.replace("name_en", "name_eng"), "(missing name_en; not a column: name_eng)"),
        (",".join(reversed(db.COLUMNS)), "(the columns are in another order)"),
        # a review of these hints: one of the two optional columns, capitals, a last comma
        (HEADER.replace(",city_az", ""), "(missing city_az)"),
        (HEADER.upper(), "(column names are in lower case)"),
        (HEADER + ",", "(an empty column at the end: delete the last comma)"),
    ],
)
def test_a_wrong_header_names_the_column(header: str, said: str) -> None:
    """A content editor's review: a deleted or renamed column got the 18 names only."""
    with pytest.raises(places.PlacesFileError) as raised:
        places.parse((header + "\n").encode())
    assert said in str(raised.value.errors[0])


async def test_a_restart_does_not_undo_an_import(store: Store, tmp_path: Path) -> None:
    shipped = tmp_path / "places.csv"
    shipped.write_bytes((DATA_DIR / "places.csv").read_bytes())
    await places.import_file(store, file_of(row(id="house-only")), "t", data_file=shipped)
    assert await places.load(store, shipped, "t") is False  # a restart keeps the import
    assert await _ids(store) == ["house-only"]
    shipped.write_bytes(shipped.read_bytes() + b"\n")  # until the shipped file changes
    assert await places.load(store, shipped, "t") is True
    assert len(await _ids(store)) > 1


async def test_a_changed_places_file_replacing_an_import_is_a_warning(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """After a git pull that changed data/places.csv, start-up silently undid an import."""
    import logging

    from bot.store import datafiles

    caplog.set_level(logging.INFO, logger="bot.places")
    shipped = tmp_path / "places.csv"
    shipped.write_bytes((DATA_DIR / "places.csv").read_bytes())
    imported = file_of(row(id="house-only"))
    await places.import_file(store, imported, "t", data_file=shipped)
    assert await datafiles.loaded_sha256(store, places.DATA_NAME) == (
        f"import:{hashlib.sha256(shipped.read_bytes()).hexdigest()}"
        f":{hashlib.sha256(imported).hexdigest()}"
    )
    assert await places.load(store, shipped, "t") is False
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    shipped.write_bytes(shipped.read_bytes() + b"\n")
    assert await places.load(store, shipped, "t") is True
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        f"the places imported with 'diaspora-bot import places' were replaced by {shipped},"
        " which changed since the import"
    ]
    caplog.clear()
    shipped.write_bytes(shipped.read_bytes() + b"\n")  # a change over the file's own places
    assert await places.load(store, shipped, "t") is True
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_the_imported_file_copied_to_data_places_csv_replaces_nothing(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """import advises copying the file to data/places.csv; doing so made the next start
    replace the places by the same ones, warning that the file "changed since the import"."""
    import logging

    from bot.store import datafiles

    caplog.set_level(logging.INFO, logger="bot.places")
    shipped = tmp_path / "places.csv"
    shipped.write_bytes((DATA_DIR / "places.csv").read_bytes())
    mine = file_of(
        row(id="house-a"), row(id="house-b", name_en="Munich House", lat="48.1", lon="11.6")
    )
    await places.import_file(store, mine, "t", data_file=shipped)
    shipped.write_bytes(mine)  # as the note of import advises
    replaced: list[object] = []
    real_replace = places.replace

    async def spy(*args: object, **kwargs: object) -> None:
        replaced.append(args)
        await real_replace(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(places, "replace", spy)
        assert await places.load(store, shipped, "t") is False
    assert replaced == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert await _ids(store) == ["house-a", "house-b"]
    # the file's places now: a later change to it loads without an "imported" warning
    assert await datafiles.loaded_sha256(store, places.DATA_NAME) == (
        hashlib.sha256(mine).hexdigest()
    )
    assert await places.load(store, shipped, "t") is False
    shipped.write_bytes(mine + row(id="house-c", name_en="Third House").encode() + b"\n")
    assert await places.load(store, shipped, "t") is True
    assert await _ids(store) == ["house-a", "house-b", "house-c"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("imported", [True, False])
async def test_upgrading_keeps_places_an_older_bot_imported(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture, imported: bool
) -> None:
    """An older bot recorded an import with the digest of the data/places.csv it shipped, as
    if that file were loaded; this version ships a changed file, so its first start replaced
    the imported places, silently. The places themselves now tell an import from the file."""
    import logging

    from bot.store import datafiles

    caplog.set_level(logging.INFO, logger="bot.places")
    before = (Path(__file__).parent / "data" / "places_before_city_names.csv").read_bytes()
    legacy = hashlib.sha256(before).hexdigest()
    assert legacy in places.SHIPPED_BEFORE_IMPORT_RECORDS  # the file of 2026-11-26
    rows = places.parse(file_of(row(id="house-mine")) if imported else before)
    await places.replace(store, rows, sha256=legacy, now="t")  # as the older bot recorded it
    shipped = DATA_DIR / "places.csv"
    assert await places.load(store, shipped, "t") is not imported
    ids = await _ids(store)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    if imported:
        assert ids == ["house-mine"]
        assert warnings and "were imported (by an older version) and are kept" in warnings[0]
        # recorded as an import now: kept at the next start, without a second warning
        recorded = await datafiles.loaded_sha256(store, places.DATA_NAME)
        assert recorded == "import:" + hashlib.sha256(shipped.read_bytes()).hexdigest()
        assert await places.load(store, shipped, "t") is False
        assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    else:  # the shipped places of then: replaced by the new file's, with their city names
        # as many as the shipped file has (an operator adding a House must not fail this)
        assert len(ids) == len(places.parse(shipped.read_bytes())) and not warnings
        card = (await places.nearest_places(store, 50.94, 6.96, "house"))[0].place
        assert card.city_name("ru") == "Кёльн"


def test_import_says_the_places_last_until_data_places_csv_changes(
    cli_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(file_of(row(id="house-a")))
    assert main(["import", "places", str(good), "--remove"]) == 0
    shipped = DATA_DIR / places.DATA_NAME
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"imported 1 places from {good}",
        f"note: the bot keeps these places until {shipped} changes (an upgrade or git pull"
        f" that brings a new one replaces them at the next start): copy {good} to {shipped}"
        " to keep them across upgrades",
    ]
    assert main(["import", "places", str(shipped), "--remove"]) == 0  # data/places.csv: no note
    assert "note" not in capsys.readouterr().out


async def test_an_import_without_places_is_refused(store: Store) -> None:
    before = await _ids(store)
    with pytest.raises(places.PlacesFileError, match="no places"):
        await places.import_file(store, file_of(), "t")
    assert await _ids(store) == before


@pytest.mark.parametrize("value", ["１２", "1_0", "nan", "inf", "52,5", "0x10"])
async def test_odd_number_formats_are_refused(store: Store, value: str) -> None:
    with pytest.raises(places.PlacesFileError, match="lat"):
        await places.import_file(store, file_of(row(lat=value)), "t")


@pytest.mark.parametrize(
    ("lat", "lon", "country", "reason"),
    [
        # Berlin's 52.52,13.40 the wrong way round is in Yemen: it passed every check
        ("13.4105", "52.5244", "DE", "Germany (DE): are lat and lon swapped? (52.5244,13.4105 is)"),
        # New York with its minus sign lost is in Kyrgyzstan
        (
            "40.7",
            "74.0",
            "US",
            "United States (US): is a minus sign missing or extra? (40.7,-74.0 is)",
        ),
        ("-52.52", "13.4", "DE", "Germany (DE): is a minus sign missing or extra? (52.52,13.4 is)"),
        # in another country's town: "Toronto, Germany" on the card (an operator review)
        (
            "43.6532",
            "-79.3832",
            "DE",
            "Germany (DE): it is in Canada: is the point wrong, or country_code (should it be CA?)",
        ),
        ("48.86", "2.35", "TR", "Türkiye (TR): it is in France: is the point wrong,"),
        ("0", "0", "CA", "Canada (CA): 0,0 is no place (a placeholder?)"),
    ],
)
async def test_a_point_nowhere_near_its_country_is_refused(
    store: Store, lat: str, lon: str, country: str, reason: str
) -> None:
    before = await _ids(store)
    bad = file_of(row(id="house-a"), row(id="house-b", lat=lat, lon=lon, country_code=country))
    with pytest.raises(places.PlacesFileError) as refused:
        await places.import_file(store, bad, "t")
    expected = f"line 3: lat,lon {float(lat)},{float(lon)} is not in or near {reason}"
    assert [str(e)[: len(expected)] for e in refused.value.errors] == [expected]
    assert await _ids(store) == before


async def test_a_row_copied_with_a_new_id_is_doubted(store: Store) -> None:
    """An operator review: a copy-pasted row with a new id listed the same House twice."""
    doubts: list[places.RowError] = []
    copied = file_of(
        row(id="house-a", name_en="House of Azerbaijan Berlin"),
        row(id="house-b", name_en="Some Other House"),
        row(id="house-c", name_en="house of  Azerbaijan berlin"),
        row(id="school-a", kind="school", name_en="House of Azerbaijan Berlin"),
    )
    assert await places.import_file(store, copied, "t", doubt=doubts.append) == 4
    assert [str(d) for d in doubts] == ["line 4: the same kind and name_en as line 2: a copy?"]


@pytest.mark.parametrize(
    ("lat", "lon", "country", "doubted"),
    [
        ("48.57", "7.81", "FR", False),  # Kehl, across the Rhine from Strasbourg: near France
        ("41.55", "44.99", "AZ", False),  # Marneuli, Georgia: a few km from Azerbaijan
        ("54.71", "20.51", "RU", False),  # Kaliningrad
        ("39.21", "45.41", "AZ", False),  # Nakhchivan
        ("-54.8", "-68.3", "AR", False),  # Ushuaia
        # far from any city the gazetteer has, or a territory with its country's code (a
        # review: these were refused): taken, with a warning to check them
        ("-20.88", "55.45", "FR", True),  # Saint-Denis, Réunion
        ("63.75", "-68.52", "CA", True),  # Iqaluit
        ("13.47", "144.75", "US", True),  # Hagåtña, Guam: a territory, in the US's list
        ("-25.07", "-130.1", "GB", True),  # Adamstown, Pitcairn (a review: refused)
        ("23.68", "-15.96", "MA", True),  # Dakhla, Western Sahara
    ],
)
async def test_a_point_near_its_country_or_far_without_a_slip_is_taken(
    store: Store, lat: str, lon: str, country: str, doubted: bool
) -> None:
    doubts: list[places.RowError] = []
    good = file_of(row(id="house-a", lat=lat, lon=lon, country_code=country))
    assert await places.import_file(store, good, "t", doubt=doubts.append) == 1
    assert [str(d) for d in doubts] == (
        [
            f"line 2: lat,lon {lat},{lon} is not in or near {places.country_name(country, 'en')}"
            f" ({country}) (no city of it within 300 km): check it"
        ]
        if doubted
        else []
    )


def test_import_check_looks_at_the_points_when_there_is_a_database(
    cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    swapped = tmp_path / "swapped.csv"
    swapped.write_bytes(file_of(row(id="house-a"), row(id="house-b", lat="13.4", lon="52.5")))
    assert main(["import", "places", str(swapped), "--check"]) == 1
    err = capsys.readouterr().err
    assert "line 3: lat,lon 13.4,52.5 is not in or near Germany (DE)" in err
    assert "nothing was imported" in err
    good = tmp_path / "good.csv"
    good.write_bytes(file_of(row(id="house-a")))
    assert main(["import", "places", str(good), "--check", "--remove"]) == 0
    assert capsys.readouterr().out.startswith(f"ok: 1 places in {good} can be imported\n")
    far = tmp_path / "far.csv"
    far.write_bytes(file_of(row(id="house-a", lat="-20.88", lon="55.45", country_code="FR")))
    assert main(["import", "places", str(far), "--check", "--remove"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"ok: 1 places in {far} can be imported\n")
    assert err == (
        f"{far}: warning: line 2: lat,lon -20.88,55.45 is not in or near France (FR) (no city"
        " of it within 300 km): check it\n"
    )
    for side in ("", "-wal", "-shm"):  # no database yet: against the shipped gazetteer, as
        Path(f"{cli_db}{side}").unlink(missing_ok=True)  # the first start will (a review: "ok")
    assert main(["import", "places", str(swapped), "--check"]) == 1
    assert "line 3: lat,lon 13.4,52.5 is not in or near Germany" in capsys.readouterr().err
    assert not cli_db.exists()
    empty = tmp_path / "cli.sqlite3"  # a database that was never started: left as it is
    empty.touch()
    assert main(["import", "places", str(swapped), "--check"]) == 1
    assert "is not in or near Germany" in capsys.readouterr().err
    assert empty.read_bytes() == b"" and not (tmp_path / "cli.sqlite3-wal").exists()


async def test_a_bad_places_file_at_start_keeps_the_old_places(
    store: Store, tmp_path: Path
) -> None:
    before = await _ids(store)
    assert before
    bad = tmp_path / "places.csv"
    swapped = row(lat="13.4", lon="52.5")
    for content in (file_of(row(lat="x")), file_of(), file_of(swapped)):
        bad.write_bytes(content)
        assert await places.load(store, bad, "t") is False
        assert await _ids(store) == before


def test_import_check_refuses_a_file_with_no_places_as_the_import_does(
    cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operator review: --check said "ok: 0 places", the import then refused the file."""
    header = tmp_path / "header.csv"
    header.write_bytes(file_of())
    assert main(["import", "places", str(header), "--check"]) == 1
    assert "line 2: no places in the file; nothing would be left" in capsys.readouterr().err


async def test_a_bad_places_file_with_no_places_stored_is_a_content_error(
    tmp_path: Path,
) -> None:
    from bot.config import ContentError

    fresh = await Store.open(tmp_path / "fresh.sqlite3")
    try:
        bad = tmp_path / "places.csv"
        bad.write_bytes(file_of(row(lat="x")))
        with pytest.raises(ContentError, match="no places are stored: line 2"):
            await places.load(fresh, bad, "t")
        assert not await places.has_places(fresh)
    finally:
        await fresh.close()


def test_export_from_a_database_that_does_not_exist_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped BOT_DB would otherwise export an empty list over a good file."""
    monkeypatch.setenv("BOT_DB", str(tmp_path / "typo.sqlite3"))
    target = tmp_path / "places.csv"
    target.write_text("keep me", encoding="utf-8")
    assert main(["export", "places", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "typo.sqlite3").exists()


def _version(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_export_reads_an_older_database_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """export upgraded a schema-7 database to the bot's schema; the older bot it belonged to
    then refused to start on it."""
    path = tmp_path / "old.sqlite3"
    database_at(
        path,
        7,
        "INSERT INTO places (id, kind, name_en, city, country_code, lat, lon, location)"
        " VALUES ('house-old', 'house', 'Old House', 'Berlin', 'DE', 52.5, 13.4, 'city');",
    )
    monkeypatch.setenv("BOT_DB", str(path))
    monkeypatch.chdir(tmp_path)
    before = path.read_bytes()
    assert main(["export", "places", "out.csv"]) == 0
    assert path.read_bytes() == before and _version(path) == 7
    exported = (tmp_path / "out.csv").read_bytes()
    found = list(csv.DictReader(io.StringIO(exported.decode())))
    assert [(r["id"], r["city"], r["city_az"], r["city_ru"]) for r in found] == [
        ("house-old", "Berlin", "", "")  # no such columns before migration 0013
    ]
    assert len(places.parse(exported)) == 1  # and it imports again

    older = tmp_path / "older.sqlite3"
    database_at(older, 3, "")  # before the places table (migration 0004)
    monkeypatch.setenv("BOT_DB", str(older))
    assert main(["export", "places", "older.csv"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"diaspora-bot: {older} has no places yet (schema version 3; this bot expects"
        f" {latest_version()}); nothing exported"
    ]
    assert not (tmp_path / "older.csv").exists() and _version(older) == 3


def test_export_never_replaces_a_file_unless_forced(
    tmp_path: Path,
    cli_db: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As backup: an export over an existing file (maybe the edited one) is refused."""
    path = cli_db
    target = tmp_path / "places.csv"
    target.write_text("my edits", encoding="utf-8")
    assert main(["export", "places", "places.csv"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "diaspora-bot: places.csv exists; choose a new file name, or --force"
    ]
    assert target.read_text(encoding="utf-8") == "my edits"
    assert main(["export", "places", "places.csv", "--force"]) == 0
    assert target.read_bytes() == (DATA_DIR / places.DATA_NAME).read_bytes()
    # never over the database itself, not even with --force (it became a CSV file)
    before = path.read_bytes()
    assert main(["export", "places", "cli.sqlite3", "--force"]) == 2
    assert "is the database (BOT_DB)" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_an_export_of_the_shipped_places_is_the_shipped_file(
    tmp_path: Path,
    cli_db: Path,
) -> None:
    """So an admin can diff an export against data/places.csv (6.9500 came out as 6.95)."""
    assert main(["export", "places", "out.csv"]) == 0
    shipped = (DATA_DIR / places.DATA_NAME).read_text(encoding="utf-8")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == shipped


# -- nearest: the R*Tree answer equals a brute-force scan ------------------------------------
@pytest.fixture(scope="module")
def synthetic() -> list[tuple[str, float, float]]:
    rng = random.Random(7)
    points = [(f"house-p{i}", rng.uniform(-85, 85), rng.uniform(-180, 180)) for i in range(300)]
    points += [
        (f"house-dl{i}", rng.uniform(-20, 20), rng.choice([-179.9, 179.9])) for i in range(5)
    ]
    return points


@settings(max_examples=60, deadline=None)
@given(lat=st.floats(-90, 90), lon=st.floats(-180, 180), limit=st.integers(1, 5))
async def test_nearest_equals_brute_force(
    synthetic: list[tuple[str, float, float]],
    tmp_path_factory: pytest.TempPathFactory,
    lat: float,
    lon: float,
    limit: int,
) -> None:
    path = tmp_path_factory.mktemp("nn") / "nn.sqlite3"
    store = await Store.open(path)
    try:
        rows = [row(id=i, lat=repr(a), lon=repr(o)) for i, a, o in synthetic]
        await places.replace(store, places.parse(file_of(*rows)), sha256="x", now="t")
        got = await places.nearest_places(store, lat, lon, "house", limit)
        want = sorted(synthetic, key=lambda p: geo.distance_km(lat, lon, p[1], p[2]))[:limit]
        got_km = [n.km for n in got]
        want_km = [geo.distance_km(lat, lon, a, o) for _, a, o in want]
        assert all(math.isclose(g, w, abs_tol=1e-6) for g, w in zip(got_km, want_km, strict=True))
    finally:
        await store.close()


def test_a_source_url_too_long_for_an_answer_is_refused() -> None:
    """It is shown (as a link) in every answer; 2,000 characters each emptied the reply."""
    with pytest.raises(places.PlacesFileError, match="source_url is longer than 300"):
        places.parse(file_of(row(id="house-ok", source_url="https://x.org/" + "a" * 400)))
