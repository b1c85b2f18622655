"""Chinese fonts for the PDFs govhall writes (opinion reports, case receipts), found by file.

Shared by ``opinion`` and ``cases``; it imports only ``errors``, so any capability may use it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from govhall.errors import BadInput

# Font files that cover Chinese, best first: the families Debian, RHEL and Windows ship.
_CJK_FILES = (
    "NotoSansCJK",
    "NotoSerifCJK",
    "SourceHanSans",
    "wqy-zenhei",
    "wqy-microhei",
    "simhei",
    "msyh",
    "DroidSansFallback",
)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "C:/Windows/Fonts")
_FONT_SUFFIXES = (".ttc", ".otf", ".ttf")


def cjk_font_files() -> list[Path]:
    """Chinese-capable font files on this machine, found on disk (fontconfig, then known folders).

    Found by file, not by matplotlib's font cache: that cache is written the first time matplotlib
    runs and never notices fonts installed afterwards (``make demo`` before ``apt-get install
    fonts-noto-cjk`` left every later PDF without Chinese)."""
    found: list[Path] = []
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            listing = subprocess.run(
                [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        found += [Path(line.split(":")[0].strip()) for line in listing.splitlines() if line.strip()]
    for folder in _FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            found += [p for p in root.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES]
    ranked = [p for p in dict.fromkeys(found) if p.is_file() and _rank(p) is not None]
    return sorted(ranked, key=lambda p: (_rank(p), p.name))


def _rank(path: Path) -> int | None:
    name = path.name.lower()
    for rank, stem in enumerate(_CJK_FILES):
        if stem.lower() in name and "mono" not in name:
            return rank
    return None


def cjk_font_family() -> str:
    """Register the best Chinese font file with matplotlib and return its family name."""
    from matplotlib import font_manager

    for path in cjk_font_files():
        try:
            font_manager.fontManager.addfont(str(path))
            return str(font_manager.FontProperties(fname=str(path)).get_name())
        except (OSError, RuntimeError, ValueError):
            continue  # an unreadable or unsupported file: try the next one
    raise BadInput.of("no_cjk_font")
