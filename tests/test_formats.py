"""A source gives the same rows whether it comes as the package's own .rda or as .csv.gz."""

from __future__ import annotations

import shutil

import pytest

from dyadscope import api
from dyadscope.store import Store


def content(store: Store, table: str, columns: str) -> tuple:
    return store.con.execute(f"SELECT count(*), sum(hash({columns})) FROM {table}").fetchone()


@pytest.mark.parametrize("source,folder,stems,table,columns", [
    ("unvotes", "unvotes", ["un_votes", "un_roll_calls", "un_roll_call_issues"], "vote", "rc_id, iso3, vote, as_state"),
    ("unvotes", "unvotes", ["un_votes", "un_roll_calls", "un_roll_call_issues"], "roll_call",
     "rc_id, symbol, session, date, amend, para, important, issue_codes, title"),
    ("cow-alliance", "peacesciencer", ["cow_alliance"], "alliance", "iso3_a, iso3_b, year, defense, neutral, nonagg, entente"),
    ("cow-trade", "peacesciencer", ["cow_trade_sy"], "trade_total", "iso3, year, imports, exports"),
])
def test_rda_and_csv_give_the_same_rows(tmp_path, data_dir, source, folder, stems, table, columns):
    stores = {}
    for suffix in (".rda", ".csv.gz"):
        copy = tmp_path / suffix.strip(".") / folder
        copy.mkdir(parents=True)
        for stem in stems:
            shutil.copy(data_dir / folder / f"{stem}{suffix}", copy)
        stores[suffix] = Store(tmp_path / f"{suffix.strip('.')}.duckdb")
        results = api.load(stores[suffix], source, copy)
        assert all(r.rows_rejected == 0 for r in results)
    rda, csv = (content(stores[s], table, columns) for s in (".rda", ".csv.gz"))
    assert rda == csv and rda[0] > 5_000
