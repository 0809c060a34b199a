"""Ticket response and resolution times against hand-worked values, and bad ticket files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.report.tickets import load_tickets, monthly_tickets, ticket_kpis


def test_the_tiny_centres_april(april):
    # April's five tickets: replies after 1, 2, 28 and 0.5 h and one not yet; resolved
    # after 3, 24 and 120 h, one open since 29 April, one since 30 April 20:00 (the file's
    # last time, "now")
    kpi = april.kpis.set_index("kpi")["value"]
    assert (kpi["tickets"], kpi["tickets_open"]) == (5, 2)
    assert kpi["first_response_median_hours"] == 1.5
    assert kpi["first_response_p90_hours"] == pytest.approx(2 + 0.7 * 26)  # 20.2
    # within 24 h: 3 of the 4 replied; the unanswered one is inside its 24 h, left out
    assert kpi["first_response_within_target"] == 0.75
    assert kpi["resolution_median_hours"] == 24
    assert kpi["resolution_p90_hours"] == pytest.approx(24 + 0.8 * 96)  # 100.8
    # within 72 h: 2 of 3 resolved; the two open ones are still inside their 72 h
    assert kpi["resolution_within_target"] == pytest.approx(2 / 3)
    assert kpi["messages_per_ticket"] == 4  # 2, 4, 6 over the resolved tickets
    months = april.tickets.set_index("month")
    assert months["tickets"].to_dict() == {"2024-03": 1, "2024-04": 5}
    assert months.loc["2024-03", "resolution_median_hours"] == 1


def _tickets(created, replied, resolved=None):
    return pd.DataFrame({"created": pd.to_datetime(created),
                         "first_response": pd.to_datetime(replied),
                         "resolved": pd.to_datetime(resolved or [None] * len(created)),
                         "messages": np.nan})


def test_an_unanswered_ticket_past_its_target_counts_as_late():
    t = _tickets(["2024-01-01T08:00", "2024-01-01T09:00", "2024-01-03T09:00"],
                 ["2024-01-01T09:00", None, "2024-01-03T10:00"])
    # now = 3 January 10:00: the second ticket has waited 49 h with no reply
    kpi = ticket_kpis(t, np.ones(3, dtype=bool), 24.0, 72.0)
    assert kpi["first_response_within_target"] == pytest.approx(2 / 3)
    assert kpi["first_response_median_hours"] == 1  # times only from tickets answered
    assert "resolution_median_hours" not in kpi and kpi["tickets_open"] == 3


def test_tickets_outside_the_period_are_left_out_but_set_the_clock():
    t = _tickets(["2024-01-01T08:00", "2024-02-01T08:00"],
                 ["2024-01-01T08:30", "2024-02-03T08:00"])
    kpi = ticket_kpis(t, np.array([True, False]), 24.0, 72.0)
    assert kpi["tickets"] == 1 and kpi["first_response_median_hours"] == 0.5
    assert monthly_tickets(t)["tickets"].tolist() == [1, 1]


@pytest.mark.parametrize(("text", "message"), [
    ("created,first_response\n2024-01-02T09:00,2024-01-01T09:00\n",
     r"row 1, column 'first_response': expected a time at or after the ticket's created"),
    ("created,resolved,messages\n2024-01-01T09:00,,0\n",
     r"row 1, column 'messages': expected a whole number of messages >= 1"),
    ("created,messages\n2024-01-01T09:00,2.5\n", r"column 'messages'"),
    ("first_response\n2024-01-01T09:00\n", r"created"),
    ("created,resolved\n2024-01-01T09:00,\n2024-01-01T09:00,tomorrow\n",
     r"row 2, column 'resolved': expected an ISO 8601"),
])
def test_bad_ticket_files_name_the_cell(tmp_path, text, message):
    path = tmp_path / "tickets.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_tickets(path)
