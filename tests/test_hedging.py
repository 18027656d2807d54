"""Kazakhstan's hedging profile on the real data, the EU mean by hand, and the EU membership table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dyadscope.analysis.hedging import (
    HedgingError,
    compute_hedging,
    compute_tilt,
    eu_members_on,
    eu_members_table,
    membership_day,
)
from dyadscope.measures.alignment import UnknownMeasureError
from dyadscope.measures.subsets import roll_call_filter


@pytest.fixture(scope="module")
def kaz(mirror_store):
    return compute_hedging(mirror_store, "KAZ")


@pytest.fixture(scope="module")
def tilt(kaz):
    return compute_tilt(kaz, toward="RUS").set_index("period")


# -- the EU membership table ----------------------------------------------------------------------

def test_eu_table_has_every_member_since_1958_with_a_reference():
    table = eu_members_table()
    assert len(table) == 28
    assert table["iso3"].is_unique
    assert (table["reference"].str.strip() != "").all()
    left = table[table["left"].notna()]
    assert left["iso3"].tolist() == ["GBR"]
    assert left["left"].iloc[0] == dt.date(2020, 1, 31)
    assert "DDR" not in set(table["iso3"])  # the GDR was never a member; Germany is DEU throughout


@pytest.mark.parametrize("day, count", [
    ("1958-01-01", 6), ("1972-12-31", 6), ("1973-01-01", 9), ("1981-01-01", 10), ("1986-01-01", 12),
    ("1995-01-01", 15), ("2004-04-30", 15), ("2004-05-01", 25), ("2007-01-01", 27), ("2013-06-30", 27),
    ("2013-07-01", 28), ("2020-01-31", 28), ("2020-02-01", 27), ("2024-01-01", 27),
])
def test_number_of_members_on_a_day(day, count):
    assert len(eu_members_on(day)) == count


def test_membership_day_per_period():
    assert membership_day(75, "session") == dt.date(2021, 1, 1)  # session 75 opened in September 2020
    assert membership_day(2020, "year") == dt.date(2020, 12, 31)
    assert "GBR" in eu_members_on(membership_day(74, "session"))
    assert "GBR" not in eu_members_on(membership_day(75, "session"))
    assert len(eu_members_on(pd.Timestamp("2020-01-31 23:00"))) == 28  # a timestamp reads as its day


# -- Kazakhstan's profile -------------------------------------------------------------------------

def test_every_partner_present_in_every_session_since_1992(kaz):
    for partner in ("RUS", "CHN", "USA", "TUR", "EU"):
        periods = kaz.loc[kaz["partner"] == partner, "period"].tolist()
        assert periods == list(range(47, 81)), partner
    assert kaz["focal"].eq("KAZ").all()
    assert kaz["value"].between(0, 1).all()
    assert (kaz["n"] > 0).all()


def test_n_members_only_for_the_eu_and_follows_enlargement_and_brexit(kaz):
    assert kaz.loc[kaz["partner"] != "EU", "n_members"].isna().all()
    eu = kaz[kaz["partner"] == "EU"].set_index("period")["n_members"]
    assert eu.loc[47] == 12 and eu.loc[58] == 15 and eu.loc[59] == 25
    assert eu.loc[67] == 27 and eu.loc[68] == 28 and eu.loc[74] == 28 and eu.loc[75] == 27
    assert (eu.loc[75:] == 27).all()


def test_eu_mean_equals_a_hand_computation(mirror_store, kaz):
    session = 76
    members = eu_members_on(dt.date(1946 + session, 1, 1))
    where, params = roll_call_filter(sessions=[session])
    shares = mirror_store.query(
        f"""
        SELECT vb.iso3, count(*) AS n, sum(CASE WHEN va.vote = vb.vote THEN 1 ELSE 0 END) AS same
        FROM roll_call r
        JOIN vote va ON va.rc_id = r.rc_id AND va.iso3 = 'KAZ'
        JOIN vote vb ON vb.rc_id = r.rc_id AND vb.iso3 IN ({', '.join('?' for _ in members)})
        WHERE {where}
        GROUP BY vb.iso3
        """,
        [*members, *params],
    )
    row = kaz[(kaz["partner"] == "EU") & (kaz["period"] == session)].iloc[0]
    assert row["n_members"] == len(shares) == 27
    unweighted = (shares["same"] / shares["n"]).mean()
    pooled = shares["same"].sum() / shares["n"].sum()
    assert abs(unweighted - pooled) > 1e-6  # the two readings differ here, so the next line tells them apart
    assert row["value"] == pytest.approx(unweighted, abs=1e-12)
    assert row["n"] == shares["n"].max()


def test_tilt_toward_russia_before_2014_and_after_2022(tilt):
    assert list(tilt.columns) == ["tilt", "RUS", "CHN", "USA", "TUR", "EU"]
    before_2014 = tilt.loc[47:68, "tilt"]           # sessions opened 1992-2013
    assert before_2014.mean() > 0
    assert (before_2014 > 0).all()
    recent = tilt.loc[77:80, "tilt"].mean()         # autumn 2022 onwards
    earlier = tilt.loc[60:68, "tilt"].mean()        # 2005-2014
    assert recent < earlier
    assert recent == pytest.approx(0.0713, abs=0.001)
    assert earlier == pytest.approx(0.1938, abs=0.001)


def test_tilt_is_russia_minus_the_mean_of_the_others(kaz, tilt):
    row = tilt.loc[78]
    assert row["tilt"] == pytest.approx(row["RUS"] - (row["CHN"] + row["USA"] + row["TUR"] + row["EU"]) / 4)
    toward_china = compute_tilt(kaz, toward="China").set_index("period").loc[78]
    assert toward_china["tilt"] == pytest.approx(row["CHN"] - (row["RUS"] + row["USA"] + row["TUR"] + row["EU"]) / 4)


def test_tilt_from_a_hand_made_frame_skips_missing_partners():
    frame = pd.DataFrame({
        "focal": "KAZ", "partner": ["RUS", "CHN", "USA", "RUS", "CHN"],
        "period": [1, 1, 1, 2, 2], "n": 10, "value": [0.9, 0.6, 0.3, 0.8, 0.5], "n_members": pd.NA,
    })
    tilt = compute_tilt(frame).set_index("period")
    assert tilt.loc[1, "tilt"] == pytest.approx(0.9 - 0.45)
    assert tilt.loc[2, "tilt"] == pytest.approx(0.3)
    assert pd.isna(tilt.loc[2, "USA"])


def test_by_year_and_another_measure(mirror_store):
    frame = compute_hedging(mirror_store, "Kazakhstan", ("Russia", "EU"), by="year", measure="kappa",
                            start="2020-01-01", end="2024-12-31")
    assert sorted(frame["period"].unique()) == [2020, 2021, 2022, 2023, 2024]
    eu = frame[frame["partner"] == "EU"].set_index("period")["n_members"]
    assert eu.loc[2020] == 27  # members on 31 December 2020: the United Kingdom had left
    assert frame["value"].between(-1, 1).all()
    assert frame.attrs["measure"] == "kappa"


def test_bad_arguments_name_the_value_and_what_is_accepted(mirror_store, kaz):
    with pytest.raises(HedgingError, match="unknown period 'decade'; accepted: session, year"):
        compute_hedging(mirror_store, "KAZ", by="decade")
    with pytest.raises(UnknownMeasureError, match="unknown measure 'idealdist'; accepted: agreement"):
        compute_hedging(mirror_store, "KAZ", measure="idealdist")
    with pytest.raises(HedgingError, match="partner 'CSTO' is an organisation"):
        compute_hedging(mirror_store, "KAZ", ("RUS", "CSTO"))
    with pytest.raises(HedgingError, match="cannot be its own partner"):
        compute_hedging(mirror_store, "KAZ", ("KAZ", "RUS"))
    with pytest.raises(HedgingError, match="partner 'GEO' is not in the hedging frame; partners: RUS, CHN"):
        compute_tilt(kaz, toward="GEO")
    with pytest.raises(HedgingError, match="cannot read date '2024-13-01'"):
        eu_members_on("2024-13-01")


def test_a_member_state_as_focal_is_left_out_of_its_own_eu_mean(mirror_store):
    frame = compute_hedging(mirror_store, "POL", ("EU", "RUS"), start="2024-09-01", end="2025-09-30")
    eu = frame[frame["partner"] == "EU"].set_index("period")
    assert eu.loc[79, "n_members"] == 26
