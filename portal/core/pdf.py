"""The CJK font every generated PDF uses (certificates, case documents)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

# embedded when present (Debian fonts-wqy-microhei); otherwise the PDF names Adobe's STSong, which
# every Chinese-capable reader supplies
FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register the font once and return its name for ``setFont`` or a paragraph style."""
    for path in FONT_FILES:
        if path.is_file():
            pdfmetrics.registerFont(TTFont("PortalCJK", str(path), subfontIndex=0))
            return "PortalCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
