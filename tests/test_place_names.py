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
