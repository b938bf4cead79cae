"""String enums that carry a translated label and a badge colour for rendering."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import LazyString


class LabeledEnum(StrEnum):
    """Stored as the value; ``label`` is translated only when rendered."""

    __labels__: dict = {}
    __badges__: dict = {}

    @property
    def label(self) -> str:
        text = type(self).__labels__.get(self.value)
        return str(text) if isinstance(text, LazyString) else (text or self.value)

    @property
    def badge(self) -> str:
        return type(self).__badges__.get(self.value, "secondary")

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        return [(m.value, cls.__labels__.get(m.value, m.value)) for m in cls]
