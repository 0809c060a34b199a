"""Survey scores against hand-worked values: CSAT, NPS, customer effort, eNPS, margins."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.report.surveys import (
    csat,
    effort,
    load_surveys,
    monthly_scores,
    net_promoter,
    survey_kpis,
)

Z95 = 1.959963985


def test_csat_is_the_share_of_fours_and_fives():
    value, margin = csat(np.array([5, 5, 4, 3, 1]))
    assert value == pytest.approx(0.6)
    assert margin == pytest.approx(Z95 * np.sqrt(0.6 * 0.4 / 5))  # 0.4294


def test_nps_is_promoters_less_detractors_in_points():
    # 10 9 10 promote (3 of 6), 6 0 detract (2 of 6), 8 is passive: 50% - 33.3% = 16.7
    value, margin = net_promoter(np.array([10, 9, 8, 6, 0, 10]))
    assert value == pytest.approx(100 / 6)
    # each reply scores +1 / 0 / -1: variance 0.5 + 1/3 - (1/6)^2 = 0.80556, over 6 replies
    assert margin == pytest.approx(100 * Z95 * np.sqrt((5 / 6 - 1 / 36) / 6))  # 71.8
    assert net_promoter(np.array([9, 10]))[0] == 100 and net_promoter(np.array([0]))[0] == -100


def test_effort_is_a_mean_with_a_student_t_margin():
    value, margin = effort(np.array([7, 6, 5]))
    assert value == 6
    assert margin == pytest.approx(4.302653 * 1 / np.sqrt(3), rel=1e-6)  # t(0.975, 2 df)
    assert np.isnan(effort(np.array([4]))[1])


def test_more_responses_narrow_the_margin():
    few = csat(np.array([5, 4, 2, 1]))[1]
    many = csat(np.tile([5, 4, 2, 1], 25))[1]
    assert many == pytest.approx(few / 5)


def test_the_tiny_centres_april(april):
    kpi = april.kpis.set_index("kpi")
    assert kpi.loc["csat", "value"] == pytest.approx(0.6)
    assert kpi.loc["csat_responses", "value"] == 5
    assert kpi.loc["nps", "value"] == pytest.approx(100 / 6)  # "NPS" counts as nps
    assert kpi.loc["nps", "unit"] == "points"
    assert kpi.loc["ces", "value"] == 6 and kpi.loc["ces", "unit"] == "score 1-7"
    months = april.surveys.set_index(["month", "survey"])
    assert months.loc[("2024-03", "csat"), "value"] == 1.0
    assert months.loc[("2024-03", "enps"), "value"] == 0  # one 9, one 3
    assert months.loc[("2024-04", "nps"), "responses"] == 6


def test_survey_kpis_leave_out_surveys_nobody_answered():
    frame = pd.DataFrame({"date": pd.to_datetime(["2024-01-01"]), "survey": ["csat"],
                          "score": [5.0]})
    assert set(survey_kpis(frame)) == {"csat", "csat_margin", "csat_responses"}
    assert monthly_scores(frame)["value"].tolist() == [1.0]


@pytest.mark.parametrize(("text", "message"), [
    ("date,survey,score\n2024-01-01,csat,6\n",
     r"row 1, column 'score': expected a whole score from 1 to 5 for a csat survey, got '6'"),
    ("date,survey,score\n2024-01-01,nps,7.5\n",
     r"row 1, column 'score': expected a whole score from 0 to 10 for a nps survey"),
    ("date,survey,score\n2024-01-01,csat,4\n2024-01-02,nsp,4\n",
     r"row 2, column 'survey': expected a survey name, one of csat, nps, ces, enps, got 'nsp'"),
    ("date,score\n2024-01-01,4\n", r"survey"),
])
def test_bad_survey_files_name_the_cell(tmp_path, text, message):
    path = tmp_path / "surveys.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_surveys(path)


def test_the_samples_staff_survey_recounted():
    import locations

    path = locations.REPO / "data" / "surveys.csv"
    raw = pd.read_csv(path)
    sept = raw[(raw["survey"] == "enps") & (raw["date"] == "2026-09-30")]["score"]
    by_month = monthly_scores(load_surveys(path)).set_index(["month", "survey"])
    row = by_month.loc[("2026-09", "enps")]
    assert row["responses"] == len(sept)
    assert row["value"] == pytest.approx(100 * ((sept >= 9).mean() - (sept <= 6).mean()))
