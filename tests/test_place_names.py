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
    ],
)
async def test_azerbaijani_case_endings_are_still_read(
    sim: Simulator, typed: str, name: str, country: str
) -> None:
    found = await places.find_city(sim.store, typed)
    assert found.answered, typed
    assert (found.cities[0].name, found.cities[0].country_code) == (name, country)
