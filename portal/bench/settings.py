"""Constants shared by the benchmark's seeding, load generator and command line."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = ROOT / "instance" / "bench.sqlite3"
RESULTS_DIR = ROOT / "bench" / "results"
README = ROOT / "README.md"
DEFAULT_CASES = 100_000

BENCH_FIRM_PASSWORD = "Bench-Firm-2026"  # noqa: S105 throwaway accounts in the benchmark database only
BENCH_EMAIL_DOMAIN = "bench.example.cn"
STAFF_EMAIL = "reviewer@example.cn"
GUIDANCE_SLUG = "madrid-trademark"
SEARCH_TERM = "商标"
DEEP_PAGE = 2000
USER_AGENT = "portal-bench/1.0"
BATCH = 5000

# the targets, all ratios within one run (README, section Benchmark)
TARGET_QUEUE_VS_PEER = 1.5  # staff queue page 1 ÷ Flask-Admin page 1
TARGET_DEEP_VS_PEER = 2.0  # staff queue deep page ÷ Flask-Admin deep page
TARGET_PAGE_VS_CEILING = 0.20  # firm dashboard, case page, search ÷ the ceiling Jinja page
TARGET_GUIDANCE_VS_CEILING = 0.60  # guidance article ÷ the ceiling Jinja page
TARGET_QUEUE_SERVER_P50_MS = 10.0  # staff queue page 1, time inside the app
TARGET_SCALE_RATIO = 0.80  # staff queue req/s at 1,000,000 cases ÷ at 100,000
