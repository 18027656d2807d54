"""Validation reports: every rejected row with its file, row number, column, value and reason."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

COLUMNS = ["file", "row", "column", "value", "reason", "level"]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based line in a text file (header = 1), or record number; None for the whole file
    column: str | None
    value: str | None
    reason: str
    level: str = "error"  # "error": the row was rejected; "warning": the row was kept, but note this

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        value = "" if self.value is None else f" value {self.value!r}:"
        tag = "" if self.level == "error" else f" [{self.level}]"
        return f"{where}:{value} {self.reason}{tag}"


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)

    def add(self, file, row, column, value, reason, level: str = "error") -> None:
        self.problems.append(Problem(str(file), None if row is None else int(row), column,
                                     None if value is None else str(value), reason, level))

    def add_rows(self, file, rows: pd.Series, column: str, values: pd.Series, reason: str, level: str = "error") -> None:
        """Record one problem per element of ``rows`` (row numbers) and ``values``."""
        for r, v in zip(rows.tolist(), values.tolist()):
            self.add(file, r, column, v, reason, level)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def rejected_rows(self) -> int:
        """How many distinct rows were rejected (a row with several problems counts once)."""
        return len({(p.file, p.row) for p in self.errors if p.row is not None})

    def extend(self, other: "ValidationReport") -> None:
        self.problems.extend(other.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(p) for p in self.problems], columns=COLUMNS)

    def to_csv(self, path: str | Path) -> Path:
        path = Path(path)
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for p in self.problems:
                writer.writerow([p.file, "" if p.row is None else p.row, p.column or "", p.value or "", p.reason, p.level])
        return path

    def summary(self, limit: int = 20) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines)
