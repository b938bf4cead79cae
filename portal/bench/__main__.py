"""Load benchmark: ``python -m portal.bench [--firms 2000 --cases 100000 --duration 10 ...]``.

1. Seeds a database (a fresh SQLite file under instance/ by default, or ``--database-url`` /
   ``DATABASE_URL``) with demo staff, the shipped guidance content and ``--firms`` firms (one
   firm user each) holding ``--cases`` cases spread over two years in realistic states.
2. Serves three apps with gunicorn, each with ``--workers`` sync workers on a free local port: the
   ceiling (a separate bare Flask app), the peer (a Flask-Admin list of the same ``cases`` table)
   and the portal (``portal.bench_wsgi:app``).
3. Drives each page with wrk (``--concurrency`` connections, 2 × workers by default) for
   ``--duration`` seconds after an unmeasured warm-up and prints req/s, p50/p95 latency, time
   inside the app and SQL statements per request, and the ratios to the ceiling and the peer.
4. Writes the figures to bench/results/<date>-<engine>.json; ``--readme`` rewrites README's
   benchmark tables from the latest result files.

Nothing here is imported by the application.
"""

import argparse
import http.client
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from portal.bench.load import Endpoint, Result, bench_endpoints, combine, ensure_wrk, login, measure
from portal.bench.report import add_ratios, format_table, results_path, target_checks, update_readme, write_results
from portal.bench.seeding import prepare_database
from portal.bench.settings import (
    DEEP_PAGE,
    DEFAULT_CASES,
    DEFAULT_SQLITE,
    README,
    RESULTS_DIR,
    ROOT,
    USER_AGENT,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn -w N serving one of the benchmark's apps; always stopped on exit."""

    def __init__(self, url: str, port: int, workers: int, log_path: Path, wsgi: str, stats_dir: Path, health: str):
        self.url, self.port, self.workers, self.log_path, self.wsgi = url, port, workers, log_path, wsgi
        self.stats_dir, self.health = stats_dir, health
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> None:
        env = dict(
            os.environ,
            DATABASE_URL=self.url,
            PORTAL_ENV="development",
            PYTHONUNBUFFERED="1",
            BENCH_STATS_DIR=str(self.stats_dir),
        )
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
            self.wsgi,
        ]
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        ready = 0
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", self.health)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    ready += 1
                    if ready >= 2 * self.workers:  # give every worker a chance to import the app
                        return
                    continue
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {self.health} within {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session: gunicorn and its workers only
                self.proc.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None


# --- machine ---------------------------------------------------------------------------------


def machine_info() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "cpu": cpu or platform.processor(),
        "platform": platform.platform(),
        "loadavg_1min": round(os.getloadavg()[0], 2),
    }


def git_revision() -> str:
    """The commit measured (read-only ``git rev-parse``; uncommitted changes are not shown)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# --- main -------------------------------------------------------------------------------------


def _parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m portal.bench", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}",
        help="database to seed and serve (default: $DATABASE_URL, else a fresh instance/bench.sqlite3); "
        "it is wiped unless --reuse finds the data, so its name must contain 'bench'",
    )
    p.add_argument("--firms", type=int, default=2000)
    p.add_argument("--cases", type=int, default=DEFAULT_CASES)
    p.add_argument("--duration", type=float, default=12.0, help="seconds measured per page, over all rounds")
    p.add_argument(
        "--rounds", type=int, default=3, help="every page is measured in each round (duration ÷ rounds seconds)"
    )
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load before each page")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers for each of the three apps")
    p.add_argument("--concurrency", type=int, default=0, help="wrk connections (default: 2 × workers)")
    p.add_argument("--reuse", action="store_true", help="skip seeding when the database already holds this data")
    p.add_argument("--only", default="", help="comma-separated page names to run (the ceiling always runs)")
    p.add_argument("--deep-page", type=int, default=DEEP_PAGE)
    p.add_argument(
        "--wsgi",
        default="portal.bench_wsgi:app",
        help="module:app gunicorn serves as the portal (A/B runs of a patched build; wrap it in Probe)",
    )
    p.add_argument("--json", dest="json_path", help="write the results here instead of bench/results/")
    p.add_argument("--no-save", action="store_true", help="do not write the results file")
    p.add_argument("--seed-only", action="store_true", help="seed (or --reuse) and stop")
    p.add_argument(
        "--readme",
        action="store_true",
        help="rewrite README's benchmark tables from the latest files in bench/results/ (after the run, "
        "or alone when given with --readme-only)",
    )
    p.add_argument("--readme-only", action="store_true", help="only rewrite README's tables; measure nothing")
    return p.parse_args(argv)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _check_page(base: str, endpoint: Endpoint, cookie: str | None) -> None:
    """Each page must really render before it is measured."""
    host, port = base.removeprefix("http://").split(":")
    probe = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    probe.request("GET", endpoint.path, headers=headers)
    response = probe.getresponse()
    response.read()
    probe.close()
    if response.status != 200:
        raise RuntimeError(
            f"{endpoint.name} {endpoint.path}: HTTP {response.status} {response.getheader('Location') or ''}"
        )


def main(argv=None) -> int:
    args = _parse(argv)
    if args.readme_only:
        update_readme(README)
        print(f"README tables rewritten from {RESULTS_DIR}")
        return 0
    from portal.config import _normalise_db_url

    url = _normalise_db_url(args.database_url)
    concurrency = args.concurrency or 2 * args.workers
    signal.signal(signal.SIGTERM, _interrupt)  # `kill <pid>` stops gunicorn too, like Ctrl-C
    ensure_wrk()
    info = prepare_database(url, args.firms, args.cases, args.reuse)
    if args.seed_only:
        return 0
    endpoints = bench_endpoints(info, args.deep_page)
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        endpoints = [e for e in endpoints if e.server == "ceiling" or e.name in wanted]
    stats_dir = ROOT / "instance" / "bench-stats"
    shutil.rmtree(stats_dir, ignore_errors=True)
    apps = {
        "ceiling": ("portal.bench.apps:create_ceiling()", "/"),
        "peer": ("portal.bench.apps:create_peer()", "/admin/"),
        "portal": (args.wsgi, "/healthz"),
    }
    servers = {
        name: Server(url, free_port(), args.workers, ROOT / "instance" / f"bench-{name}.log", wsgi, stats_dir, health)
        for name, (wsgi, health) in apps.items()
        if any(e.server == name for e in endpoints)
    }
    results: list[Result] = []
    load_before = os.getloadavg()[0]
    try:
        for server in servers.values():
            server.start()
        print(
            f"gunicorn -w {args.workers} for each app; wrk -c {concurrency}, "
            f"{args.duration:g} s per page (+{args.warmup:g} s warm-up)"
        )
        cookies: dict[str, str] = {}
        for role, email, password in (
            ("firm", info.firm_email, info.firm_password),
            ("staff", info.staff_email, info.staff_password),
        ):
            if any(e.role == role for e in endpoints):
                cookies[role] = login("127.0.0.1", servers["portal"].port, email, password)
        for endpoint in endpoints:
            base = f"http://127.0.0.1:{servers[endpoint.server].port}"
            _check_page(base, endpoint, cookies.get(endpoint.role or ""))
        # every page in each round, so that a change in the machine's load falls on all of them
        parts: dict[str, list[Result]] = {e.name: [] for e in endpoints}
        for number in range(1, args.rounds + 1):
            for endpoint in endpoints:
                base = f"http://127.0.0.1:{servers[endpoint.server].port}"
                result = measure(
                    base,
                    endpoint,
                    cookies.get(endpoint.role or ""),
                    args.duration / args.rounds,
                    concurrency,
                    args.warmup if number == 1 else 0,
                    stats_dir,
                )
                parts[endpoint.name].append(result)
                print(
                    f"  round {number}: {endpoint.name:<24} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
                    f"server p50 {result.server_p50_ms:6.1f} ms  CPU {result.cpu_p50_ms:5.1f} ms  "
                    f"SQL {result.statements:4.1f}  errors {result.errors}",
                    flush=True,
                )
        results = [combine(parts[e.name], stats_dir) for e in endpoints]
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for server in servers.values():
            server.stop()

    add_ratios(results)
    load_after = os.getloadavg()[0]
    machine = machine_info()
    engine = url.split(":", 1)[0].split("+", 1)[0]
    revision = git_revision()
    print()
    print(
        f"portal benchmark at {revision} — {engine}, {info.firms} firms, {info.cases} cases "
        f"(firm dashboard user holds {info.firm_case_count} cases; case page {info.case_reference})"
    )
    print(
        f"machine: {machine['nproc']} CPUs, {machine['cpu']}, Python {machine['python']}; "
        f"gunicorn -w {args.workers} (sync) per app, wrk -c {concurrency} on the same machine, "
        f"{args.duration:g} s per page; load average {load_before:.2f} before the run, {load_after:.2f} after "
        "(other processes on the machine skew the absolute figures; ratios within one run less so)"
    )
    print(format_table(results))
    checks = target_checks(results)
    if checks:
        print()
        for label, ok, value in checks:
            print(f"  target {label}: {'PASS' if ok else 'MISS'} ({value})")
    if not args.no_save:
        path = Path(args.json_path) if args.json_path else results_path(engine, info.cases, partial=bool(args.only))
        write_results(
            path,
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "revision": revision,
                "database": engine,
                "partial": bool(args.only),
                "seed": asdict(info),
                "machine": dict(machine, loadavg_before=round(load_before, 2), loadavg_after=round(load_after, 2)),
                "settings": {
                    "duration": args.duration,
                    "rounds": args.rounds,
                    "warmup": args.warmup,
                    "concurrency": concurrency,
                    "workers": args.workers,
                    "load_generator": "wrk",
                },
                "results": [{k: v for k, v in asdict(r).items() if k != "windows"} for r in results],
                "targets": [{"target": label, "met": ok, "value": value} for label, ok, value in checks],
            },
        )
        print(f"\nfigures written to {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if args.readme:
        update_readme(README)
        print("README tables rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
