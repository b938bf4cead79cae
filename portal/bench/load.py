"""The load generator: signed-in sessions, closed-loop drivers, percentiles."""

import http.client
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urlsplit

from portal.bench.seeding import SeedInfo
from portal.bench.settings import BARE_PATH, DEEP_PAGE, SEARCH_TERM, USER_AGENT


@dataclass
class Endpoint:
    name: str
    path: str
    role: str | None = None  # None (anonymous) | "firm" | "staff"


def bench_endpoints(info: SeedInfo, deep_page: int = DEEP_PAGE) -> list[Endpoint]:
    """The pages measured, bare baseline first."""
    return [
        Endpoint("bare", BARE_PATH),
        Endpoint("guidance", f"/guidance/{info.guidance_slug}"),
        Endpoint("search", "/search?q=" + quote(SEARCH_TERM)),
        Endpoint("firm dashboard", "/firm/", "firm"),
        Endpoint("staff queue", "/staff/queue", "staff"),
        Endpoint(f"staff queue p{deep_page}", f"/staff/queue?page={deep_page}", "staff"),
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
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    mean_ms: float
    bytes: int
    ratio: float | None = None
    statuses: dict = field(default_factory=dict)


def _percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * pct / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def drive(
    host: str, port: int, endpoint: Endpoint, cookie: str | None, duration: float, concurrency: int, warmup: float = 1.0
) -> Result:
    """Closed loop: ``concurrency`` threads each send the next request as soon as the last answer is read.
    Only requests that complete inside the ``duration`` window after ``warmup`` are counted."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html", "Accept-Language": "zh-CN,zh;q=0.9"}
    if cookie:
        headers["Cookie"] = cookie
    start_gate = threading.Barrier(concurrency + 1)
    window = {}
    per_thread: list[tuple[list[float], dict[int, int], list[int]]] = []
    lock = threading.Lock()

    def worker():
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        sizes: list[int] = []
        with lock:
            per_thread.append((latencies, statuses, sizes))
        conn = http.client.HTTPConnection(host, port, timeout=30)
        start_gate.wait()
        begin, end = window["begin"], window["end"]
        while True:
            t0 = time.perf_counter()
            if t0 >= end:
                break
            try:
                conn.request("GET", endpoint.path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if response.will_close:
                    conn.close()  # gunicorn's sync workers close after each response; reconnect next time
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                status, body = -1, b""
            t1 = time.perf_counter()
            if begin <= t1 < end:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    latencies.append(t1 - t0)
                    sizes.append(len(body))
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    now = time.perf_counter()
    window["begin"], window["end"] = now + warmup, now + warmup + duration
    start_gate.wait()
    for t in threads:
        t.join()
    latencies = sorted(x for lat, _s, _z in per_thread for x in lat)
    statuses: dict[int, int] = {}
    for _lat, st, _z in per_thread:
        for k, v in st.items():
            statuses[k] = statuses.get(k, 0) + v
    sizes = [x for _l, _s, z in per_thread for x in z]
    ok = len(latencies)
    errors = sum(v for k, v in statuses.items() if k != 200)
    return Result(
        name=endpoint.name,
        path=endpoint.path,
        requests=ok,
        errors=errors,
        seconds=duration,
        rps=ok / duration,
        p50_ms=_percentile(latencies, 50) * 1000,
        p95_ms=_percentile(latencies, 95) * 1000,
        mean_ms=(statistics.fmean(latencies) * 1000) if latencies else float("nan"),
        bytes=int(statistics.fmean(sizes)) if sizes else 0,
        statuses={str(k): v for k, v in statuses.items()},
    )


# --- the server -------------------------------------------------------------------------------
