"""WSGI entry for ``python -m portal.bench``: the normal portal plus one bare baseline page.

gunicorn serves ``portal.bench_wsgi:app`` only during the benchmark; ``wsgi:app`` and
``create_app()`` never get the extra route.
"""

from portal import create_app
from portal.bench import add_bare_route

app = create_app()
add_bare_route(app)
