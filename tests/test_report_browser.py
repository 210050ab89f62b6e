"""The report in a real headless Chromium: no console errors, charts drawn, two printed pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from backcoach.history.store import default_file_name, local_now
from generated import generate
from helpers import invoke

pytestmark = pytest.mark.slow

BROWSER = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium(tmp_path: Path, profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the system's Chromium with a fresh profile; its log goes to stderr."""
    assert BROWSER is not None
    return subprocess.run(
        [
            BROWSER,
            *FLAGS,
            f"--user-data-dir={tmp_path / profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def pages(pdf: Path) -> int:
    """Pages in a PDF Chromium printed (it writes one /Type /Page object per page)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


@pytest.fixture
def page(tmp_path: Path) -> Path:
    """A report of a generated year's last twelve weeks, as a person would make it."""
    generate(default_file_name(), 365, local_now().date(), seed=11)
    path = tmp_path / "report.html"
    result = invoke("report", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return path


@pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (apt-get install chromium)")
def test_report_renders_without_errors_with_its_charts(tmp_path: Path, page: Path) -> None:
    """Chromium logs no console message, and the DOM it built holds the three charts."""
    shown = chromium(tmp_path, "dom", "--dump-dom", page.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert ":CONSOLE" not in shown.stderr, shown.stderr
    dom = shown.stdout
    for chart in ("calendar", "weeks", "pain"):
        assert re.search(rf'<svg class="chart" id="{chart}"', dom), chart
    assert dom.count('class="shade') == 84  # a square for every day of twelve weeks
    assert dom.count("<circle") > 20  # pain points
    shot = tmp_path / "report.png"
    taken = chromium(
        tmp_path,
        "shot",
        "--hide-scrollbars",
        "--window-size=900,1400",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (apt-get install chromium)")
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_report_prints_on_two_pages(tmp_path: Path, page: Path, paper: str) -> None:
    """Printed on Letter (Chromium's default) or A4, the report takes at most two pages."""
    html = page.read_text(encoding="utf-8")
    sized = tmp_path / f"report-{paper}.html"
    # Chromium's command line has no paper size; the page's own @page rule sets it.
    sized.write_text(html.replace("</style>", f"@page {{ size: {paper}; }}</style>", 1))
    pdf = tmp_path / f"report-{paper}.pdf"
    printed = chromium(
        tmp_path,
        f"print-{paper}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        sized.as_uri(),
    )
    assert printed.returncode == 0, printed.stderr[-2000:]
    assert 1 <= pages(pdf) <= 2
