"""Importing directory entries from an XLSX sheet: each row is checked, staff see a preview with the
errors per row and then save the valid rows (new codes become entries, known codes are updated)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from sqlalchemy import select

from portal.audit.services import record
from portal.core.errors import ServiceError
from portal.core.uploads import validate_upload
from portal.core.validators import normalise_uscc
from portal.extensions import db
from portal.i18n import gettext as _
from portal.market.agencies import ENTRY_FIELDS, entry_errors, save_entry
from portal.market.models import Agency
from portal.market.vocab import AgencyKind

MAX_ROWS = 2000
# column headings as a sheet may spell them (Chinese, as the template has them, or the field names)
HEADINGS = {
    "机构名称": "name",
    "名称": "name",
    "统一社会信用代码": "credit_code",
    "机构类型": "kind",
    "类型": "kind",
    "备案号/执业许可证号": "licence_no",
    "备案号": "licence_no",
    "执业许可证号": "licence_no",
    "地址": "address",
    "联系方式": "contact",
    "服务范围": "services",
    **{name: name for name in ENTRY_FIELDS},
}
KIND_NAMES = {
    "专利代理机构": AgencyKind.PATENT,
    "商标代理机构": AgencyKind.TRADEMARK,
    "知识产权运营机构": AgencyKind.OPERATION,
    "知识产权评估机构": AgencyKind.EVALUATION,
    "律师事务所": AgencyKind.LAW_FIRM,
    **{k.value: k for k in AgencyKind},
}
TEMPLATE_HEADINGS = ["机构名称", "统一社会信用代码", "机构类型", "备案号/执业许可证号", "地址", "联系方式", "服务范围"]


class ImportError_(ServiceError):
    pass


@dataclass
class PreviewRow:
    row_no: int
    values: dict
    errors: dict = field(default_factory=dict)
    existing_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kind_label(self) -> str:
        kind = self.values.get("kind") or ""
        return AgencyKind(kind).label if kind in {k.value for k in AgencyKind} else (kind or "—")


@dataclass
class Preview:
    rows: list[PreviewRow]

    @property
    def valid(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.ok]

    def payload(self) -> str:
        """The valid rows, carried by the confirmation form; checked again when saved."""
        return json.dumps([r.values for r in self.valid], ensure_ascii=False)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def read_sheet(filename: str, data: bytes) -> Preview:
    """Parse and check the first sheet; raises ServiceError when the file is not a usable XLSX."""
    if validate_upload(filename, data) != "xlsx":
        raise ImportError_(_("Upload the directory as an XLSX spreadsheet (Excel or WPS)."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportError_(_("The spreadsheet could not be read. Save it again as XLSX and upload it.")) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    heading_row = next(rows, None) or ()
    columns = {i: HEADINGS.get(_text(h)) for i, h in enumerate(heading_row)}
    required = (("机构名称", "name"), ("统一社会信用代码", "credit_code"), ("机构类型", "kind"))
    missing = [heading for heading, name in required if name not in columns.values()]
    if missing:
        raise ImportError_(_("The first row must name the columns; missing: %(columns)s.", columns="、".join(missing)))
    preview = Preview(rows=[])
    seen: dict[str, int] = {}
    for row_no, cells in enumerate(rows, start=2):
        if not any(_text(c) for c in cells):
            continue
        if len(preview.rows) >= MAX_ROWS:
            raise ImportError_(_("At most %(n)d rows can be imported at once; split the sheet.", n=MAX_ROWS))
        values = {name: "" for name in ENTRY_FIELDS}
        for i, cell in enumerate(cells):
            if columns.get(i):
                values[columns[i]] = _text(cell)
        preview.rows.append(check_row(row_no, values, seen))
    book.close()
    if not preview.rows:
        raise ImportError_(_("The sheet has no rows below the column names."))
    return preview


def check_row(row_no: int, values: dict, seen: dict[str, int]) -> PreviewRow:
    raw_kind = values.get("kind", "")
    values["kind"] = KIND_NAMES[raw_kind].value if raw_kind in KIND_NAMES else raw_kind
    values["credit_code"] = normalise_uscc(values.get("credit_code", ""))
    errors = entry_errors(values)
    if "kind" in errors:
        errors["kind"] = _(
            "Unknown kind %(kind)s; use one of: %(kinds)s.",
            kind=raw_kind or "—",
            kinds="、".join(k for k in KIND_NAMES if not k.isascii()),
        )
    code = values["credit_code"]
    if "credit_code" not in errors and code in seen:
        errors["credit_code"] = _("The same credit code is already in row %(row)d.", row=seen[code])
    seen.setdefault(code, row_no)
    existing = db.session.scalar(select(Agency.id).where(Agency.credit_code == code)) if not errors else None
    return PreviewRow(row_no=row_no, values=values, errors=errors, existing_id=existing)


def save_rows(payload: str, actor) -> tuple[int, int]:
    """Save the previewed rows (checked again); returns (created, updated)."""
    try:
        rows = json.loads(payload or "[]")
    except ValueError:
        rows = None
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise ImportError_(_("Nothing to import: upload the spreadsheet again."))
    created = updated = 0
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows, start=1):
        values = {name: str(raw.get(name) or "") for name in ENTRY_FIELDS}
        row = check_row(number, values, seen)
        if not row.ok:
            raise ImportError_(_("The rows changed since the preview; upload the spreadsheet again."))
        agency = db.session.get(Agency, row.existing_id) if row.existing_id else None
        save_entry(agency, row.values, actor)
        created, updated = (created, updated + 1) if agency else (created + 1, updated)
    record("agency_import", "agency", None, actor=actor, detail={"created": created, "updated": updated})
    return created, updated
