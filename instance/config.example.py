# Settings for this installation: copy to instance/config.py and edit. The portal reads it after
# its defaults (portal/config.py) and before the environment, so PORTAL_<NAME> variables (and the
# older SECRET_KEY, DATABASE_URL, MAIL_SMTP_HOST … names) still override what is set here.
# `flask --app portal config-check` shows the values in effect and where each came from.
# instance/config.py is not committed: keep passwords here or in the environment, not in git.

# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://portal:password@127.0.0.1:5432/portal"

# Mail: "console" (development: printed in the terminal and kept in instance/mail/),
# "file" (instance/mail/ only), "smtp" (production).
# MAIL_BACKEND = "smtp"
# MAIL_SENDER = "noreply@hongqiao-ip.example.cn"
# MAIL_SMTP_HOST = "smtp.example.cn"
# MAIL_SMTP_PORT = 587
# MAIL_SMTP_TLS = True
# MAIL_SMTP_USER = "noreply@hongqiao-ip.example.cn"
# MAIL_SMTP_PASSWORD = "…"

# Login throttling shared by all gunicorn workers, under a prefix of its own on a shared Redis.
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
# RATELIMIT_KEY_PREFIX = "hongqiao-ip"

# The cache every worker shares (kept counts, pages, the calendar): required in production, since a
# cache inside each worker would not see the changes made through the others.
# CACHE_REDIS_URL = "redis://127.0.0.1:6379/2"

# Promised times per application type (working days) and public-notice days, when the district
# decides other values than the defaults.
# TIME_LIMITS_OVERRIDE = {"consultation": (3, 5)}  # (days to accept, days to decide)
# PUBLICITY_DAYS_OVERRIDE = {"brand-demonstration": 5}
