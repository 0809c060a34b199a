"""Survey responses and the standard scores made from them: CSAT, NPS and customer effort
for customers, eNPS for employees, each with its response count and 95% margin.

A survey file has one row per response: `date`, `survey` (csat, nps, ces or enps) and
`score` on that survey's scale. The scores follow the usual definitions: CSAT is the
share of 4s and 5s on a 1-5 scale; NPS (and eNPS) is the share of promoters (9-10) less
the share of detractors (0-6) on a 0-10 scale, in points from -100 to 100; customer
effort (CES) is the mean of a 1-7 scale where 7 is "very easy".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm
from scipy.stats import t as student_t

from wfm.core.csvin import parse_numbers, parse_times, read_csv_text, require_column
from wfm.core.errors import InputError

SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7), "enps": (0, 10)}
LEVEL = 0.95  # the margins are half-widths of 95% intervals


def load_surveys(path: str | Path) -> pd.DataFrame:
    """Survey responses (`date`, `survey`, `score`) checked: a known survey name, a whole
    score on its scale, a date without a time of day."""
    p = Path(path)
    frame = read_csv_text(p, "date,survey,score")
    for column in ("date", "survey", "score"):
        require_column(frame, column, p, "a survey file has date, survey and score columns")
    dates, _ = parse_times(frame["date"], p, "date", "UTC")
    survey = frame["survey"].astype(str).str.strip().str.lower()
    unknown = ~survey.isin(list(SCALES))
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputError(f"expected a survey name, one of {', '.join(SCALES)}, got "
                         f"{frame['survey'].iloc[i]!r}", file=p, row=i + 1, column="survey")
    score = parse_numbers(frame["score"], p, "score", what="a whole score >= 0")
    lo = survey.map(lambda s: SCALES[s][0]).to_numpy()
    hi = survey.map(lambda s: SCALES[s][1]).to_numpy()
    values = score.to_numpy(dtype=float)
    bad = (values < lo) | (values > hi) | (values != np.round(values))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"expected a whole score from {lo[i]} to {hi[i]} for a "
                         f"{survey.iloc[i]} survey, got {frame['score'].iloc[i]!r}",
                         file=p, row=i + 1, column="score")
    return pd.DataFrame({"date": dates.dt.normalize(), "survey": survey.to_numpy(),
                         "score": values})


def _z() -> float:
    return float(norm.ppf(0.5 + LEVEL / 2))


def csat(scores: np.ndarray) -> tuple[float, float]:
    """CSAT (share of 4s and 5s) and its 95% margin (normal approximation)."""
    n = len(scores)
    share = float(np.mean(scores >= 4))
    return share, _z() * float(np.sqrt(share * (1 - share) / n))


def net_promoter(scores: np.ndarray) -> tuple[float, float]:
    """NPS in points (% promoters 9-10 less % detractors 0-6) and its 95% margin: each
    response counts +1, 0 or -1, and the score is their mean x 100."""
    n = len(scores)
    promoters = float(np.mean(scores >= 9))
    detractors = float(np.mean(scores <= 6))
    score = promoters - detractors
    variance = promoters + detractors - score ** 2
    return 100 * score, 100 * _z() * float(np.sqrt(max(variance, 0.0) / n))


def effort(scores: np.ndarray) -> tuple[float, float]:
    """Mean customer effort score and its 95% margin (Student's t; none from one reply)."""
    n = len(scores)
    mean = float(np.mean(scores))
    if n < 2:
        return mean, float("nan")
    sd = float(np.std(scores, ddof=1))
    return mean, float(student_t.ppf(0.5 + LEVEL / 2, n - 1)) * sd / float(np.sqrt(n))


SCORERS = {"csat": csat, "nps": net_promoter, "ces": effort, "enps": net_promoter}


def survey_kpis(surveys: pd.DataFrame) -> dict[str, float]:
    """Each survey's score, margin and response count (`csat`, `csat_margin`,
    `csat_responses`, ...) over the responses given; surveys with no response are absent."""
    rows: dict[str, float] = {}
    for name, scorer in SCORERS.items():
        scores = surveys.loc[surveys["survey"] == name, "score"].to_numpy(dtype=float)
        if len(scores) == 0:
            continue
        value, margin = scorer(scores)
        rows[name] = value
        rows[f"{name}_margin"] = margin
        rows[f"{name}_responses"] = float(len(scores))
    return rows


def monthly_scores(surveys: pd.DataFrame) -> pd.DataFrame:
    """`month, survey, value, margin, responses`: each survey's score month by month,
    for the report's chart and each goal's previous period."""
    rows = []
    months = surveys["date"].dt.to_period("M")
    for (month, name), group in surveys.groupby([months, "survey"], sort=True):
        value, margin = SCORERS[name](group["score"].to_numpy(dtype=float))
        rows.append((str(month), name, value, margin, len(group)))
    return pd.DataFrame(rows, columns=["month", "survey", "value", "margin", "responses"])
