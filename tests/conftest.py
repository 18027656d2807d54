"""Shared fixtures: the real data in ../shared/data, and stores built from it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dyadscope import api
from dyadscope.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("DYADSCOPE_MIRROR") or ROOT.parent / "shared" / "data")


def require_data() -> Path:
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the shared data folder {SHARED_DATA} is missing")
        pytest.skip(f"the shared data folder {SHARED_DATA} is missing")
    return SHARED_DATA


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return require_data()


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="session")
def mirror_store(tmp_path_factory, data_dir):
    """A store with every source in ../shared/data loaded once for the whole test session."""
    path = tmp_path_factory.mktemp("mirror") / "store.duckdb"
    with Store(path) as s:
        results = api.load_mirror(s, data_dir)
    s = Store(path, read_only=True)
    s.results = results
    yield s
    s.close()
