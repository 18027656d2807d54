"""The store: migrations, idempotent loads keyed by file hash, and atomic failure."""

from __future__ import annotations

import gzip
import shutil

import pytest

from dyadscope import api
from dyadscope.errors import LoadError
from dyadscope.loaders import get_loader
from dyadscope.store import Store, migrations


def snapshot(store: Store) -> dict:
    """Row counts and a content checksum of every table, to prove nothing changed."""
    tables = store.table_counts()
    digest = {}
    for table in tables:
        digest[table] = store.con.execute(f'SELECT count(*), sum(hash(t)) FROM "{table}" t').fetchone()
    return digest


def test_migrations_numbered_and_applied(tmp_path):
    numbers = [n for n, _, _ in migrations()]
    assert numbers == sorted(numbers) and numbers[0] == 1
    with Store(tmp_path / "s.duckdb") as s:
        assert s.schema_version() == numbers[-1]
    with Store(tmp_path / "s.duckdb") as s:  # reopening applies nothing twice
        assert s.con.execute("SELECT count(*) FROM schema_migration").fetchone()[0] == len(numbers)


def test_store_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DYADSCOPE_STORE", str(tmp_path / "env.duckdb"))
    with Store() as s:
        assert s.path == str(tmp_path / "env.duckdb")
    assert (tmp_path / "env.duckdb").exists()


def test_country_table_written(store):
    row = store.con.execute("SELECT cow, cow_abbr FROM country WHERE iso3 = 'KAZ'").fetchone()
    assert tuple(row) == (705, "KZK")


@pytest.mark.parametrize("source,sub", [("unxml", "unxml-ga/ES-11.json"), ("idealpoints", "voeten-idealpoints"),
                                        ("cow-alliance", "peacesciencer/cow_alliance.csv.gz")])
def test_second_load_changes_nothing(store, data_dir, source, sub):
    first = api.load(store, source, data_dir / sub)
    before = snapshot(store)
    second = api.load(store, source, data_dir / sub)
    assert not any(r.skipped for r in first)
    assert all(r.skipped for r in second)
    assert snapshot(store) == before


def test_new_version_of_a_file_replaces_the_old(store, data_dir, tmp_path):
    original = data_dir / "unxml-ga" / "ES-11.json"
    api.load(store, "unxml", original)
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = tmp_path / "ES-11.json"
    changed.write_text("".join(l for l in lines if '"A/RES/ES-11/6"' not in l), encoding="utf-8")
    api.load(store, "unxml", changed)
    symbols = [r[0] for r in store.con.execute("SELECT symbol FROM roll_call ORDER BY symbol").fetchall()]
    assert symbols == [f"A/RES/ES-11/{i}" for i in range(1, 6)]
    assert store.con.execute("SELECT count(*) FROM vote WHERE rc_id = 'unxml:A/RES/ES-11/6'").fetchone()[0] == 0


def test_truncated_gzip_fails_and_leaves_store_unchanged(store, data_dir, tmp_path):
    api.load(store, "cow-alliance", data_dir / "peacesciencer" / "cow_alliance.csv.gz")
    before = snapshot(store)
    bad = tmp_path / "cow_alliance.csv.gz"
    data = (data_dir / "peacesciencer" / "cow_alliance.csv.gz").read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match=r"cow_alliance\.csv\.gz: corrupt or truncated gzip file"):
        api.load(store, "cow-alliance", bad)
    assert snapshot(store) == before


def test_failure_during_write_rolls_back(store, data_dir, monkeypatch):
    loader = get_loader("unxml")
    api.load(store, "unxml", data_dir / "unxml-ga" / "ES-10.json")
    before = snapshot(store)

    def boom(_store):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(loader), "after_write", lambda self, s: boom(s))
    with pytest.raises(RuntimeError, match="disk full"):
        api.load(store, "unxml", data_dir / "unxml-ga" / "ES-11.json")
    assert snapshot(store) == before


def test_corrupt_unvotes_copy_leaves_store_unchanged(store, data_dir, tmp_path):
    api.load(store, "unxml", data_dir / "unxml-ga" / "ES-11.json")
    before = snapshot(store)
    folder = tmp_path / "unvotes"
    folder.mkdir()
    for stem in ("un_roll_calls", "un_roll_call_issues"):
        shutil.copy(data_dir / "unvotes" / f"{stem}.csv.gz", folder)
    raw = gzip.decompress((data_dir / "unvotes" / "un_votes.csv.gz").read_bytes())
    (folder / "un_votes.csv.gz").write_bytes(gzip.compress(raw)[:-100])
    with pytest.raises(LoadError, match="corrupt or truncated"):
        api.load(store, "unvotes", folder)
    assert snapshot(store) == before


def test_going_back_to_an_earlier_version_reloads_it(store, data_dir, tmp_path):
    original = data_dir / "unxml-ga" / "ES-11.json"
    changed = tmp_path / "ES-11.json"
    changed.write_text("".join(l for l in original.read_text(encoding="utf-8").splitlines(keepends=True)
                               if '"A/RES/ES-11/6"' not in l), encoding="utf-8")
    api.load(store, "unxml", original)
    api.load(store, "unxml", changed)
    [again] = api.load(store, "unxml", original)
    assert not again.skipped
    assert store.con.execute("SELECT count(*) FROM roll_call").fetchone()[0] == 6
