"""The centre's clock: real slots of clock-change days, offsets in text, the wall-clock
bridge. Expected values worked by hand from the zones' published rules (New York: 2016-03-13
02:00 EST -> 03:00 EDT, 2016-11-06 02:00 EDT -> 01:00 EST; Jerusalem: 2016-03-25 02:00
-> 03:00, 2016-10-30 02:00 -> 01:00)."""

import numpy as np
import pandas as pd
import pytest

from wfm.core.clock import localize, on_wall_clock, real_slots, time_text, wall_clock

NY = "America/New_York"


@pytest.mark.parametrize(("day", "hours"), [("2016-03-12", 24), ("2016-03-13", 23),
                                            ("2016-11-06", 25), ("2016-11-07", 24)])
def test_a_day_has_its_real_hours_of_slots(day, hours):
    assert len(real_slots(pd.DatetimeIndex([day]), NY, 60)) == hours
    assert len(real_slots(pd.DatetimeIndex([day]), NY, 30)) == 2 * hours
    assert len(real_slots(pd.DatetimeIndex([day]), "UTC", 15)) == 96


def test_the_spring_day_skips_2am_and_the_autumn_day_repeats_1am():
    spring = real_slots(pd.DatetimeIndex(["2016-03-13"]), NY, 60)
    assert list(spring.strftime("%H:%M%z")[:4]) == ["00:00-0500", "01:00-0500", "03:00-0400",
                                                    "04:00-0400"]
    autumn = real_slots(pd.DatetimeIndex(["2016-11-06"]), NY, 60)
    assert list(autumn.strftime("%H:%M%z")[:4]) == ["00:00-0400", "01:00-0400", "01:00-0500",
                                                    "02:00-0500"]
    # each slot is the real hour after the one before it
    assert (np.diff(autumn.asi8) == 3600 * 10**9).all()


def test_slots_of_several_days_run_midnight_to_midnight_in_order():
    days = pd.DatetimeIndex(["2016-10-29", "2016-10-30", "2016-10-31"])
    slots = real_slots(days, "Asia/Jerusalem", 30)
    assert len(slots) == 48 + 50 + 48
    local = slots.tz_localize(None)
    assert local[0] == pd.Timestamp("2016-10-29") and local[-1] == pd.Timestamp(
        "2016-10-31 23:30")
    assert (local.normalize().value_counts().sort_index().to_numpy() == [48, 50, 48]).all()


def test_days_not_next_to_each_other_keep_only_their_own_slots():
    slots = real_slots(pd.DatetimeIndex(["2016-03-10", "2016-03-13"]), NY, 60)
    assert sorted(set(slots.tz_localize(None).normalize().strftime("%F"))) == [
        "2016-03-10", "2016-03-13"]
    assert len(slots) == 24 + 23
    assert len(real_slots(pd.DatetimeIndex([]), NY, 60)) == 0


def test_times_are_written_with_their_offset_and_plain_ones_without():
    aware = pd.Series(real_slots(pd.DatetimeIndex(["2016-11-06"]), NY, 60)[1:3])
    assert list(time_text(aware)) == ["2016-11-06T01:00-04:00", "2016-11-06T01:00-05:00"]
    india = pd.Series([pd.Timestamp("2026-01-01 09:30", tz="Asia/Kolkata")])
    assert time_text(india).iloc[0] == "2026-01-01T09:30+05:30"
    plain = pd.Series(pd.to_datetime(["2026-01-01 09:30"]))
    assert time_text(plain).iloc[0] == "2026-01-01T09:30"


def test_wall_clock_times_are_put_on_the_zone_first_occurrence_for_a_repeated_one():
    wall = pd.Series(pd.to_datetime(["2016-11-06 01:30", "2016-03-13 02:30",
                                     "2016-07-01 12:00"]))
    moved = localize(wall, NY)
    assert list(time_text(moved)) == ["2016-11-06T01:30-04:00", "2016-03-13T03:00-04:00",
                                      "2016-07-01T12:00-04:00"]
    assert localize(wall, NY, skipped="NaT").isna().tolist() == [False, True, False]
    back = wall_clock(moved)
    assert back.iloc[0] == wall.iloc[0] and back.dt.tz is None


def test_the_wall_clock_bridge_sums_calls_and_keeps_the_busier_half_of_staff():
    starts = pd.Series(real_slots(pd.DatetimeIndex(["2016-11-06"]), NY, 60))
    frame = pd.DataFrame({"interval_start": starts, "volume": 10.0, "staff": 3,
                          "aht_seconds": 200.0})
    frame.loc[2, ["volume", "staff", "aht_seconds"]] = [30.0, 5, 250.0]  # the second 01:00
    out = on_wall_clock(frame, "interval_start", sums=("volume",), largest=("staff",))
    assert len(out) == 24 and out["interval_start"].dt.tz is None
    one = out.set_index("interval_start").loc[pd.Timestamp("2016-11-06 01:00")]
    assert one["volume"] == 40.0 and one["staff"] == 5 and one["aht_seconds"] == 200.0
    assert out["volume"].sum() == frame["volume"].sum()
    # queues keep their own rows
    two = pd.concat([frame.assign(queue="a"), frame.assign(queue="b")], ignore_index=True)
    assert len(on_wall_clock(two, "interval_start", sums=("volume",))) == 48
