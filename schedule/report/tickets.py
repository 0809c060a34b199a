"""Tickets and messages (e-mail, chat, web forms): time to first response, time to
resolution, messages per request and requests per month.

A ticket file has one row per request: `created`, and, when they happened,
`first_response` and `resolved` (date-times), with `messages` (the messages exchanged, both
ways) where known. Times run from the request to the first reply and to the end of the
service, in hours of the clock (not business hours). A ticket with no reply yet counts as
late once its target has passed by the file's last recorded time, so a backlog cannot
flatter the share answered in time.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.csvin import parse_numbers, parse_times, read_csv_text, require_column
from wfm.core.errors import InputError


def load_tickets(path: str | Path, timezone: str = "UTC") -> pd.DataFrame:
    """Tickets (`created`, optional `first_response`, `resolved`, `messages`), checked:
    replies and resolutions not before their request, messages whole and >= 1."""
    p = Path(path)
    frame = read_csv_text(p, "created,first_response,resolved,messages")
    require_column(frame, "created", p, "a ticket file has a created column, and "
                                        "first_response, resolved and messages where known")
    created, _ = parse_times(frame["created"], p, "created", timezone)
    out = pd.DataFrame({"created": created})
    for column in ("first_response", "resolved"):
        if column not in frame:
            out[column] = pd.NaT
            continue
        text = frame[column].astype(str).str.strip()
        known = text != ""
        times = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        if known.any():
            parsed, _ = parse_times(frame.loc[known, column], p, column, timezone)
            times[known] = parsed.to_numpy()
        early = (times < created).to_numpy()
        if early.any():
            i = int(np.flatnonzero(early)[0])
            raise InputError(f"expected a time at or after the ticket's created "
                             f"{frame['created'].iloc[i]}, got {frame[column].iloc[i]!r}",
                             file=p, row=i + 1, column=column)
        out[column] = times
    if "messages" in frame:
        messages = parse_numbers(frame["messages"], p, "messages", allow_empty=True,
                                 what="a whole number of messages >= 1")
        bad = (messages.notna() & ((messages < 1) | (messages != messages.round()))).to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(f"expected a whole number of messages >= 1, got "
                             f"{frame['messages'].iloc[i]!r}", file=p, row=i + 1,
                             column="messages")
        out["messages"] = messages.to_numpy()
    else:
        out["messages"] = np.nan
    return out


def _hours(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.total_seconds() / 3600.0


def _within(hours: pd.Series, created: pd.Series, target: float, now: pd.Timestamp
            ) -> float:
    """Share of tickets answered within `target` hours, counting those still waiting
    past their target by `now` as late and leaving out those still inside it."""
    judged = hours.notna() | (created + pd.Timedelta(hours=target) <= now)
    if not judged.any():
        return float("nan")
    return float((hours[judged] <= target).sum() / judged.sum())


def ticket_kpis(tickets: pd.DataFrame, chosen: np.ndarray, response_hours: float,
                resolution_hours: float) -> dict[str, float]:
    """The measures over the tickets created in the period (`chosen`): count, first
    response and resolution (median, 90th percentile, share within target), messages per
    resolved ticket and tickets still open; "now" is the file's last recorded time."""
    now = tickets[["created", "first_response", "resolved"]].max().max()
    t = tickets[chosen]
    rows: dict[str, float] = {"tickets": float(len(t))}
    if t.empty:
        return rows
    rows["tickets_open"] = float(t["resolved"].isna().sum())
    for name, column, target in (("first_response", "first_response", response_hours),
                                 ("resolution", "resolved", resolution_hours)):
        hours = _hours(t[column], t["created"])
        if hours.notna().any():
            rows[f"{name}_median_hours"] = float(hours.median())
            rows[f"{name}_p90_hours"] = float(hours.quantile(0.9))
        share = _within(hours, t["created"], target, now)
        if np.isfinite(share):
            rows[f"{name}_within_target"] = share
    done = t["messages"][t["resolved"].notna()]
    if done.notna().any():
        rows["messages_per_ticket"] = float(done.mean())
    return rows


def monthly_tickets(tickets: pd.DataFrame) -> pd.DataFrame:
    """`month, tickets, first_response_median_hours, resolution_median_hours`: requests
    per month and the typical times, for the chart."""
    month = tickets["created"].dt.to_period("M").astype(str)
    frame = pd.DataFrame({
        "month": month,
        "first_response": _hours(tickets["first_response"], tickets["created"]),
        "resolution": _hours(tickets["resolved"], tickets["created"])})
    out = frame.groupby("month").agg(
        tickets=("month", "size"), first_response_median_hours=("first_response", "median"),
        resolution_median_hours=("resolution", "median"))
    return out.reset_index()
