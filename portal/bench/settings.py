"""Constants shared by the benchmark's seeding, load generator and command line."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = ROOT / "instance" / "bench.sqlite3"

BARE_PATH = "/__bench/bare"
BENCH_FIRM_PASSWORD = "Bench-Firm-2026"  # noqa: S105 throwaway accounts in the benchmark database only
BENCH_EMAIL_DOMAIN = "bench.example.cn"
STAFF_EMAIL = "reviewer@example.cn"
GUIDANCE_SLUG = "madrid-trademark"
SEARCH_TERM = "商标"
DEEP_PAGE = 2000
USER_AGENT = "portal-bench/1.0"
BATCH = 5000

TARGET_GUIDANCE_RATIO = 0.50  # guidance rps ≥ 50 % of the bare page
TARGET_QUEUE_P50_MS = 25.0  # staff queue (first page) p50 ≤ 25 ms
