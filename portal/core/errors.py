"""The one error type a domain service raises when a rule refuses what the user asked for.

Its message is written for the user (translated); the web layer turns it into a form error or a
flash message and rolls the transaction back (``portal.web.outcome``).
"""


class ServiceError(ValueError):
    """A rule refused the action; ``str(err)`` is shown to the user."""
