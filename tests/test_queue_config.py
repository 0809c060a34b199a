"""[queues.NAME] tables: a queue's own centre, service, forecast and channel settings laid
over the centre's, the grid and clock shared, and errors that name the queue."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from forecast.config import config_for_queue, hours_by_weekday, load_config, parse_config
from forecast.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

CENTRE = """
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


def _parse(text: str):
    return parse_config(tomllib.loads(text))


def _error(text: str) -> str:
    with pytest.raises(InputError) as info:
        _parse(text)
    return str(info.value)


def test_a_queues_service_table_is_laid_over_the_centres():
    cfg = _parse(CENTRE + """
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
    cfg = _parse(CENTRE + "[queues.vip.service]\ngoal = 0.9\n")
    assert config_for_queue(cfg, "standard") is cfg
    assert config_for_queue(cfg, "VIP") is cfg  # queue names are matched exactly
    plain = _parse(CENTRE)
    assert plain.extra["queues"] == {}
    assert config_for_queue(plain, "vip") is plain


def test_a_queues_hours_replace_the_centres_hours_and_keep_its_days():
    cfg = _parse(CENTRE + """
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
    cfg = _parse(CENTRE + """
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
    cfg = _parse(CENTRE + """
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
    cfg = _parse(CENTRE + """
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
    cfg = _parse(CENTRE + text)
    assert config_for_queue(cfg, "vip").centre["interval_minutes"] == 15


# -- errors ---------------------------------------------------------------------------------
def test_a_different_interval_is_rejected_naming_the_queue():
    message = _error(CENTRE + "[queues.vip.centre]\ninterval_minutes = 30\n")
    assert message == ("config: [queues.vip] centre.interval_minutes: every queue shares the "
                       "centre's interval_minutes (15), so queues add up interval by interval")


def test_a_different_time_zone_is_rejected_naming_the_queue():
    message = _error(CENTRE + '[queues.vip.centre]\ntimezone = "UTC"\n')
    assert "[queues.vip] centre.timezone" in message and "'Europe/Paris'" in message


@pytest.mark.parametrize(("section", "hint"), [
    ("history", ""), ("roster", ""), ("sevrice", " (did you mean 'service'?)")])
def test_an_unknown_section_in_a_queue_is_rejected(section, hint):
    message = _error(CENTRE + f"[queues.vip.{section}]\ngoal = 0.9\n")
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
    message = _error(CENTRE + text)
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
