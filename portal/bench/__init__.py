"""Load benchmark (run ``python -m portal.bench``); see README, section Benchmark."""

from portal.bench.load import Endpoint, Result, bench_endpoints, drive  # noqa: F401
from portal.bench.seeding import SeedInfo, add_bare_route, prepare_database, seed  # noqa: F401
from portal.bench.settings import BARE_PATH, BENCH_EMAIL_DOMAIN  # noqa: F401
