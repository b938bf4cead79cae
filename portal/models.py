"""Imports every model so the metadata (and Alembic) sees all tables."""
from portal.accounts.models import User  # noqa: F401
from portal.firms.models import Firm  # noqa: F401
