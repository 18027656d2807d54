"""The ``dyadscope`` command line: a thin layer over the Python API.

Commands live in modules by subject and attach themselves to the group in ``base``.
"""

from dyadscope.cli import analysis, coding, data, events, measures, report, serve  # noqa: F401  (registers the commands)
from dyadscope.cli.base import cli, records, to_json

__all__ = ["cli", "main", "records", "to_json"]


def main() -> None:
    cli(prog_name="dyadscope")


if __name__ == "__main__":
    main()
