"""The load generator: signed-in sessions, wrk runs, server-side figures from the probe files."""

import http.client
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from portal.bench.apps import CEILING_HELLO_PATH, CEILING_PAGE_PATH, PEER_LIST_PATH
from portal.bench.seeding import SeedInfo
from portal.bench.settings import DEEP_PAGE, SEARCH_TERM, USER_AGENT


@dataclass
class Endpoint:
    name: str
    path: str
    role: str | None = None  # None (anonymous) | "firm" | "staff"
    server: str = "portal"  # "ceiling" | "peer" | "portal"


def bench_endpoints(info: SeedInfo, deep_page: int = DEEP_PAGE) -> list[Endpoint]:
    """The pages measured: the ceiling app's two pages first, then the peer's, then the portal's.
    The deep pages skip the same number of rows in the same order: (deep_page - 1) × 25."""
    return [
        Endpoint("ceiling hello", CEILING_HELLO_PATH, server="ceiling"),
        Endpoint("ceiling Jinja page", CEILING_PAGE_PATH, server="ceiling"),
        Endpoint("Flask-Admin list", PEER_LIST_PATH, server="peer"),
        Endpoint("Flask-Admin deep page", f"{PEER_LIST_PATH}?page={deep_page - 1}", server="peer"),
        Endpoint("guidance", f"/guidance/{info.guidance_slug}"),
        Endpoint("search", "/search?q=" + quote(SEARCH_TERM)),
        Endpoint("firm dashboard", "/firm/", "firm"),
        Endpoint("staff queue", "/staff/queue", "staff"),
        Endpoint("staff queue deep page", f"/staff/queue?stage=all&page={deep_page}", "staff"),
        Endpoint("case page", f"/staff/cases/{quote(info.case_reference)}", "staff"),
    ]


# --- HTTP client ------------------------------------------------------------------------------


class Session:
    """A tiny cookie-keeping client over http.client (no third-party dependency)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for raw in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel.value == "" and morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, dict(response.headers), text

    def close(self) -> None:
        self.conn.close()


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE_ATTR = re.compile(r'value="([^"]*)"')


def login(host: str, port: int, email: str, password: str) -> str:
    """Sign in through the real form (CSRF token included); returns the Cookie header to reuse."""
    session = Session(host, port)
    try:
        status, _headers, page = session.request("GET", "/auth/login")
        tag = CSRF_INPUT.search(page)
        if status != 200 or tag is None or not VALUE_ATTR.search(tag.group(0)):
            raise RuntimeError(f"login page: HTTP {status}, no csrf_token input")
        token = VALUE_ATTR.search(tag.group(0)).group(1)
        form = urlencode({"csrf_token": token, "email": email, "password": password})
        status, headers, _page = session.request("POST", "/auth/login", form)
        location = headers.get("Location", "")
        if status != 302 or urlsplit(location).path.startswith("/auth/login"):
            raise RuntimeError(f"login as {email} failed: HTTP {status} → {location or 'no redirect'}")
        return session.cookie_header()
    finally:
        session.close()


# --- load generator ---------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    path: str
    server: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    mean_ms: float
    bytes: int
    server_p50_ms: float = float("nan")  # time inside the app, from the probe
    server_mean_ms: float = float("nan")
    statements: float = float("nan")  # SQL statements per request, from the probe
    cpu_p50_ms: float = float("nan")  # CPU time of the worker per request, from the probe
    vs_ceiling: float | None = None  # req/s ÷ the ceiling Jinja page's req/s
    vs_peer: float | None = None  # req/s ÷ the matching Flask-Admin page's req/s
    statuses: dict = field(default_factory=dict)
    rounds: list = field(default_factory=list)  # req/s of each round
    windows: list = field(default_factory=list)  # (begin, end) of each measured run


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "status": %d, "connect": %d, '
    .. '"read": %d, "write": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "mean_us": %f}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency.mean))
end
"""


def wrk_binary() -> str | None:
    return shutil.which("wrk")


def ensure_wrk(log=print) -> str:
    """wrk from Debian's package; installed with apt-get when missing and running as root."""
    import os

    found = wrk_binary()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit("wrk is missing: install it (Debian/Ubuntu: sudo apt-get install wrk) and run again")
    log("installing wrk (apt-get install wrk) …")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, env=env, capture_output=True)
    if not wrk_binary():
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, env=env, capture_output=True)
    return wrk_binary() or "wrk"


def run_wrk(url: str, cookie: str | None, duration: float, concurrency: int) -> dict:
    """One wrk run; its summary as a dict (latencies in µs)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    cmd = [
        wrk_binary() or "wrk",
        f"-t{min(2, concurrency)}",
        f"-c{concurrency}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "30s",
        "-s",
        script.name,
        "-H",
        f"User-Agent: {USER_AGENT}",
        "-H",
        "Accept: text/html",
        "-H",
        "Accept-Language: zh-CN,zh;q=0.9",
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    try:
        out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next((x for x in out.splitlines() if x.startswith("WRK-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    return json.loads(line[len("WRK-JSON ") :])


def server_figures(stats_dir: Path, path: str, windows: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(p50 ms, mean ms, statements per request, CPU p50 ms) of ``path`` from the probe files within
    the measured time windows."""
    times: list[float] = []
    statements: list[int] = []
    cpu: list[float] = []
    for file in stats_dir.glob("*.tsv"):
        with open(file, encoding="utf-8") as lines:
            for line in lines:
                parts = line.rstrip("\n").split("\t")
                if (
                    len(parts) == 5
                    and parts[1] == path
                    and any(begin <= float(parts[0]) <= end for begin, end in windows)
                ):
                    times.append(float(parts[2]))
                    statements.append(int(parts[3]))
                    cpu.append(float(parts[4]))
    if not times:
        return float("nan"), float("nan"), float("nan"), float("nan")
    return statistics.median(times), statistics.fmean(times), statistics.fmean(statements), statistics.median(cpu)


def measure(
    base_url: str,
    endpoint: Endpoint,
    cookie: str | None,
    duration: float,
    concurrency: int,
    warmup: float,
    stats_dir: Path,
) -> Result:
    """Warm up (unmeasured), then one measured wrk run with the probe's figures from the same window."""
    if warmup > 0:
        run_wrk(base_url + endpoint.path, cookie, warmup, concurrency)
    begin = time.time()
    summary = run_wrk(base_url + endpoint.path, cookie, duration, concurrency)
    end = time.time() + 0.5
    result = _result(endpoint, summary)
    result.windows = [(begin, end)]
    result.server_p50_ms, result.server_mean_ms, result.statements, result.cpu_p50_ms = server_figures(
        stats_dir, endpoint.path, result.windows
    )
    return result


def combine(parts: list[Result], stats_dir: Path) -> Result:
    """One page's rounds as one result: req/s over all measured seconds, the median round's latency
    percentiles, the probe's figures over every window."""
    first = parts[0]
    seconds = sum(p.seconds for p in parts)
    ok = sum(p.rps * p.seconds for p in parts)
    windows = [w for p in parts for w in p.windows]
    combined = Result(
        name=first.name,
        path=first.path,
        server=first.server,
        requests=sum(p.requests for p in parts),
        errors=sum(p.errors for p in parts),
        seconds=round(seconds, 2),
        rps=ok / seconds if seconds else 0.0,
        p50_ms=statistics.median(p.p50_ms for p in parts),
        p95_ms=statistics.median(p.p95_ms for p in parts),
        mean_ms=statistics.fmean(p.mean_ms for p in parts),
        bytes=first.bytes,
        statuses={"non-2xx/3xx": sum(p.statuses.get("non-2xx/3xx", 0) for p in parts)},
        rounds=[round(p.rps, 1) for p in parts],
    )
    combined.server_p50_ms, combined.server_mean_ms, combined.statements, combined.cpu_p50_ms = server_figures(
        stats_dir, first.path, windows
    )
    return combined


def _result(endpoint: Endpoint, summary: dict) -> Result:
    seconds = summary["duration_us"] / 1e6
    errors = summary["status"] + summary["connect"] + summary["read"] + summary["write"] + summary["timeout"]
    ok = max(0, summary["requests"] - summary["status"])
    return Result(
        name=endpoint.name,
        path=endpoint.path,
        server=endpoint.server,
        requests=summary["requests"],
        errors=errors,
        seconds=round(seconds, 2),
        rps=ok / seconds if seconds else 0.0,
        p50_ms=summary["p50_us"] / 1000,
        p95_ms=summary["p95_us"] / 1000,
        mean_ms=summary["mean_us"] / 1000,
        bytes=int(summary["bytes"] / summary["requests"]) if summary["requests"] else 0,
        statuses={"non-2xx/3xx": summary["status"]},
    )
