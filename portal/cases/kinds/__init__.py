"""The application types. Each is one module in this package that declares ``KIND``; the
registry, the stored enum (``CaseType``) and the database CHECK constraint follow from them."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import cast

from portal.cases.kinds.base import CaseKind, Material, Step
from portal.core.enums import LabeledEnum

__all__ = ["KINDS", "CaseKind", "CaseType", "Material", "Step", "StoredCaseType", "get_kind"]


def _discover() -> list[CaseKind]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if isinstance(getattr(module, "KIND", None), CaseKind):
            found.append(module.KIND)
    return sorted(found, key=lambda kind: (kind.position, kind.value))


KINDS: dict[str, CaseKind] = {kind.value: kind for kind in _discover()}


class StoredCaseType(LabeledEnum):
    """The type of ``CaseType``: its members are built from ``KINDS`` below."""


# The functional Enum API; a type checker reads ``StoredCaseType(...)`` as a member lookup, hence the cast.
_build_enum = cast(Callable[..., type[StoredCaseType]], StoredCaseType)
CaseType = _build_enum("CaseType", [(k.value.upper().replace("-", "_"), k.value) for k in KINDS.values()])
CaseType.__labels__ = {k.value: k.label for k in KINDS.values()}
CaseType.__badges__ = {k.value: k.badge for k in KINDS.values()}


def get_kind(value: str) -> CaseKind | None:
    return KINDS.get(value)
