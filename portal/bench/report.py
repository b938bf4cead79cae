"""The benchmark's figures: ratios, target checks, the printed table, the JSON results and README's
tables (regenerated from the latest result files between markers)."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from pathlib import Path

from portal.bench.load import Result
from portal.bench.settings import (
    DEFAULT_CASES,
    RESULTS_DIR,
    TARGET_DEEP_VS_PEER,
    TARGET_GUIDANCE_VS_CEILING,
    TARGET_PAGE_VS_CEILING,
    TARGET_QUEUE_SERVER_P50_MS,
    TARGET_QUEUE_VS_PEER,
    TARGET_SCALE_RATIO,
)

CEILING = "ceiling Jinja page"
PEER_OF = {"staff queue": "Flask-Admin list", "staff queue deep page": "Flask-Admin deep page"}
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
TABLE_START, TABLE_END = "<!-- bench:table -->", "<!-- /bench:table -->"
SCALE_START, SCALE_END = "<!-- bench:scale -->", "<!-- /bench:scale -->"


def add_ratios(results: list[Result]) -> None:
    by_name = {r.name: r for r in results}
    ceiling = by_name.get(CEILING)
    for r in results:
        r.vs_ceiling = r.rps / ceiling.rps if ceiling and ceiling.rps else None
        peer = by_name.get(PEER_OF.get(r.name, ""))
        r.vs_peer = r.rps / peer.rps if peer and peer.rps else None


def target_checks(results: list[Result]) -> list[tuple[str, bool, str]]:
    """(target, met, measured) for every target whose pages were measured in this run."""
    by_name = {r.name: r for r in results}
    checks = []

    def ratio(name: str, attr: str, target: float, label: str) -> None:
        r = by_name.get(name)
        value = getattr(r, attr) if r else None
        if value is not None:
            shown = f"{value:.2f}×" if attr == "vs_peer" else f"{value * 100:.0f} %"
            checks.append((label, value >= target, shown))

    ratio("staff queue", "vs_peer", TARGET_QUEUE_VS_PEER, f"staff queue page 1 ≥ {TARGET_QUEUE_VS_PEER:g}× Flask-Admin")
    ratio(
        "staff queue deep page",
        "vs_peer",
        TARGET_DEEP_VS_PEER,
        f"staff queue deep page ≥ {TARGET_DEEP_VS_PEER:g}× Flask-Admin deep page",
    )
    for name in ("firm dashboard", "case page", "search"):
        ratio(name, "vs_ceiling", TARGET_PAGE_VS_CEILING, f"{name} ≥ {TARGET_PAGE_VS_CEILING:.0%} of the ceiling")
    ratio(
        "guidance",
        "vs_ceiling",
        TARGET_GUIDANCE_VS_CEILING,
        f"guidance ≥ {TARGET_GUIDANCE_VS_CEILING:.0%} of the ceiling",
    )
    q = by_name.get("staff queue")
    if q is not None and not math.isnan(q.server_p50_ms):
        checks.append(
            (
                f"staff queue server time p50 ≤ {TARGET_QUEUE_SERVER_P50_MS:g} ms",
                q.server_p50_ms <= TARGET_QUEUE_SERVER_P50_MS,
                f"{q.server_p50_ms:.1f} ms",
            )
        )
    return checks


def _pct(value: float | None) -> str:
    return f"{value * 100:.0f} %" if value is not None else "—"


def _times(value: float | None) -> str:
    return f"{value:.2f}×" if value is not None else "—"


def _num(value: float, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def format_table(results: list[Result]) -> str:
    head = (
        f"{'page':<24} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'srv p50':>8} {'CPU p50':>8} {'SQL':>5} "
        f"{'errors':>6} {'vs ceiling':>10} {'vs peer':>8}  path"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.name:<24} {r.rps:8.1f} {r.p50_ms:7.1f} {r.p95_ms:7.1f} {_num(r.server_p50_ms):>8} {_num(r.cpu_p50_ms):>8} "
            f"{_num(r.statements):>5} {r.errors:6d} {_pct(r.vs_ceiling):>10} {_times(r.vs_peer):>8}  {r.path}"
        )
    return "\n".join(lines)


def results_path(engine: str, cases: int, partial: bool, when: datetime | None = None) -> Path:
    day = (when or datetime.now(UTC)).date().isoformat()
    name = f"{day}-{engine}" + (f"-{cases}" if cases != DEFAULT_CASES else "") + ("-partial" if partial else "")
    return RESULTS_DIR / f"{name}.json"


def write_results(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- README -----------------------------------------------------------------------------------


def _load_all(directory: Path) -> list[dict]:
    runs = []
    for file in sorted(directory.glob("*.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data["_file"] = file.name
        runs.append(data)
    return sorted(runs, key=lambda d: d.get("when", ""))


def latest_full_runs(directory: Path = RESULTS_DIR) -> dict[str, dict]:
    """The latest complete run at the default size per engine."""
    latest: dict[str, dict] = {}
    for run in _load_all(directory):
        if run.get("partial") or run["seed"]["cases"] != DEFAULT_CASES:
            continue
        latest[run["database"]] = run
    return latest


def readme_table(runs: dict[str, dict]) -> str:
    engines = [e for e in ENGINES if e in runs]
    if not engines:
        return "(no results yet: run `python -m portal.bench`)"
    head = "| page |" + "".join(
        f" {ENGINES[e]} req/s | p50 / p95 ms | in app p50 ms (CPU) | SQL / req | vs ceiling | vs peer |"
        for e in engines
    )
    lines = [head, "|---|" + "---:|" * 6 * len(engines)]
    names = [r["name"] for r in runs[engines[0]]["results"]]
    for name in names:
        row = f"| {name} `{next(r['path'] for r in runs[engines[0]]['results'] if r['name'] == name)}` |"
        for e in engines:
            r = next((x for x in runs[e]["results"] if x["name"] == name), None)
            if r is None:
                row += " — |" * 6
                continue
            bold = "**" if name in PEER_OF or name in ("guidance", "search", "firm dashboard", "case page") else ""
            row += (
                f" {r['rps']:,.0f} | {r['p50_ms']:.1f} / {r['p95_ms']:.1f} |"
                f" {_num(r['server_p50_ms'])} ({_num(r.get('cpu_p50_ms', float('nan')))}) |"
                f" {_num(r['statements'])} | {bold}{_pct(r['vs_ceiling'])}{bold} |"
                f" {bold if r['vs_peer'] else ''}{_times(r['vs_peer'])}{bold if r['vs_peer'] else ''} |"
            )
        lines.append(row)
    lines.append("")
    for e in engines:
        run = runs[e]
        m = run["machine"]
        targets = run.get("targets", [])
        met = sum(1 for t in targets if t["met"])
        lines.append(
            f"- {ENGINES[e]}: {run['when'][:16].replace('T', ' ')} UTC, commit {run['revision']}, "
            f"{run['seed']['firms']:,} firms / {run['seed']['cases']:,} cases, gunicorn -w {run['settings']['workers']}, "
            f"wrk -c {run['settings']['concurrency']}, {run['settings']['duration']:g} s per page"
            f" in {run['settings'].get('rounds', 1)} rounds; "
            f"load average {m.get('loadavg_before', '?')} before, {m.get('loadavg_after', '?')} after. "
            f"Targets met: {met} of {len(targets)}"
            + (
                " (missed: " + "; ".join(f"{t['target']}: {t['value']}" for t in targets if not t["met"]) + ")"
                if met < len(targets)
                else "."
            )
        )
    return "\n".join(lines)


def readme_scale(directory: Path = RESULTS_DIR) -> str:
    """Staff queue figures per engine and size, from the latest run of each (full or partial)."""
    latest: dict[tuple[str, int], dict] = {}
    for run in _load_all(directory):
        names = {r["name"] for r in run["results"]}
        if "staff queue" in names:
            latest[(run["database"], run["seed"]["cases"])] = run
    if not latest:
        return "(no results yet)"
    lines = [
        "| engine | cases | queue req/s | vs ceiling | in app p50 ms (CPU) | SQL / req | deep page req/s | SQL / req |"
        " queue req/s vs 100,000: as measured / each over its run's ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for engine, cases in sorted(latest, key=lambda k: (list(ENGINES).index(k[0]) if k[0] in ENGINES else 9, k[1])):
        run = latest[(engine, cases)]
        by_name = {r["name"]: r for r in run["results"]}
        q, d = by_name["staff queue"], by_name.get("staff queue deep page")
        base = latest.get((engine, DEFAULT_CASES))
        base_q = next((r for r in base["results"] if r["name"] == "staff queue"), None) if base else None
        vs_base = q["rps"] / base_q["rps"] if base_q and base_q["rps"] else None
        # the runs at each size saw a differently loaded machine: the ratio of the ratios to each run's
        # own ceiling says how the page itself scales
        vs_base_ceiling = (
            q["vs_ceiling"] / base_q["vs_ceiling"]
            if base_q and base_q.get("vs_ceiling") and q.get("vs_ceiling") is not None
            else None
        )
        if vs_base is not None and cases > DEFAULT_CASES:
            mark = " ✓" if vs_base >= TARGET_SCALE_RATIO and base_q["statements"] == q["statements"] else " ✗"
        else:
            mark = ""
        deep_rps = f"{d['rps']:,.0f}" if d else "—"
        deep_sql = _num(d["statements"]) if d else "—"
        lines.append(
            f"| {ENGINES.get(engine, engine)} | {cases:,} | {q['rps']:,.0f} | {_pct(q['vs_ceiling'])} |"
            f" {_num(q['server_p50_ms'])} ({_num(q.get('cpu_p50_ms', float('nan')))}) | {_num(q['statements'])} |"
            f" {deep_rps} | {deep_sql} |"
            f" {_pct(vs_base)}{mark} / {_pct(vs_base_ceiling)} |"
        )
    return "\n".join(lines)


def _replace_between(text: str, start: str, end: str, body: str) -> str:
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"README has no {start} … {end} markers")
    return pattern.sub(lambda _m: f"{start}\n{body}\n{end}", text, count=1)


def update_readme(readme: Path, directory: Path = RESULTS_DIR) -> None:
    """Rewrite README's benchmark tables from the latest result files."""
    text = readme.read_text(encoding="utf-8")
    text = _replace_between(text, TABLE_START, TABLE_END, readme_table(latest_full_runs(directory)))
    text = _replace_between(text, SCALE_START, SCALE_END, readme_scale(directory))
    readme.write_text(text, encoding="utf-8")
