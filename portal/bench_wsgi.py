"""WSGI entry for ``python -m portal.bench``: the normal portal wrapped in the benchmark's probe
(server-side time and SQL statements per request, see ``portal.bench.apps.Probe``).

gunicorn serves ``portal.bench_wsgi:app`` only during the benchmark; ``wsgi:app`` and
``create_app()`` never carry the probe.
"""

from portal import create_app
from portal.bench.apps import Probe

app = create_app()
app.wsgi_app = Probe(app.wsgi_app)  # type: ignore[method-assign]
