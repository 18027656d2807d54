"""dyadscope plot: static figures of a measure as SVG or PNG."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dyadscope.cli import cli
from dyadscope.report.plots import PLOT_MEASURES, PlotError, plot_figure


def _plot(store, *args):
    return CliRunner().invoke(cli, ["--store", store.path, "plot", *args])


@pytest.mark.parametrize("measure", ["agreement", "kappa", "s", "idealpoint-distance", "net-cooperation",
                                     "cohesion", "trade"])
def test_svg(mirror_store, tmp_path, measure):
    path = tmp_path / f"{measure}.svg"
    result = _plot(mirror_store, "KAZ", "RUS", "--measure", measure, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(path)
    svg = path.read_text()
    assert svg.startswith("<svg") and "Kazakhstan" in svg


def test_png(mirror_store, tmp_path):
    path = tmp_path / "fig.png"
    result = _plot(mirror_store, "KAZ", "RUS", "--measure", "cohesion", "-o", str(path), "--from", "2000-01-01")
    assert result.exit_code == 0, result.output
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_kappa_figure_carries_the_kappa_values(mirror_store):
    figure = plot_figure(mirror_store, "KAZ", "RUS", "kappa")
    assert figure["spec"]["layer"][1]["encoding"]["y"]["field"] == "kappa"
    session77 = next(r for r in figure["data"] if r["session"] == 77)
    assert -1 <= session77["kappa_lo"] <= session77["kappa"] <= session77["kappa_hi"] <= 1


def test_unknown_measure_lists_the_names(mirror_store, tmp_path):
    result = _plot(mirror_store, "KAZ", "RUS", "--measure", "friendship", "-o", str(tmp_path / "f.svg"))
    assert result.exit_code == 1
    assert "Error: unknown measure 'friendship'; accepted: " + ", ".join(PLOT_MEASURES) in result.output


def test_bad_suffix_and_empty_range(mirror_store, tmp_path):
    result = _plot(mirror_store, "KAZ", "RUS", "--measure", "agreement", "-o", str(tmp_path / "f.pdf"))
    assert result.exit_code == 1 and "must end in .svg or .png" in result.output
    with pytest.raises(PlotError, match="no data for 'trade'"):
        plot_figure(mirror_store, "KAZ", "RUS", "trade", start="2020-01-01")
