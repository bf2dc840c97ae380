"""Names of places as people type them: UK nations, town names that end like an Azerbaijani
case ending, namesakes of a listed place's city, the places' own city names, countries in
their own languages."""

from __future__ import annotations

import pytest

from bot import places
from bot.simulator import Simulator


# -- H2: Scotland and Wales are regions, not the United Kingdom -------------------------------
@pytest.mark.parametrize(
    ("lang", "typed", "title"),
    [
        ("en", "/houses Scotland", "📍 <b>Near Glasgow</b> (Scotland, United Kingdom)"),
        ("en", "/houses Wales", "📍 <b>Near Cardiff</b> (Wales, United Kingdom)"),
        ("az", "/houses Şotlandiya", "(Şotlandiya, Birləşmiş Krallıq)"),
        ("en", "/houses Northern Ireland", "📍 <b>Near Belfast</b>"),
        # England is said for the whole kingdom: its largest city either way
        ("en", "/houses England", "📍 <b>Near London</b> (United Kingdom)"),
        ("en", "/houses UK", "📍 <b>Near London</b> (United Kingdom)"),
        ("en", "/houses Great Britain", "📍 <b>Near London</b> (United Kingdom)"),
    ],
)
async def test_the_uk_nations_are_answered_for_their_own_largest_city(
    sim: Simulator, lang: str, typed: str, title: str
) -> None:
    """ "Scotland" was a name of the United Kingdom: "Near London … Brussels 320 km"."""
    answer = (await sim.send(sim.person(301, lang), typed))[0]
    assert title in answer.text.split("\n")[0]


@pytest.mark.parametrize("typed", ["Scotland", "Wales", "Шотландия", "Uels"])
async def test_scotland_and_wales_name_no_country(typed: str) -> None:
    assert places.country_code(typed) is None


# -- H3: a word that only ends like an Azerbaijani case ending --------------------------------
@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Sölden", "Seoul"),  # "Söl"+"den" was Seoul (6,784 km from the Austrian village)
        ("Solden", "Seoul"),  # o takes -dan: no ablative either
        ("Garda", "Gar"),  # "Gar"+"da": Gar, Tibet, 25,000 people
    ],
)
async def test_a_town_that_ends_like_a_case_ending_is_offered_not_answered(
    sim: Simulator, typed: str, first: str
) -> None:
    found = await places.find_city(sim.store, typed)
    assert not found.answered
    (answer,) = await sim.send(sim.person(310, "en"), f"/houses {typed}")
    assert answer.text.startswith("I don't know a city called")
    labels = [row[0]["text"] for row in answer.reply_markup["inline_keyboard"]]
    assert labels[0].startswith(first)


@pytest.mark.parametrize(
    ("typed", "name", "country"),
    [
        ("Berlində", "Berlin", "DE"),
        ("berlinde", "Berlin", "DE"),
        ("Hamburqda", "Hamburg", "DE"),
        ("Londonda", "London", "GB"),
        ("Londonun", "London", "GB"),
        ("Moskvada", "Moscow", "RU"),
        ("Moskvadayam", "Moscow", "RU"),
        ("Berlindəyəm", "Berlin", "DE"),
        ("Parisdə", "Paris", "FR"),
        ("Bakıda", "Baku", "AZ"),
        ("bakida", "Baku", "AZ"),  # i for ı, without an Azerbaijani keyboard
        ("Bakının", "Baku", "AZ"),
        ("Şəkidə", "Sheki", "AZ"),
        ("Kölnde", "Köln", "DE"),
        ("Kolnde", "Köln", "DE"),  # o for ö
        ("Ufada", "Ufa", "RU"),  # three letters, and a city of a million
        ("Naxçıvanda", "Naxçıvan", "AZ"),
        ("istanbulda", "Istanbul", "TR"),
        # the Azerbaijani speaker's review: "no city called …"
        ("men Parisdeyem", "Paris", "FR"),  # I am in Paris
        ("Berlin yaxınlığında", "Berlin", "DE"),  # near Berlin
        ("Torontodakı", "Toronto", "CA"),  # the … in Toronto
        ("Torontodaki", "Toronto", "CA"),
    ],
)
async def test_azerbaijani_case_endings_are_still_read(
    sim: Simulator, typed: str, name: str, country: str
) -> None:
    found = await places.find_city(sim.store, typed)
    assert found.answered, typed
    assert (found.cities[0].name, found.cities[0].country_code) == (name, country)


# -- M4: the places' own city names, as the cards print them ----------------------------------
def _listed_cities() -> list[tuple[str, str, float | None, str]]:
    import csv

    from bot.app import DATA_DIR

    with (DATA_DIR / "places.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return sorted(
        {
            (name, r["country_code"], float(r["lat"]) if r["lat"] else None, r["id"])
            for r in rows
            for name in (r["city"], r["city_az"], r["city_ru"])
            if name and r["lat"]  # a place without a point has no city to answer for
        }
    )


@pytest.mark.parametrize(("name", "country", "lat", "place"), _listed_cities())
async def test_every_city_name_of_the_places_file_finds_its_place(
    sim: Simulator, name: str, country: str, lat: float | None, place: str
) -> None:
    """ "North York" offered North Port, Florida; "Kouachra", "Kuaşra", "Qeysəri" were
    unknown; "Aleksandriya, Virciniya" was "Aleksandri" (the ending cut)."""
    from bot import geo

    found = await places.find_city(sim.store, name)
    assert found.answered, name
    city = found.cities[0]
    assert city.country_code == country, name
    rows = {p.id: p for p in await places.in_country(sim.store, "house", country)}
    rows |= {p.id: p for p in await places.in_country(sim.store, "school", country)}
    listed = rows[place]
    if listed.lat is not None and listed.lon is not None:
        assert geo.distance_km(city.lat, city.lon, listed.lat, listed.lon) < 30, name


@pytest.mark.parametrize(
    ("lang", "typed", "title"),
    [
        ("en", "/houses North York", "📍 <b>Near North York</b> (Canada)"),
        ("az", "/houses Qeysəri", "📍 <b>Qeysəri yaxınlığında</b> (Türkiyə)"),
        ("az", "/houses Qeysəri, Türkiyə", "📍 <b>Qeysəri yaxınlığında</b> (Türkiyə)"),
        (
            "az",
            "/houses Aleksandriya, Virciniya",
            "📍 <b>Aleksandriya, Virciniya yaxınlığında</b> (Amerika Birləşmiş Ştatları)",
        ),
        ("en", "/houses Nort-York (Toronto)", "📍 <b>Near Nort-York</b> (Canada)"),
    ],
)
async def test_a_city_named_as_a_card_prints_it_is_answered(
    sim: Simulator, lang: str, typed: str, title: str
) -> None:
    answer = (await sim.send(sim.person(320, lang), typed))[0]
    assert answer.text.split("\n")[0] == title


# -- H1: a namesake with a listed House is not hidden behind a larger city --------------------
async def test_a_namesake_with_a_listed_house_comes_first_when_asked(sim: Simulator) -> None:
    """ "is there an azerbaijani house in Alexandria?" answered Alexandria, Egypt: "None
    within 150 km; Kayseri 979 km", above the House in Alexandria, Virginia."""
    found = await places.find_city(sim.store, "Alexandria", listed_first=True)
    assert found.answered
    assert (found.cities[0].name, found.cities[0].admin1) == ("Alexandria", "VA")
    others = places.other_cities(found, found.cities[0])
    assert others[0].country_code == "EG"  # still offered
    # by default (/timezone, /houses as tests/test_places.py has it) the most populous
    assert (await places.find_city(sim.store, "Alexandria")).cities[0].country_code == "EG"
    # named with its country, it is that country's; a city with a place of its own keeps it
    there = await places.find_city(sim.store, "Alexandria, Egypt", listed_first=True)
    assert there.cities[0].country_code == "EG"
    berlin = await places.find_city(sim.store, "Berlin", listed_first=True)
    assert berlin.cities[0].country_code == "DE"
    london = await places.find_city(sim.store, "London", listed_first=True)
    assert london.cities[0].country_code == "GB"  # neither London has a place
    # a review: Vienna, Virginia is next to the House in Alexandria, but it is not its own
    for typed in ("Vienna", "Вена", "Vyana"):
        vienna = await places.find_city(sim.store, typed, listed_first=True)
        assert vienna.cities[0].country_code == "AT", typed
    (answer, *_) = await sim.send(sim.person(321, "en"), "/houses Vienna")
    assert answer.text.startswith("📍 <b>Near Vienna</b> (Austria)")


# -- M6: countries in their own languages, and in Turkish ------------------------------------
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Deutschland", "DE"),
        ("Österreich", "AT"),
        ("Polska", "PL"),
        ("España", "ES"),
        ("België", "BE"),
        ("Belgique", "BE"),
        ("Magyarország", "HU"),
        ("Eesti", "EE"),
        ("Україна", "UA"),
        ("Suisse", "CH"),
        ("Schweiz", "CH"),
        ("Norge", "NO"),  # was Mastic, New York
        ("Italia", "IT"),  # was Antalya
        ("Nederland", "NL"),  # was Nederland, Texas
        ("Almanya", "DE"),
        ("Berlin, Deutschland", None),  # a city in it: see below
    ],
)
async def test_a_country_in_its_own_language_is_that_country(
    sim: Simulator, typed: str, code: str | None
) -> None:
    found = await places.find_city(sim.store, typed)
    if code is None:
        assert found.answered and found.cities[0].country_code == "DE"
        return
    assert places.country_code(typed) == code
    assert places.country_meant(typed, found) == code


async def test_a_country_in_its_own_language_lists_its_places(sim: Simulator) -> None:
    (answer, *_) = await sim.send(sim.person(340, "en"), "/houses Deutschland")
    assert "Azerbaijan House Berlin" in answer.text and "Cologne" in answer.text


# -- a name typed with letters of the other alphabet that look the same -----------------------
@pytest.mark.parametrize(
    ("typed", "same"),
    [
        ("Мoсква", "Москва"),  # a Latin o
        ("Bеrlin", "Berlin"),  # a Cyrillic е
        ("Санкт-Пeтербург", "Санкт-Петербург"),
        ("Şəki", "Şəki"),  # Azerbaijani letters are Latin: nothing to change
        ("Baкu", "Baкu"),  # a Cyrillic к has no Latin twin in that word: left as typed
    ],
)
def test_a_word_in_one_alphabet_but_for_lookalikes_is_read_in_that_alphabet(
    typed: str, same: str
) -> None:
    from bot.gazetteer import normalize, one_script

    assert one_script(typed) == same
    assert normalize(typed) == normalize(same)


@pytest.mark.parametrize(
    "typed", ["школа в Мoскве", "Мoсква школа", "/schools Мoсква", "/schools мoсква"]
)
async def test_a_city_typed_with_a_lookalike_letter_is_that_city(
    sim: Simulator, typed: str
) -> None:
    """A keyboard switched mid-word: "Мoсква" (Latin o) had answered the schools card, or the
    city searched before it; the title shows the name in one alphabet."""
    answer = (await sim.send(sim.person(331, "ru"), typed))[0]
    assert answer.text.startswith("📍 <b>Рядом с городом Москва</b> (Россия)"), answer.text


async def test_a_much_smaller_namesake_is_not_offered(sim: Simulator) -> None:
    """ "Paris" offered Parys, South Africa, and Paris, Texas, after every answer for Paris;
    London, Ontario (20 times smaller than London) is still offered."""
    paris = await places.find_city(sim.store, "Paris", listed_first=True)
    assert places.other_cities(paris, paris.cities[0]) == []
    london = await places.find_city(sim.store, "London")
    assert [c.country_code for c in places.other_cities(london, london.cities[0])] == ["CA"]
    replies = await sim.send(sim.person(322, "en"), "is there an azerbaijani house in paris?")
    assert len(replies) == 1 and replies[0].text.startswith("📍 <b>Near Paris</b> (France)")


@pytest.mark.parametrize(
    ("said", "title"),
    [
        ("Parisdəyəm, yaxında azərbaycan evi var?", "📍 <b>Paris yaxınlığında</b> (Fransa)"),
        ("Torontodakı azərbaycan evi", "📍 <b>Toronto yaxınlığında</b> (Kanada)"),
    ],
)
async def test_an_azerbaijani_question_naming_where_one_is_searches_there(
    sim: Simulator, said: str, title: str
) -> None:
    (answer, *_) = await sim.send(sim.person(323, "az"), said)
    assert answer.text.startswith(title), answer.text[:80]


async def test_being_at_a_cafe_is_no_town(sim: Simulator) -> None:
    """ "Kafedəyəm, evə gedirəm" (I'm at a café, going home) asked what to look for in Kafe."""
    (answer, *_) = await sim.send(sim.person(324, "az"), "Kafedəyəm, evə gedirəm")
    assert "Kafe" not in answer.text and not answer.text.startswith("📍")
