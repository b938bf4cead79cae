"""Load benchmark: ``python -m portal.bench [--firms 2000 --cases 100000 --duration 10 ...]``.

1. Seeds a database (a fresh SQLite file under instance/ by default, or ``--database-url`` /
   ``DATABASE_URL``) with demo staff, the shipped guidance content and ``--firms`` firms (one
   firm user each) holding ``--cases`` cases spread over two years in realistic states.
2. Serves ``portal.bench_wsgi:app`` with gunicorn (2 workers) on a free local port.
3. Drives each page with a closed-loop load generator (``--concurrency`` threads, one
   ``http.client`` connection each; gunicorn's sync workers close it after every response, so
   each request reconnects) for ``--duration`` seconds and prints requests/s, p50/p95 latency
   and the ratio to a bare Flask page served by the same run.

Nothing here is imported by the application; ``portal.bench_wsgi`` adds the bare page only to
the app gunicorn serves during the benchmark.
"""

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from portal.bench.load import Result, bench_endpoints, drive, login
from portal.bench.seeding import prepare_database
from portal.bench.settings import (
    DEEP_PAGE,
    DEFAULT_SQLITE,
    ROOT,
    TARGET_GUIDANCE_RATIO,
    TARGET_QUEUE_P50_MS,
    USER_AGENT,
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn -w N serving portal.bench_wsgi:app; always stopped on exit."""

    def __init__(self, url: str, port: int, workers: int, log_path: Path, wsgi: str = "portal.bench_wsgi:app"):
        self.url, self.port, self.workers, self.log_path, self.wsgi = url, port, workers, log_path, wsgi
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> None:
        env = dict(os.environ, DATABASE_URL=self.url, PORTAL_ENV="development", PYTHONUNBUFFERED="1")
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
                conn.request("GET", "/healthz")
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
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s; see {self.log_path}")

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


# --- report -----------------------------------------------------------------------------------


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


def format_table(results: list[Result]) -> str:
    head = f"{'endpoint':<22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs bare':>8} {'KiB':>6}  path"
    lines = [head, "-" * len(head)]
    for r in results:
        ratio = f"{r.ratio * 100:6.1f} %" if r.ratio is not None else "      —"
        lines.append(
            f"{r.name:<22} {r.rps:8.1f} {r.p50_ms:8.1f} {r.p95_ms:8.1f} {r.errors:7d} {ratio:>8} "
            f"{r.bytes / 1024:6.1f}  {r.path}"
        )
    return "\n".join(lines)


def target_checks(results: list[Result]) -> list[tuple[str, bool | None, str]]:
    by_name = {r.name: r for r in results}
    checks = []
    g = by_name.get("guidance")
    if g is not None and g.ratio is not None:
        checks.append(("guidance ≥ 50 % of the bare page", g.ratio >= TARGET_GUIDANCE_RATIO, f"{g.ratio * 100:.1f} %"))
    q = by_name.get("staff queue")
    if q is not None:
        checks.append(
            (f"staff queue p50 ≤ {TARGET_QUEUE_P50_MS:.0f} ms", q.p50_ms <= TARGET_QUEUE_P50_MS, f"{q.p50_ms:.1f} ms")
        )
    return checks


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
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--duration", type=float, default=10.0, help="seconds measured per endpoint")
    p.add_argument("--warmup", type=float, default=1.0, help="seconds of unmeasured load before each endpoint")
    p.add_argument("--concurrency", type=int, default=4, help="client threads (closed loop)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--reuse", action="store_true", help="skip seeding when the database already holds this data")
    p.add_argument("--port", type=int, default=0, help="default: a free port on 127.0.0.1")
    p.add_argument("--only", default="", help="comma-separated endpoint names to run (bare always runs)")
    p.add_argument("--deep-page", type=int, default=DEEP_PAGE)
    p.add_argument(
        "--wsgi",
        default="portal.bench_wsgi:app",
        help="module:app gunicorn serves (A/B runs of a patched build; it must add the bare page)",
    )
    p.add_argument("--json", dest="json_path", help="also write the results as JSON here")
    p.add_argument("--seed-only", action="store_true", help="seed (or --reuse) and stop")
    return p.parse_args(argv)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = _parse(argv)
    from portal.config import _normalise_db_url

    url = _normalise_db_url(args.database_url)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill <pid>` stops gunicorn too, like Ctrl-C
    info = prepare_database(url, args.firms, args.cases, args.reuse)
    if args.seed_only:
        return 0
    endpoints = bench_endpoints(info, args.deep_page)
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        endpoints = [e for e in endpoints if e.name == "bare" or e.name in wanted]
    port = args.port or free_port()
    server = Server(url, port, args.workers, ROOT / "instance" / "bench-gunicorn.log", args.wsgi)
    results: list[Result] = []
    load_before = os.getloadavg()[0]
    try:
        server.start()
        print(
            f"gunicorn -w {args.workers} on 127.0.0.1:{port}; {args.concurrency} client threads, "
            f"{args.duration:g} s per endpoint (+{args.warmup:g} s warm-up)"
        )
        cookies = {}
        if any(e.role == "firm" for e in endpoints):
            cookies["firm"] = login("127.0.0.1", port, info.firm_email, info.firm_password)
        if any(e.role == "staff" for e in endpoints):
            cookies["staff"] = login("127.0.0.1", port, info.staff_email, info.staff_password)
        for endpoint in endpoints:  # each page must really render before it is measured
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"User-Agent": USER_AGENT}
            if endpoint.role:
                headers["Cookie"] = cookies[endpoint.role]
            probe.request("GET", endpoint.path, headers=headers)
            response = probe.getresponse()
            response.read()
            probe.close()
            if response.status != 200:
                raise RuntimeError(
                    f"{endpoint.name} {endpoint.path}: HTTP {response.status} {response.getheader('Location') or ''}"
                )
        for endpoint in endpoints:
            result = drive(
                "127.0.0.1",
                port,
                endpoint,
                cookies.get(endpoint.role) if endpoint.role else None,
                args.duration,
                args.concurrency,
                args.warmup,
            )
            results.append(result)
            print(
                f"  {endpoint.name:<22} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
                f"p95 {result.p95_ms:6.1f} ms  errors {result.errors}",
                flush=True,
            )
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        server.stop()

    bare = results[0].rps if results and results[0].name == "bare" else None
    for r in results:
        r.ratio = r.rps / bare if bare else None
    machine = machine_info()
    engine = url.split(":", 1)[0]
    print()
    revision = git_revision()
    print(
        f"portal benchmark at {revision} — {engine}, {info.firms} firms, {info.cases} cases "
        f"(firm dashboard user holds {info.firm_case_count} cases; case page {info.case_reference})"
    )
    print(
        f"machine: {machine['nproc']} CPUs, {machine['cpu']}, Python {machine['python']}; "
        f"gunicorn -w {args.workers} (sync), {args.concurrency} client threads on the same machine, "
        f"{args.duration:g} s per endpoint; load average {load_before:.2f} before the run "
        "(other processes on the machine skew the figures)"
    )
    print(format_table(results))
    checks = target_checks(results)
    if checks:
        print()
        for label, ok, value in checks:
            print(f"  target {label}: {'PASS' if ok else 'MISS'} ({value})")
    if args.json_path:
        Path(args.json_path).write_text(
            json.dumps(
                {
                    "when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "revision": revision,
                    "database": engine,
                    "seed": asdict(info),
                    "machine": dict(machine, loadavg_before=round(load_before, 2)),
                    "settings": {
                        "duration": args.duration,
                        "warmup": args.warmup,
                        "concurrency": args.concurrency,
                        "workers": args.workers,
                    },
                    "results": [asdict(r) for r in results],
                    "targets": [{"target": label, "met": ok, "value": value} for label, ok, value in checks],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
