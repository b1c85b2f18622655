"""The report's Chinese font is found by file: a matplotlib font cache written before the fonts were
installed (a new machine running ``make demo`` first) must not hide them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govhall.opinion.report import cjk_font_files

WRITE_PDF = """
import sys
from pathlib import Path
from govhall.opinion import write_pdf
side = {"start": "2025-03-01", "end": "2025-03-31", "volume": 2, "negative_posts": [{"text": "办事太慢"}]}
report = {"policy": "测试政策", "effective": "2025-04-01", "verdict": "生效后日均 3 条", "concerns": [{"word": "排队"}],
          "before": side, "after": side, "daily": [{"bucket": "2025-04-01", "count": 3, "negative_share": 0.5}]}
print(write_pdf(report, Path(sys.argv[1])))
"""


def _run(code: str, *args: str, mplconfig: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLCONFIGDIR": str(mplconfig)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.skipif(not cjk_font_files(), reason="no CJK font on this machine (make test installs fonts-noto-cjk)")
def test_pdf_is_written_although_the_font_cache_predates_the_cjk_fonts(tmp_path: Path) -> None:
    mplconfig = tmp_path / "mpl"
    built = _run("from matplotlib import font_manager; font_manager.fontManager", mplconfig=mplconfig)
    assert built.returncode == 0, built.stderr
    # Make the cache look as it does when matplotlib first ran before fonts-noto-cjk was installed.
    (cache,) = mplconfig.glob("fontlist-*.json")
    listing = json.loads(cache.read_text(encoding="utf-8"))
    kept = [f for f in listing["ttflist"] if not any(part in f["fname"] for part in ("CJK", "wqy", "Han"))]
    assert len(kept) < len(listing["ttflist"]), "the cache should have listed the CJK fonts"
    listing["ttflist"] = kept
    cache.write_text(json.dumps(listing), encoding="utf-8")
    hidden = _run(
        "from matplotlib import font_manager as f; print(any('CJK' in x.name for x in f.fontManager.ttflist))",
        mplconfig=mplconfig,
    )
    assert hidden.stdout.strip() == "False", "matplotlib should read the stale cache as it is"

    pdf = tmp_path / "report.pdf"
    written = _run(WRITE_PDF, str(pdf), mplconfig=mplconfig)

    assert written.returncode == 0, written.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert b"CJK" in pdf.read_bytes() or b"Noto" in pdf.read_bytes() or b"WenQuanYi" in pdf.read_bytes()
