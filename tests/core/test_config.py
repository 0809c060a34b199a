"""Config: defaults for every key, DESIGN.md's example as a contract, and clear errors."""

from __future__ import annotations

import tomllib

import locations
import pytest

from wfm.core.config import config_for_queue, hours_by_weekday, load_config, parse_config
from wfm.core.errors import InputError

EXAMPLES = locations.REPO / "examples"

# The example from DESIGN.md ("a stable contract: scripts and other tools write them").
DESIGN_EXAMPLE = """
[centre]
name = "Anonymous Bank"
timezone = "Asia/Jerusalem"
country = "IL"
open_days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri"]
week_start = "Sun"
interval_minutes = 30

[centre.hours]
default = ["07:00", "24:00"]
Fri = ["07:00", "14:00"]

[history]
volume = "calls"
timestamp = "interval_start"

[service]
goal = 0.80
answer_seconds = 20
max_occupancy = 0.85
shrinkage = 0.25
patience_seconds = 180
staffing_model = "erlang_c"
aht_seconds = 240

[[shift]]
name = "early"
start = ["07:00", "09:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[contract]]
name = "full-time"
hours_per_week = [36, 40]
max_consecutive_days = 5
min_rest_hours = 11
shifts = ["early", "day", "late"]
cost_per_hour = 20.0

[[contract]]
name = "part-time"
hours_per_week = [16, 24]
max_consecutive_days = 5
min_rest_hours = 11
shifts = ["short"]
cost_per_hour = 18.0

[leave]
min_block_days = 5
max_away_share = 0.15
"""


def _parse(text: str):
    return parse_config(tomllib.loads(text))


def _error(text: str) -> str:
    with pytest.raises(InputError) as info:
        _parse(text)
    return str(info.value)


# -- defaults ------------------------------------------------------------------------------
def test_no_config_gives_documented_defaults():
    cfg = load_config(None)
    assert cfg.centre["interval_minutes"] == 30
    assert cfg.centre["timezone"] == "UTC"
    assert cfg.centre["country"] == ""
    assert cfg.centre["open_days"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert cfg.service["goal"] == 0.80
    assert cfg.service["answer_seconds"] == 20
    assert cfg.service["max_occupancy"] == 0.85
    assert cfg.service["shrinkage"] == 0.25
    assert cfg.service["patience_seconds"] == 180
    assert cfg.service["staffing_model"] == "erlang_c"
    assert cfg.service["aht_seconds"] == 240
    assert cfg.forecast["levels"] == [80, 95]
    assert cfg.leave == {"min_block_days": 5, "max_away_share": 0.15, "week_days": 5,
                         "blackout": [], "requested_reward": 50.0}
    assert cfg.season["hire_contract"] == "" and cfg.season["schedule_efficiency"] == 0.88
    assert cfg.shifts == () and cfg.contracts == ()


def test_no_hours_means_open_round_the_clock_on_open_days():
    cfg = _parse('[centre]\nopen_days = ["Mon", "Sat"]\n')
    assert hours_by_weekday(cfg) == {0: (0, 1440), 5: (0, 1440)}


def test_empty_file_is_a_valid_config(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("")
    cfg = load_config(path)
    assert cfg.centre == load_config(None).centre
    assert cfg.path == path


def test_design_example_parses_with_its_values():
    cfg = _parse(DESIGN_EXAMPLE)
    assert cfg.centre["timezone"] == "Asia/Jerusalem"
    assert cfg.centre["open_days"] == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri"]
    assert cfg.history["volume"] == "calls"
    # integers in TOML are accepted where a number is expected, and read as floats
    assert cfg.service["answer_seconds"] == 20.0
    assert isinstance(cfg.service["answer_seconds"], float)
    assert [s["name"] for s in cfg.shifts] == ["early"]
    assert [c["name"] for c in cfg.contracts] == ["full-time", "part-time"]
    hours = hours_by_weekday(cfg)
    assert hours[6] == (7 * 60, 1440)  # Sun: default, "24:00" is the end of the day
    assert hours[4] == (7 * 60, 14 * 60)  # Fri
    assert 5 not in hours  # Sat is not an open day


def test_example_configs_for_the_bank_load():
    for name in ("bank_1999.toml", "bank_1999_calls.toml"):
        cfg = load_config(EXAMPLES / name)
        assert cfg.centre["country"] == "IL"
        assert cfg.service["aht_seconds"] == 180


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    path = tmp_path / "conf" / "c.toml"
    path.parent.mkdir()
    path.write_text('[forecast]\nspecial_days = "special.csv"\n')
    cfg = load_config(path)
    assert cfg.resolve(cfg.forecast["special_days"]) == tmp_path / "conf" / "special.csv"


# -- validation ----------------------------------------------------------------------------
@pytest.mark.parametrize("goal", [0, 1, 1.5, -0.2])
def test_goal_outside_zero_one_is_rejected(goal):
    assert "goal" in _error(f"[service]\ngoal = {goal}\n")


def test_a_centre_open_on_no_day_is_refused():
    # open_days = [] gave a plan of zeros reported as 100% service
    assert "[centre] open_days: the centre is open on no day" in _error(
        "[centre]\nopen_days = []\n")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "America/Chicag"])
def test_a_time_zone_outside_the_tz_database_is_refused(zone):
    assert f"[centre] timezone: unknown time zone {zone!r}" in _error(
        f'[centre]\ntimezone = "{zone}"\n')


@pytest.mark.parametrize("minutes", [20, 45, 0, 5])
def test_interval_minutes_must_be_15_30_or_60(minutes):
    message = _error(f"[centre]\ninterval_minutes = {minutes}\n")
    assert "interval_minutes" in message and "15, 30 or 60" in message


@pytest.mark.parametrize("minutes", [15, 30, 60])
def test_interval_minutes_accepted(minutes):
    assert _parse(f"[centre]\ninterval_minutes = {minutes}\n").centre["interval_minutes"] == minutes


def test_hours_ending_before_they_start_are_rejected():
    message = _error('[centre.hours]\nFri = ["14:00", "07:00"]\n')
    assert "Fri" in message and "closing time" in message


@pytest.mark.parametrize("text", ["25:00", "7am", "07:60", "24:30"])
def test_hours_must_be_clock_times_up_to_24_00(text):
    assert "HH:MM" in _error(f'[centre.hours]\ndefault = ["07:00", "{text}"]\n')


def test_hours_for_an_unknown_weekday_is_rejected():
    assert "Friday" in _error('[centre.hours]\nFriday = ["07:00", "14:00"]\n')


def test_unknown_open_day_is_rejected():
    assert "Funday" in _error('[centre]\nopen_days = ["Mon", "Funday"]\n')


@pytest.mark.parametrize(("text", "key"), [
    ('[service]\ngoal = "high"\n', "goal"),
    ("[centre]\ninterval_minutes = 30.0\n", "interval_minutes"),
    ('[centre]\nopen_days = "Mon"\n', "open_days"),
    ('[forecast]\ncombine = "yes"\n', "combine"),
    ("[forecast]\nlevels = [80.5]\n", "levels"),
    ("[service]\naht_seconds = true\n", "aht_seconds"),
])
def test_wrong_type_names_the_key(text, key):
    message = _error(text)
    assert key in message and "expected" in message


def test_unknown_key_is_named_with_a_suggestion():
    message = _error('[centre]\ntimezon = "UTC"\n')
    assert "timezon" in message and "did you mean 'timezone'" in message


def test_unknown_section_is_rejected():
    assert "sevrice" in _error("[sevrice]\ngoal = 0.8\n")


def test_shift_must_be_an_array_of_tables():
    assert "[[shift]]" in _error('[shift]\nname = "early"\n')


@pytest.mark.parametrize(("text", "word"), [
    ("[service]\nshrinkage = 1.0\n", "shrinkage"),
    ("[service]\nmax_occupancy = 0\n", "max_occupancy"),
    ("[service]\naht_seconds = 0\n", "aht_seconds"),
    ('[service]\nstaffing_model = "erlang_x"\n', "staffing_model"),
    ("[forecast]\nlevels = [40]\n", "levels"),
    ("[forecast]\nseason_band = 1.5\n", "season_band"),
    ("[forecast]\nhorizon_days = 0\n", "horizon_days"),
    ('[history]\nform = "weekly"\n', "form"),
])
def test_out_of_range_values_are_rejected(text, word):
    assert word in _error(text)


@pytest.mark.parametrize("key", ["step_days", "backtest_horizon"])
def test_negative_backtest_spacing_is_rejected(key):
    # 0 means "choose for me"; a negative value has no meaning. Unchecked, step_days = -7
    # puts the backtest origins after the history (MASE nan) and backtest_horizon = -1
    # ends `wfm forecast` in a traceback.
    assert key in _error(f"[forecast]\n{key} = -7\n")


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[centre\nname = 1\n")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(path) in str(info.value) and "TOML" in str(info.value)


def test_missing_config_file_names_the_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_config(tmp_path / "nope.toml")
    assert "nope.toml" in str(info.value)


def test_config_error_names_the_file(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[service]\ngoal = 2\n")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: ")


# -- [queues.NAME]: a queue's own settings over the centre's ---------------------------
QUEUE_CENTRE = """
[centre]
name = "Twin Peaks"
timezone = "Europe/Paris"
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
interval_minutes = 15

[centre.hours]
default = ["08:00", "20:00"]
Sat = ["09:00", "13:00"]

[service]
goal = 0.80
answer_seconds = 20
aht_seconds = 300
shrinkage = 0.30

[forecast]
models = ["ets", "mstl"]
origins = 5

[channels.chat]
concurrency = 2

[[shift]]
name = "early"
start = ["08:00", "09:00"]
hours = 8.5
"""


def test_a_queues_service_table_is_laid_over_the_centres():
    cfg = _parse(QUEUE_CENTRE + """
[queues.vip.service]
goal = 0.9
answer_seconds = 10
""")
    vip = config_for_queue(cfg, "vip")
    assert vip.service["goal"] == 0.9 and vip.service["answer_seconds"] == 10.0
    # keys the queue leaves alone are the centre's, not the defaults
    assert vip.service["aht_seconds"] == 300.0 and vip.service["shrinkage"] == 0.30
    assert vip.centre == cfg.centre and vip.forecast == cfg.forecast
    assert [s["name"] for s in vip.shifts] == ["early"]
    # the centre itself is untouched
    assert cfg.service["goal"] == 0.8 and cfg.service["answer_seconds"] == 20.0


def test_a_queue_without_a_table_is_planned_with_the_centres_config():
    cfg = _parse(QUEUE_CENTRE + "[queues.vip.service]\ngoal = 0.9\n")
    assert config_for_queue(cfg, "standard") is cfg
    assert config_for_queue(cfg, "VIP") is cfg  # queue names are matched exactly
    plain = _parse(QUEUE_CENTRE)
    assert plain.extra["queues"] == {}
    assert config_for_queue(plain, "vip") is plain


def test_a_queues_hours_replace_the_centres_hours_and_keep_its_days():
    cfg = _parse(QUEUE_CENTRE + """
[queues.web.centre.hours]
default = ["10:00", "16:00"]
""")
    web = config_for_queue(cfg, "web")
    assert web.centre["hours"] == {"default": ["10:00", "16:00"]}
    assert web.centre["open_days"] == cfg.centre["open_days"]
    assert web.centre["name"] == "Twin Peaks" and web.centre["timezone"] == "Europe/Paris"
    assert hours_by_weekday(web)[5] == (600, 960)  # Saturday: the queue's default
    assert hours_by_weekday(cfg)[5] == (540, 780)


def test_a_queues_open_days_and_forecast_settings():
    cfg = _parse(QUEUE_CENTRE + """
[queues.mail.centre]
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]

[queues.mail.forecast]
models = ["seasonal_naive"]
""")
    mail = config_for_queue(cfg, "mail")
    assert mail.centre["open_days"] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert 5 not in hours_by_weekday(mail)
    assert mail.forecast["models"] == ["seasonal_naive"]
    assert mail.forecast["origins"] == 5  # the centre's


def test_a_queues_channels_are_laid_over_the_centres():
    cfg = _parse(QUEUE_CENTRE + """
[queues.web.channels.chat]
concurrency = 3

[queues.web.channels.email]
response_hours = 8
""")
    web = config_for_queue(cfg, "web")
    assert web.extra["channels"]["chat"]["concurrency"] == 3
    assert web.extra["channels"]["email"]["response_hours"] == 8.0
    assert cfg.extra["channels"]["chat"]["concurrency"] == 2
    assert "email" not in cfg.extra["channels"]


def test_several_queues_each_get_their_own_config():
    cfg = _parse(QUEUE_CENTRE + """
[queues.a.service]
goal = 0.7
[queues.b.service]
goal = 0.95
""")
    assert sorted(cfg.extra["queues"]) == ["a", "b"]
    assert config_for_queue(cfg, "a").service["goal"] == 0.7
    assert config_for_queue(cfg, "b").service["goal"] == 0.95


@pytest.mark.parametrize("text", [
    "[queues.vip.centre]\ninterval_minutes = 15\n",
    '[queues.vip.centre]\ntimezone = "Europe/Paris"\n',
])
def test_repeating_the_centres_clock_and_grid_is_allowed(text):
    cfg = _parse(QUEUE_CENTRE + text)
    assert config_for_queue(cfg, "vip").centre["interval_minutes"] == 15


# -- errors ---------------------------------------------------------------------------------
def test_a_different_interval_is_rejected_naming_the_queue():
    message = _error(QUEUE_CENTRE + "[queues.vip.centre]\ninterval_minutes = 30\n")
    assert message == ("config: [queues.vip] centre.interval_minutes: every queue shares the "
                       "centre's interval_minutes (15), so queues add up interval by interval")


def test_a_different_time_zone_is_rejected_naming_the_queue():
    message = _error(QUEUE_CENTRE + '[queues.vip.centre]\ntimezone = "UTC"\n')
    assert "[queues.vip] centre.timezone" in message and "'Europe/Paris'" in message


@pytest.mark.parametrize(("section", "hint"), [
    ("history", ""), ("roster", ""), ("sevrice", " (did you mean 'service'?)")])
def test_an_unknown_section_in_a_queue_is_rejected(section, hint):
    message = _error(QUEUE_CENTRE + f"[queues.vip.{section}]\ngoal = 0.9\n")
    assert message == f"config: unknown key '{section}' in [queues.vip]{hint}"


@pytest.mark.parametrize(("text", "word"), [
    ("[queues.vip.service]\ngoal = 1.5\n", "goal"),
    ('[queues.vip.service]\ngoal = "high"\n', "goal"),
    ("[queues.vip.service]\ngaol = 0.9\n", "gaol"),
    ('[queues.vip.centre]\nopen_days = ["Mon", "Funday"]\n', "Funday"),
    ('[queues.vip.centre.hours]\nFri = ["14:00", "07:00"]\n', "Fri"),
    ('[queues.vip.forecast]\nlevels = [40]\n', "levels"),
])
def test_a_bad_value_in_a_queue_names_the_queue(text, word):
    message = _error(QUEUE_CENTRE + text)
    assert message.startswith("config: [queues.vip]: ") and word in message


def test_queue_tables_must_be_tables():
    assert "[queues] must be a table" in _error("queues = 3\n")
    assert "[queues.vip] must be a table" in _error("[queues]\nvip = 3\n")
    assert "[queues.vip] service: expected a table" in _error("[queues.vip]\nservice = 0.9\n")


def test_an_error_in_a_queue_names_the_config_file(tmp_path):
    path = tmp_path / "centre.toml"
    path.write_text("[queues.vip.service]\ngoal = 2\n")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: [queues.vip]: ")
    path.write_text("[queues.vip.service]\ngoal = 0.9\n")
    vip = config_for_queue(load_config(path), "vip")
    assert vip.path == path and vip.service["goal"] == 0.9


def test_the_bank_types_example():
    cfg = load_config(EXAMPLES / "bank_1999_types.toml")
    assert cfg.history["queue"] == "type"
    assert sorted(cfg.extra["queues"]) == ["IN", "NE"]
    ne, inet = config_for_queue(cfg, "NE"), config_for_queue(cfg, "IN")
    assert (ne.service["goal"], ne.service["answer_seconds"]) == (0.9, 15.0)
    assert ne.service["aht_seconds"] == 180.0 and ne.centre == cfg.centre
    assert hours_by_weekday(inet)[4] == (480, 780)  # Fri 08:00-13:00
    assert hours_by_weekday(cfg)[4] == (420, 840)   # the centre's Fri 07:00-14:00
    assert inet.service == cfg.service
    assert config_for_queue(cfg, "PS") is cfg


@pytest.mark.parametrize(("table", "message"), [
    ({"chat": {"concurrency": 0}}, "concurrency"),
    ({"chat": {"channel": "fax"}}, "channel"),
    ({"chat": {"concurency": 2}}, "did you mean 'concurrency'"),
    ({"email": {"response_hours": "4h"}}, "response_hours"),
])
def test_bad_channel_settings_name_the_key(table, message):
    with pytest.raises(InputError) as info:
        parse_config({"channels": table})
    assert message in str(info.value)
