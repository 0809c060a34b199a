"""The what-if scenario file: parsing every key into a Scenario, and bad files (one line
naming the file, the scenario and the key)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import locations
import pytest

from wfm.core.errors import InputError
from wfm.schedule.whatif.scenarios import (
    SCENARIO_KEYS,
    Scenario,
    load_scenarios,
    parse_change,
    parse_scenarios,
)

REPO = locations.REPO
FILE = Path("/plans/scenarios.toml")  # only named in messages; never read


def _parse(text: str):
    return parse_scenarios(tomllib.loads(text), FILE)


def _one(body: str) -> Scenario:
    return _parse(f'[[scenario]]\nname = "s"\n{body}\n').scenarios[0]


# -- parsing -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "factor"), [
    ("+15%", 1.15), ("-10%", 0.90), ("+2.5%", 1.025), (" + 5 % ", 1.05), (1.15, 1.15), (2, 2.0)])
def test_changes_read_as_multipliers(text, factor):
    assert parse_change(text) == pytest.approx(factor)


@pytest.mark.parametrize("text", ["15%", "lots", "+15", "%", True, None, [1.1]])
def test_anything_else_is_not_a_change(text):
    assert parse_change(text) is None


def test_the_example_file_parses_with_paths_beside_it():
    path = REPO / "examples" / "scenarios.toml"
    s = load_scenarios(path)
    assert s.baseline == "baseline" and s.month == "2026-12"
    assert s.seed == 7 and s.replications == 20
    assert s.history == path.parent / "../data/history.csv"
    assert s.history.is_file()
    names = [x.name for x in s.scenarios]
    assert len(names) == len(set(names)) and names[0] == "baseline"
    assert s.scenario("volume +15%").volume == pytest.approx(1.15)
    assert s.scenario("goal 90/20").service == (("goal", 0.9), ("answer_seconds", 20.0))
    team = s.scenario("team of 45 + 8 hires")
    assert team.headcount == 45 and team.hires == 8 and team.capacity_view


def test_defaults_and_shared_headcount():
    s = _parse('[whatif]\nheadcount = 30\n[[scenario]]\nname = "a"\n'
               '[[scenario]]\nname = "b"\nheadcount = 40\nhires = 3\n')
    assert s.baseline == "a"  # the first scenario when none is named
    assert s.seed == 7 and s.replications == 20 and s.history is None
    assert s.scenario("a").headcount == 30 and s.scenario("a").hires == 0
    assert s.scenario("b").headcount == 40 and s.scenario("b").hires == 3
    plain = _parse('[[scenario]]\nname = "a"\n').scenarios[0]
    assert plain == Scenario(name="a") and not plain.capacity_view


def test_every_scenario_key_is_documented_and_parsed():
    s = _one('volume = { "2027-01" = "+10%", "2027-02" = 0.5 }\naht = 330\n'
             'move_to_chat = 0.25\nmove_to_email = 0.25\ngoal = 0.9\nanswer_seconds = 15\n'
             'shrinkage = 0.3\nmax_occupancy = 0.9\npatience_seconds = 120\n'
             'hours = { default = ["09:00", "17:00"] }\nheadcount = 12.5\nhires = 2')
    assert s.volume == 1.0 and s.volume_by_month == (("2027-01", pytest.approx(1.1)),
                                                     ("2027-02", 0.5))
    assert s.aht_seconds == 330 and s.aht_factor == 1.0
    assert (s.move_to_chat, s.move_to_email) == (0.25, 0.25)
    assert dict(s.service) == {"goal": 0.9, "answer_seconds": 15, "shrinkage": 0.3,
                               "max_occupancy": 0.9, "patience_seconds": 120}
    assert s.hours == (("default", ("09:00", "17:00")),)
    assert (s.headcount, s.hires, s.roster) == (12.5, 2, False)
    assert _one("roster = true").roster
    assert set(SCENARIO_KEYS) == {"name", "volume", "aht", "move_to_chat", "move_to_email",
                                  *dict(s.service), "hours", "headcount", "hires", "roster"}


# -- bad files ---------------------------------------------------------------------------------
def _error(text: str) -> str:
    with pytest.raises(InputError) as info:
        _parse(text)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(FILE))
    return message


def test_unknown_key_names_file_scenario_key_and_known_keys():
    msg = _error('[[scenario]]\nname = "busy"\nvolumes = "+5%"\n')
    assert "scenario 'busy': unknown key 'volumes' (did you mean 'volume'?)" in msg
    assert "known keys: " + ", ".join(SCENARIO_KEYS) in msg


@pytest.mark.parametrize(("body", "key", "expected"), [
    ('volume = "lots"', "volume", 'a change like "+15%"'),
    ("volume = -1.0", "volume", "a multiplier > 0"),
    ('volume = "-100%"', "volume", "a multiplier > 0"),
    ('volume = { "January" = "+5%" }', "volume", "a table of months"),
    ("volume = true", "volume", "a change"),
    ('aht = "long"', "aht", "seconds > 0"),
    ("aht = 0", "aht", "seconds > 0"),
    ("goal = 1.5", "goal", "a share between 0 and 1"),
    ('goal = "90%"', "goal", "a share between 0 and 1"),
    ("shrinkage = 1.0", "shrinkage", "a share from 0"),
    ("max_occupancy = 0", "max_occupancy", "above 0"),
    ("answer_seconds = -5", "answer_seconds", "seconds >= 0"),
    ("patience_seconds = 0", "patience_seconds", "seconds > 0"),
    ("move_to_chat = 1.2", "move_to_chat", "from 0 to 1"),
    ('hours = ["08:00", "18:00"]', "hours", "a table of opening hours"),
    ("headcount = 0", "headcount", "> 0"),
    ("headcount = 10\nhires = 2.5", "hires", "a whole number"),
    ('roster = "yes"', "roster", "true or false"),
])
def test_wrong_type_names_scenario_key_and_what_was_expected(body, key, expected):
    msg = _error(f'[[scenario]]\nname = "x"\n{body}\n')
    assert f"scenario 'x' {key}: expected " in msg and expected in msg


@pytest.mark.parametrize(("text", "expected"), [
    ('[[scenario]]\nname = "x"\nhours = { default = ["18:00", "08:00"] }',
     "scenario 'x' hours: [centre.hours] default: closing time must be after opening time"),
    ('[[scenario]]\nname = "x"\nhours = { Funday = ["08:00", "18:00"] }',
     "scenario 'x' hours: [centre.hours] unknown key 'Funday'"),
    ('[[scenario]]\nname = "x"\nmove_to_chat = 0.7\nmove_to_email = 0.4',
     "move_to_chat + move_to_email: expected shares adding up to at most 1"),
    ('[[scenario]]\nname = "x"\nhires = 3', "hires add to a headcount"),
    ('[[scenario]]\nname = "x"\nroster = true\nmove_to_chat = 0.2',
     "scenario 'x' roster: a roster plans named staff for one voice queue"),
    ('[whatif]\nbaseline = "base"\n[[scenario]]\nname = "x"',
     "[whatif] baseline: no scenario is called 'base' (scenarios: x)"),
    ('[[scenario]]\nname = "x"\n[[scenario]]\nname = "x"',
     "scenario 'x': a second scenario with the same name"),
    ('[whatif]\nreplication = 5\n[[scenario]]\nname = "x"',
     "[whatif]: unknown key 'replication' (did you mean 'replications'?)"),
    ('[whatif]\nreplications = 1\n[[scenario]]\nname = "x"', "[whatif] replications: expected"),
    ('[whatif]\nmonth = "2027-13"\n[[scenario]]\nname = "x"', "[whatif] month: expected a month"),
    ('[whatif]\nseed = 1.5\n[[scenario]]\nname = "x"', "[whatif] seed: expected a whole number"),
    ('[[scenario]]\nvolume = "+5%"', "[[scenario]] #1: expected a key 'name'"),
    ("[whatif]\nseed = 1", "expected at least one [[scenario]] table"),
    ('[scenarios]\nname = "x"', "unknown table 'scenarios'"),
])
def test_bad_files_give_one_line(text, expected):
    assert expected in _error(text)


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(InputError, match="scenario file not found"):
        load_scenarios(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[scenario]]\nname = "x\n')
    with pytest.raises(InputError, match="not valid TOML"):
        load_scenarios(bad)
