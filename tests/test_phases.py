"""Phases (change points) and the event study: seeded series with known answers, then the real
Kazakhstan-Russia vote agreement from the shared data."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import numpy as np
import pandas as pd
import pytest

from dyadscope.analysis.eventstudy import EventStudyError, default_shocks, event_study, session_of
from dyadscope.analysis.phases import (
    PhaseDetector,
    PhaseError,
    compute_phases,
    default_penalty,
    piecewise_series,
    robust_sigma,
)

MEANS, LENGTHS = [0.2, 0.8, 0.4, 0.6], [15, 12, 18, 15]
TRUE_BREAKS = [16, 28, 46]  # periods 1..60


# -- phases on seeded series ---------------------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_default_penalty_recovers_known_breaks(seed):
    frame, breaks = piecewise_series(MEANS, LENGTHS, noise=0.05, seed=seed)
    assert breaks == TRUE_BREAKS
    det = PhaseDetector().fit(frame, weight=None)
    assert det.breaks_ == TRUE_BREAKS
    table = det.phases_
    assert table["phase"].tolist() == [1, 2, 3, 4]
    assert table["start"].tolist() == [1, 16, 28, 46]
    assert table["end"].tolist() == [15, 27, 45, 60]
    assert table["n_points"].tolist() == LENGTHS
    assert np.allclose(table["mean"], MEANS, atol=0.03)
    assert np.isnan(table["change_before"].iloc[0])
    assert np.allclose(table["change_before"].iloc[1:], np.diff(MEANS), atol=0.05)
    assert (table["lo"] < table["mean"]).all() and (table["mean"] < table["hi"]).all()


def test_default_penalty_recovery_rate_over_seeds():
    hits = 0
    for seed in range(100):
        frame, breaks = piecewise_series(MEANS, LENGTHS, noise=0.05, seed=seed)
        found = PhaseDetector(n_boot=0).fit(frame, weight=None).breaks_
        hits += len(found) == len(breaks) and all(abs(f - b) <= 1 for f, b in zip(found, breaks))
    assert hits >= 80  # measured 86 of 100; the BIC penalty adds a spurious break now and then


def test_default_penalty_is_two_sigma_squared_log_n():
    frame, _ = piecewise_series(MEANS, LENGTHS, noise=0.05, seed=1)
    x = frame["value"].to_numpy()
    d = np.diff(x)
    sigma = 1.4826 * np.median(np.abs(d - np.median(d))) / np.sqrt(2)
    assert robust_sigma(x) == pytest.approx(sigma)
    assert 0.035 < sigma < 0.07  # the true noise is 0.05; the jumps do not inflate it
    assert default_penalty(x) == pytest.approx(2 * sigma**2 * np.log(60))
    det = PhaseDetector().fit(frame, weight=None)
    assert det.penalty_ == pytest.approx(2 * sigma**2 * np.log(60))
    assert det.phases_.attrs["penalty"] == det.penalty_


def test_constant_series_is_one_phase():
    frame = pd.DataFrame({"period": range(1, 21), "value": 0.7, "n": 50})
    det = PhaseDetector().fit(frame)
    assert det.breaks_ == []
    assert len(det.phases_) == 1
    row = det.phases_.iloc[0]
    assert (row["start"], row["end"], row["n_points"]) == (1, 20, 20)
    assert row["mean"] == pytest.approx(0.7) and row["lo"] == pytest.approx(0.7) and row["hi"] == pytest.approx(0.7)


def test_noise_without_change_is_one_phase():
    frame, _ = piecewise_series([0.5], [40], noise=0.05, seed=3)
    table = compute_phases(frame, weight=None)
    assert len(table) == 1 and table["n_points"].iloc[0] == 40


def test_min_size_is_respected():
    level = [0.0] * 10 + [1.0] * 2 + [0.0] * 10
    frame = pd.DataFrame({"period": range(22), "value": np.array(level) + np.random.default_rng(0).normal(0, 0.02, 22)})
    short = PhaseDetector(min_size=1, penalty=0.1).fit(frame, weight=None)
    assert short.breaks_ == [10, 12]  # the two-point blip is a phase of its own
    assert short.phases_["n_points"].tolist() == [10, 2, 10]
    for min_size in (3, 5):
        table = PhaseDetector(min_size=min_size, penalty=0.1).fit(frame, weight=None).phases_
        assert table["n_points"].min() >= min_size
        assert table["n_points"].sum() == 22


def test_missing_values_are_dropped_and_reported():
    frame, _ = piecewise_series(MEANS, LENGTHS, noise=0.05, seed=2)
    frame.loc[frame["period"].isin([5, 30, 31]), "value"] = np.nan
    det = PhaseDetector().fit(frame, weight=None)
    assert det.dropped_ == [5, 30, 31]
    assert det.phases_.attrs["dropped"] == [5, 30, 31]
    assert det.breaks_ == TRUE_BREAKS
    assert det.phases_["n_points"].tolist() == [14, 12, 16, 15]


def test_smaller_penalty_gives_more_phases():
    frame, _ = piecewise_series([0.6, 0.7, 0.65], [20, 20, 20], noise=0.05, seed=0)
    tables = [compute_phases(frame, weight=None, penalty=p, n_boot=0) for p in (100.0, 0.5, 0.1, 0.01, 1e-6)]
    counts = [len(t) for t in tables]
    assert counts[0] == 1  # a penalty larger than the total sum of squares allows no break
    assert counts == sorted(counts)
    assert counts[-2] > counts[1]
    # next to no penalty every phase long enough to split (6 points with min_size=3) is split
    assert counts[-1] >= 12 and tables[-1]["n_points"].between(3, 5).all()


def test_unsorted_input_and_weighted_means():
    frame = pd.DataFrame(
        {"period": [3, 1, 2, 6, 4, 5], "value": [0.5, 0.5, 0.5, 1.0, 1.0, 1.0], "n": [1, 1, 1, 3, 1, 1]}
    )
    det = PhaseDetector(min_size=2, penalty=0.01).fit(frame)
    assert det.breaks_ == [4]
    assert det.phases_["mean"].tolist() == [0.5, 1.0]
    frame.loc[frame["period"] == 6, "value"] = 0.8
    det = PhaseDetector(min_size=3, penalty=0.01).fit(frame)
    assert det.phases_["mean"].iloc[1] == pytest.approx((1.0 + 1.0 + 3 * 0.8) / 5)


def test_dated_series():
    dates = pd.date_range("2020-01-01", periods=30, freq="MS")
    frame = pd.DataFrame({"date": dates, "value": [1.0] * 12 + [3.0] * 18})
    det = PhaseDetector().fit(frame, time="date", weight=None)
    assert det.breaks_ == [pd.Timestamp("2021-01-01")]
    assert det.phases_["end"].iloc[0] == pd.Timestamp("2020-12-01")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"model": "l3"}, "unknown model 'l3'; accepted: l2, l1, normal, rbf, rank"),
        ({"model": "l1"}, "model 'l1' has no default penalty"),
        ({"penalty": -1.0}, "penalty must be a finite number >= 0 or None; got -1.0"),
        ({"min_size": 0}, "min_size must be an integer >= 1; got 0"),
    ],
)
def test_bad_settings(kwargs, message):
    with pytest.raises(PhaseError) as e:
        PhaseDetector(**kwargs)
    assert str(e.value).startswith(message)


def test_bad_series():
    frame = pd.DataFrame({"period": [1, 2, 2], "value": [0.1, 0.2, 0.3]})
    message = "column 'n' is not in the series; its columns are: period, value; pass weight=None"
    with pytest.raises(PhaseError, match=message):
        PhaseDetector().fit(frame)
    with pytest.raises(PhaseError, match="time value 2 occurs more than once in column 'period'"):
        PhaseDetector().fit(frame, weight=None)
    with pytest.raises(PhaseError, match="column 'value' has no non-missing values"):
        PhaseDetector().fit(pd.DataFrame({"period": [1, 2], "value": [np.nan, np.nan]}), weight=None)


# -- event study on seeded series ----------------------------------------------------------------
def test_session_of():
    assert session_of("2022-02-24") == 76
    assert session_of(dt.date(2021, 9, 14)) == 76
    assert session_of("2021-08-31") == 75
    assert session_of("2014-03-18") == 68
    assert session_of("2019-03-19") == 73
    with pytest.raises(EventStudyError, match="date must be a date"):
        session_of("not a date")


def test_event_study_dated_series_with_offset_window():
    dates = pd.date_range("2019-01-01", "2020-12-31", freq="D")
    values = np.where(dates < "2020-01-01", 1.0, 0.0)
    shocks = pd.DataFrame({"date": ["2020-01-01"], "key": ["step"], "label": ["step down"]})
    frame = pd.DataFrame({"date": dates, "value": values})
    row = event_study(frame, shocks=shocks, window="30D").iloc[0]
    assert (row["n_before"], row["n_after"]) == (30, 30)
    assert row["points_before"][0] == "2019-12-02" and row["points_after"][-1] == "2020-01-30"
    assert (row["mean_before"], row["mean_after"], row["diff"]) == (1.0, 0.0, -1.0)
    assert (row["diff_lo"], row["diff_hi"]) == (-1.0, -1.0)
    row = event_study(frame, shocks=shocks, window=3).iloc[0]
    assert row["points_before"] == ["2019-12-29", "2019-12-30", "2019-12-31"]
    assert row["points_after"] == ["2020-01-01", "2020-01-02", "2020-01-03"]
    assert row["shock_period"] is None


def test_event_study_sessions_and_the_session_in_progress():
    frame = pd.DataFrame({"period": range(70, 80), "value": [0.8] * 6 + [0.5] * 4, "n": 10})
    shocks = pd.DataFrame({"date": ["2022-02-24"], "key": ["invasion"]})  # session 76
    out = event_study(frame, time="period", shocks=shocks, window=2)
    row = out.iloc[0]
    assert out.attrs["unit"] == "session"
    assert row["shock_period"] == 76
    assert (row["points_before"], row["points_after"]) == ([74, 75], [77, 78])
    assert row["diff"] == pytest.approx(-0.3)
    row = event_study(frame, time="period", shocks=shocks, window=2, in_progress="after").iloc[0]
    assert (row["points_before"], row["points_after"]) == ([74, 75], [76, 77])
    years = frame.assign(period=frame["period"] + 1946)  # 2016..2025
    row = event_study(years, time="period", shocks=shocks, window=2).iloc[0]
    assert row["shock_period"] == 2022 and row["points_after"] == [2023, 2024]


def test_event_study_interval_is_ordered_and_seeded():
    frame, _ = piecewise_series([0.8, 0.6], [10, 10], noise=0.05, seed=5, start=60)
    shocks = pd.DataFrame({"date": ["2015-03-01"]})  # session 69 -> before 67, 68 / after 70, 71
    a = event_study(frame, time="period", shocks=shocks, window=4, seed=7)
    b = event_study(frame, time="period", shocks=shocks, window=4, seed=7)
    pd.testing.assert_frame_equal(a, b)
    row = a.iloc[0]
    assert row["points_before"] == [65, 66, 67, 68] and row["points_after"] == [70, 71, 72, 73]
    assert row["diff_lo"] < row["diff"] < row["diff_hi"] < 0


def test_event_study_errors():
    frame = pd.DataFrame({"period": [70, 71], "value": [0.5, 0.6]})
    with pytest.raises(EventStudyError, match="window '365D' is a time span, which needs a dated series"):
        event_study(frame, time="period", window="365D")
    with pytest.raises(EventStudyError, match="unknown unit 'week'; accepted: period, date, session, year"):
        event_study(frame, time="period", unit="week")
    with pytest.raises(EventStudyError, match="shock date in row 1 must be a date"):
        event_study(frame, time="period", shocks=pd.DataFrame({"date": ["2022-13-01"]}))


# -- the bundled shocks --------------------------------------------------------------------------
def test_shocks_csv():
    raw = resources.files("dyadscope").joinpath("data", "shocks.csv").read_text(encoding="utf-8")
    table = pd.read_csv(pd.io.common.StringIO(raw), dtype=str, keep_default_na=False)
    assert table.columns.tolist() == ["date", "key", "label", "reference"]
    assert len(table) == 4
    for d in table["date"]:
        assert dt.date.fromisoformat(d).isoformat() == d
    assert table["date"].tolist() == ["2014-03-18", "2019-03-19", "2022-01-05", "2022-02-24"]
    assert table["key"].is_unique
    assert all(len(r.strip()) > 40 for r in table["reference"])
    shocks = default_shocks()
    assert shocks["date"].dt.year.tolist() == [2014, 2019, 2022, 2022]


# -- the real Kazakhstan-Russia series -----------------------------------------------------------
KAZ_RUS_SQL = """
SELECT r.session AS period, min(r.date) AS first, max(r.date) AS last, count(*) AS n,
       avg(CASE WHEN va.vote = vb.vote THEN 1.0 ELSE 0.0 END) AS agreement
FROM roll_call r
JOIN vote va ON va.rc_id = r.rc_id AND va.iso3 = 'KAZ'
JOIN vote vb ON vb.rc_id = r.rc_id AND vb.iso3 = 'RUS'
WHERE r.superseded_by IS NULL AND NOT coalesce(r.amend, false) AND NOT coalesce(r.para, false)
GROUP BY r.session ORDER BY r.session
"""


@pytest.fixture(scope="module")
def kaz_rus(mirror_store) -> pd.DataFrame:
    frame = mirror_store.con.execute(KAZ_RUS_SQL).df()
    frame["period"] = frame["period"].astype(int)
    return frame


def test_kaz_rus_phases(kaz_rus):
    assert kaz_rus["period"].min() == 47 and kaz_rus["period"].max() >= 79  # 1992 to 2025
    table = compute_phases(kaz_rus, value="agreement")
    assert len(table) >= 2
    last = table.iloc[-1]
    assert last["start"] <= 76 and last["end"] == kaz_rus["period"].max()
    middle = table[(table["start"] <= 60) & (table["end"] >= 60)].iloc[0]  # the phase of session 60 (2005)
    assert middle["start"] >= 54 and middle["end"] <= 65
    assert last["mean"] < middle["mean"]
    assert last["hi"] < middle["lo"]  # the intervals do not overlap
    rows = kaz_rus[kaz_rus["period"].between(last["start"], last["end"])]
    assert last["mean"] == pytest.approx((rows["agreement"] * rows["n"]).sum() / rows["n"].sum())


def test_kaz_rus_event_study(kaz_rus):
    out = event_study(kaz_rus, time="period", value="agreement", window=2)
    assert out["key"].tolist() == ["crimea", "nazarbayev", "csto", "invasion"]
    assert (out["n_before"] == 2).all() and (out["n_after"] == 2).all()
    assert (out["diff_lo"] <= out["diff"]).all() and (out["diff"] <= out["diff_hi"]).all()
    invasion = out.set_index("key").loc["invasion"]
    assert invasion["shock_period"] == 76
    assert invasion["points_before"] == [74, 75] and invasion["points_after"] == [77, 78]
    assert invasion["diff"] < 0
    assert invasion["diff_lo"] < invasion["diff_hi"]
