"""Load benchmark (run ``python -m portal.bench``); see README, section Benchmark."""

from portal.bench.apps import Probe, create_ceiling, create_peer  # noqa: F401
from portal.bench.load import Endpoint, Result, bench_endpoints, measure  # noqa: F401
from portal.bench.seeding import SeedInfo, prepare_database, seed  # noqa: F401
from portal.bench.settings import BENCH_EMAIL_DOMAIN  # noqa: F401
