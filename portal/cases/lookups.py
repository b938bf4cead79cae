"""Facts about a firm that an application form offers as choices but another domain package owns
(the firm's granted pledge loans live in portal.market). The layer above both registers the source
when the app is built; without one the form offers nothing and the firm types the details."""

from __future__ import annotations

from collections.abc import Callable

_SOURCES: dict[str, Callable[[int], list]] = {}


def provide(name: str, source: Callable[[int], list]) -> None:
    _SOURCES[name] = source


def lookup(name: str, firm_id: int | None) -> list:
    source = _SOURCES.get(name)
    return source(firm_id) if source is not None and firm_id is not None else []
