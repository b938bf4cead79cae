"""String enums that carry a translated label and a badge colour for rendering."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class LabeledEnum(StrEnum):
    """Stored as the value; ``label`` is translated only when rendered."""

    __labels__: ClassVar[dict[str, object]] = {}
    __badges__: ClassVar[dict[str, str]] = {}

    @property
    def label(self) -> str:
        text = type(self).__labels__.get(self.value)
        return str(text) if text else self.value

    @property
    def badge(self) -> str:
        return type(self).__badges__.get(self.value, "secondary")

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        return [(m.value, cls.__labels__.get(m.value, m.value)) for m in cls]
