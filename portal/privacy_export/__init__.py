"""我的数据 (PIPL art. 45): everything stored about a firm, as one ZIP the firm downloads.

``plan`` names, table by table, the columns the export shows and the reason for every column it leaves
out; ``archive`` reads them for one firm and writes the ZIP.
"""

from __future__ import annotations

from portal.privacy_export.archive import export_firm_data
from portal.privacy_export.plan import EXPORTED, KEYS, NOT_THE_FIRMS, REPORT_COLUMNS, SECTIONS, WITHHELD

__all__ = ["EXPORTED", "KEYS", "NOT_THE_FIRMS", "REPORT_COLUMNS", "SECTIONS", "WITHHELD", "export_firm_data"]
