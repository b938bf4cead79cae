"""tests/ mirrors portal/: every test folder is a portal package, a web audience, or one of the
cross-cutting folders named in CONTRIBUTING.md."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CROSS_CUTTING = {"browser", "security", "concurrency", "ops", "meta", "fixtures", "screenshots"}


def _folders(path: Path) -> set[str]:
    return {p.name for p in path.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}


def test_every_test_folder_mirrors_a_portal_package():
    packages = {p.name for p in (ROOT / "portal").iterdir() if (p / "__init__.py").exists()}
    strays = _folders(ROOT / "tests") - packages - CROSS_CUTTING
    assert not strays, f"test folders with no portal package of that name: {sorted(strays)}"


def test_page_tests_sit_under_their_audience():
    audiences = {p.name for p in (ROOT / "portal" / "web").iterdir() if (p / "__init__.py").exists()}
    strays = _folders(ROOT / "tests" / "web") - audiences
    assert not strays, f"tests/web folders with no blueprint of that name: {sorted(strays)}"
    # a page test of one audience is not left at the top of tests/web
    named_for_audience = [
        p.name for p in (ROOT / "tests" / "web").glob("test_*.py") if p.stem.split("_")[1] in audiences
    ]
    assert not named_for_audience, f"move these under tests/web/<audience>/: {named_for_audience}"


def test_every_test_folder_is_a_package():
    # module names stay unique (tests/web/firm/test_cases.py beside tests/web/staff/test_cases.py)
    missing = [
        str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py") if not (p.parent / "__init__.py").exists()
    ]
    assert not missing, missing
