"""The HTML report in a real browser: headless Chromium lays out and paints its SVG.

Skipped when no Chromium is installed (Debian: `apt-get install chromium`; .ci/run tries
to). The report itself has no script; to read the laid-out sizes, the test loads a copy
with one measuring script appended and reads what it wrote from `--dump-dom`. The
screenshot is decoded (PNG, zlib and the five scanline filters) to check that the bars
are painted in their colour; the PDF checks that the page prints.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from credstack.engine.advice import advise
from credstack.engine.evaluate import build_report
from credstack.report.html_figures import TONE_FILL
from credstack.report.render import render
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
)
MEASURE = """<script>
const shown = [...document.querySelectorAll("svg")].map((svg) => {
  const box = svg.getBoundingClientRect();
  const fills = [...svg.querySelectorAll("rect.fill")].map((r) => r.getBoundingClientRect().width);
  return {kind: svg.getAttribute("class"), width: box.width, height: box.height, fills};
});
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify(shown);
document.body.append(out);
</script>
"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    profile = tmp_path / "profile"
    command = [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of the career-changer example, as `credstack report` writes it."""
    region = load_region(shipped_catalogues())
    path = shipped_learners() / "career-changer.toml"
    learner = load_learner(path, region).learner
    report = advise(region, learner, build_report(region, learner), folder=path.parent)
    html = tmp_path_factory.mktemp("browser") / "career-changer.html"
    html.write_text(render(report, "html"), encoding="utf-8")
    return html


def test_chromium_lays_out_every_svg_with_a_size(page: Path, tmp_path: Path) -> None:
    source = page.read_text(encoding="utf-8")
    assert "<script" not in source  # the report runs nothing; only the test's copy does
    measured = tmp_path / "measured.html"
    measured.write_text(source.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", measured.as_uri()).stdout
    start = dom.index('<pre id="measured">') + len('<pre id="measured">')
    shown = json.loads(dom[start : dom.index("</pre>", start)])
    assert len(shown) == source.count("<svg ")
    assert {item["kind"] for item in shown} == {"figure progress", "figure timeline"}
    for item in shown:
        assert item["width"] > 100 and item["height"] > 20, item
    fills = [w for item in shown for w in item["fills"]]
    assert any(w > 0 for w in fills)  # bars with credits applied are drawn filled
    # the plain DOM as the browser parsed it: the SVG elements are SVG, not unknown tags
    plain = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert plain.count("<svg ") == source.count("<svg ")
    assert plain.count("<rect ") == source.count("<rect ")


def _pixels(png: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, the unfiltered pixel rows) of an 8-bit RGB(A) PNG."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, offset = {}, 8
    data = b""
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        body = png[offset + 8 : offset + 8 + length]
        if kind == b"IDAT":
            data += body
        else:
            chunks[kind] = body
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(data), width * step
    rows, previous = bytearray(), bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for x in range(stride):
            a = row[x - step] if x >= step else 0
            b, c = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                row[x] = (row[x] + a) & 0xFF
            elif kind == 2:
                row[x] = (row[x] + b) & 0xFF
            elif kind == 3:
                row[x] = (row[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                near = min((abs(p - a), a), (abs(p - b), b), (abs(p - c), c))[1]
                row[x] = (row[x] + near) & 0xFF
        rows += row
        previous = row
    return width, height, step, bytes(rows)


def test_chromium_paints_the_bars_in_a_screenshot(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1000,1500", f"--screenshot={shot}", page.as_uri())
    width, height, step, pixels = _pixels(shot.read_bytes())
    assert (width, height) == (1000, 1500)
    colours = {pixels[i : i + 3] for i in range(0, len(pixels), step)}
    assert len(colours) > 50  # a page, not a blank
    warn = bytes(int(TONE_FILL["warn"][i : i + 2], 16) for i in (1, 3, 5))
    assert warn in colours  # the partly met requirements' bars, filled in their colour


def test_chromium_prints_the_report(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?!s)", printed)
    assert len(pages) >= 3  # each program starts a new page (@media print), and more
