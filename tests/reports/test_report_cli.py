"""`backcare chart KIND --out FILE` and `backcare report --out FILE`, run in process against
the real SQLite store in a private BACKCARE_HOME."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.store import open_repository
from tests.reports.expect import one_line_error
from tests.reports.fakes import fill_history

START = date(2025, 3, 3)
PERIOD = ["--from", "2025-03-03", "--to", "2025-03-30"]


def backcare(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def recorded() -> None:
    with open_repository() as repo:
        fill_history(repo, START, 28, user_id=repo.local_user().id)


@pytest.mark.usefixtures("recorded")
@pytest.mark.parametrize(
    ("kind", "ending", "magic"),
    [("pain", "svg", b"<?xml"), ("adherence", "png", b"\x89PNG"), ("scores", "SVG", b"<?xml")],
)
def test_chart_writes_the_file_its_ending_asks_for(
    tmp_path: Path, kind: str, ending: str, magic: bytes
) -> None:
    out = tmp_path / f"{kind}.{ending}"
    result = backcare("chart", kind, "--out", str(out), *PERIOD)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)
    assert f"Wrote {out}" in result.stderr


@pytest.mark.usefixtures("recorded")
def test_chart_reads_the_stored_diary(tmp_path: Path) -> None:
    out = tmp_path / "pain.svg"
    assert backcare("chart", "pain", "--out", str(out), *PERIOD).exit_code == 0
    empty = tmp_path / "empty.svg"
    later = ["--from", "2026-01-01", "--to", "2026-01-31"]
    assert backcare("chart", "pain", "--out", str(empty), *later).exit_code == 0
    assert "No pain ratings in this period yet." not in out.read_text()
    assert "No pain ratings in this period yet." in empty.read_text()


@pytest.mark.usefixtures("recorded")
def test_report_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = backcare("report", "--out", str(out), *PERIOD)
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "Progress report" in text
    assert "3 March 2025 – 30 March 2025" in " ".join(text.split())
    assert not list(tmp_path.glob(".*partial"))


def test_report_of_an_empty_store_covers_the_last_four_weeks(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = backcare("report", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["chart", "weight", "--out", "w.svg"], "KIND: 'weight'"),
        (["chart", "pain"], "--out"),
        (["chart", "pain", "--out", "pain.pdf"], "--out: pain.pdf must end in .svg or .png"),
        (["chart", "pain", "--out", "p.svg", "--from", "March"], "--from"),
        (["chart", "pain", "--out", "p.svg", "--lang", "fr"], "--lang"),
        (["report"], "--out"),
        (["report", "--out", "report.txt"], "--out: report.txt must end in .pdf"),
        (["report", "--out", "r.pdf", "--from", "2025-04-01", "--to", "2025-03-01"], "--from"),
        (["report", "--out", "r.pdf", "--to", "31/03/2025"], "--to"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], names: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    one_line_error(backcare(*args), names)
    assert not list(tmp_path.iterdir())  # nothing written


def test_unwritable_out_keeps_nothing_half_written(tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "pain.svg"
    one_line_error(backcare("chart", "pain", "--out", str(out)), "--out: cannot write")
    assert not out.parent.exists()


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old report")
    # A folder where the partial file would go makes the write fail.
    (tmp_path / ".report.pdf.partial").mkdir()
    one_line_error(backcare("report", "--out", str(out)), "--out: cannot write")
    assert out.read_bytes() == b"old report"


# --- backcare progress (issue 14: the same model and sentences as the report) ----------------


@pytest.mark.usefixtures("recorded")
def test_progress_prints_the_models_sentences_and_weeks() -> None:
    from backcare.content import load_library
    from backcare.reports.progress_text import progress_lines
    from backcare.services.progress import progress_summary

    result = backcare("progress", *PERIOD)
    assert result.exit_code == 0, result.stderr
    with open_repository() as repo:
        user = repo.local_user()
        summary = progress_summary(
            repo, user.id, load_library(), START, date(2025, 3, 30), today=date(2025, 3, 30)
        )
    assert result.stdout.splitlines() == progress_lines(summary)
    assert "Sessions done: " in result.stdout
    assert "  Week starting   Planned      Done" in result.stdout


@pytest.mark.usefixtures("recorded")
def test_progress_as_json_and_in_chinese() -> None:
    import json

    result = backcare("progress", *PERIOD, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["start"] == "2025-03-03"
    assert document["said"]["sessions"].endswith(
        "planned sessions done (" + (f"{document['adherence']['percent']:g}%).")
    )
    assert (
        sum(b["done"] for b in document["sessions_chart"]["bars"]) == document["adherence"]["done"]
    )
    zh = backcare("progress", *PERIOD, "--lang", "zh")
    assert zh.exit_code == 0, zh.stderr
    assert zh.stdout.startswith("进展 2025年3月3日 – 2025年3月30日")
    assert "计划锻炼" in zh.stdout


def test_progress_with_nothing_recorded_says_so() -> None:
    result = backcare("progress", *PERIOD)
    assert result.exit_code == 0, result.stderr
    assert "Pain: No pain ratings in this period yet." in result.stdout
    assert "Sessions done: No sessions planned or done in this period yet." in result.stdout


def test_progress_bad_input_is_one_line_exit_2() -> None:
    for args in (["--from", "someday"], ["--format", "xml"], ["--lang", "fr"]):
        result = backcare("progress", *args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.usefixtures("recorded")
def test_the_zh_report_says_where_it_wrote_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = backcare("report", "--out", str(out), "--lang", "zh", *PERIOD)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"已写入 {out}"
