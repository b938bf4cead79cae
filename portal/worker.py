"""Celery entry point: ``celery -A portal.worker worker`` (and ``beat``), configured like the web app."""

from portal import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
