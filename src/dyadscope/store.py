"""The store: one DuckDB file holding every loaded source, with numbered schema migrations.

Loads are transactions keyed by the SHA-256 of what was read: the same input loaded twice
changes nothing, and a load that fails leaves the store exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import platformdirs

from dyadscope.errors import StoreError

ENV_VAR = "DYADSCOPE_STORE"


def default_store_path() -> Path:
    """``$DYADSCOPE_STORE`` if set, else ``dyadscope.duckdb`` in the user's data directory."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return Path(platformdirs.user_data_dir("dyadscope")) / "dyadscope.duckdb"


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration shipped with the package, in order."""
    found = []
    for entry in resources.files("dyadscope").joinpath("migrations").iterdir():
        m = re.fullmatch(r"(\d{3})_(\w+)\.sql", entry.name)
        if m:
            found.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def file_sha256(*paths: Path) -> str:
    """SHA-256 of one file, or of the sorted per-file digests when a load reads several."""
    from dyadscope.fetch import file_sha256 as one_file

    digests = [one_file(path) for path in paths]
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()


class Store:
    """A DuckDB store. ``Store(":memory:")`` gives a throw-away store for tests."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = str(path) if path is not None else str(default_store_path())
        if self.path != ":memory:" and not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}; load data first with `dyadscope load`")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        self.read_only = read_only
        if not read_only:
            self.migrate()
            self.sync_countries()

    # -- schema ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migration'"
        ).fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_migration").fetchone()[0]

    def migrate(self) -> int:
        """Apply every migration newer than the store's version, each in its own transaction."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migration "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        current = self.schema_version()
        for number, name, sql in migrations():
            if number <= current:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migration (version, name) VALUES (?, ?)", [number, name])
        return self.schema_version()

    def sync_countries(self) -> None:
        """Write the country registry into the ``country`` table when the registry has changed."""
        from dyadscope.countries import Registry

        registry = Registry.default()
        digest = hashlib.sha256(registry.frame.to_csv(index=False).encode()).hexdigest()
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self.con.execute("SELECT value FROM meta WHERE key = 'registry_sha256'").fetchone()
        if row and row[0] == digest:
            return
        frame = registry.frame
        with self.transaction():
            self.con.execute("CREATE OR REPLACE TABLE country AS SELECT * FROM frame")
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('registry_sha256', ?)", [digest]
            )

    # -- transactions ----------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- queries --------------------------------------------------------------------------------
    def query(self, sql: str, params: list | None = None):
        """Run a read query and return a pandas DataFrame."""
        return self.con.execute(sql, params or []).df()

    def table_counts(self) -> dict[str, int]:
        names = [
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
        ]
        return {n: self.con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}

    def already_loaded(self, source: str, part: str, sha256: str) -> bool:
        """True when the latest load of this part read exactly these bytes.

        Only the latest counts: going back to an earlier version of a file reloads it.
        """
        row = self.con.execute(
            "SELECT file_sha256 FROM load_log WHERE source = ? AND part = ? ORDER BY load_id DESC LIMIT 1",
            [source, part],
        ).fetchone()
        return bool(row) and row[0] == sha256

    def load_log(self):
        return self.query("SELECT * FROM load_log ORDER BY load_id")

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
