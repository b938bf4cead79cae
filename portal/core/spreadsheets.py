"""XLSX and CSV responses. Cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import io
import re

from flask import Response, send_file
from openpyxl import Workbook
from openpyxl.styles import Font

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
# A formula may also start after a separator: a spreadsheet opening the CSV with ';' (or tab, '|')
# as its list separator splits "x;=cmd|…" into a new cell that begins with '='.
FORMULA_AFTER_SEPARATOR = re.compile(r"[,;\t\r\n|]\s*[=+\-@]")


def safe_cell(value):
    """Prefix text that starts like a formula (anywhere a cell could begin) with ' so Excel/WPS show it."""
    if isinstance(value, str) and (value.startswith(DANGEROUS_START) or FORMULA_AFTER_SEPARATOR.search(value)):
        return "'" + value
    return value


def _download(body: io.BytesIO, filename: str, mimetype: str) -> Response:
    """An attachment; send_file writes an ASCII fallback plus filename*= for a Chinese file name."""
    response = send_file(body, mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0)
    response.direct_passthrough = False  # the body is in memory: readable by after-request hooks and tests
    return response


def xlsx_response(filename: str, sheets: list[tuple[str, list[str], list[list]]]) -> Response:
    """One workbook, one sheet per (title, headers, rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([safe_cell(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(str(header)) * 2 + 4)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return _download(buffer, filename, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# Characters some spreadsheet treats as a cell separator (by locale or sniffing) besides the comma.
CSV_QUOTE_IF = (",", ";", "\t", "|", '"', "\r", "\n")


def _csv_field(value) -> str:
    """One CSV field, quoted whenever it holds any character a spreadsheet might split it on."""
    text = str(safe_cell("" if value is None else value))
    if any(c in text for c in CSV_QUOTE_IF) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_response(filename: str, headers: list[str], rows: list[list]) -> Response:
    lines = [",".join(_csv_field(h) for h in headers)]
    lines.extend(",".join(_csv_field(v) for v in row) for row in rows)
    # BOM: Excel on Chinese Windows then reads UTF-8 correctly
    body = "\ufeff" + "".join(line + "\r\n" for line in lines)
    return _download(io.BytesIO(body.encode("utf-8")), filename, "text/csv; charset=utf-8")
