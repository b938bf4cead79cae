"""Rate limits on every form that texts a verification code, shared across those forms: per address
(SMS_CODE_IP_RATE_LIMIT) and per number (SMS_CODE_NUMBER_RATE_LIMIT), on top of the number's own
rule in ``portal.core.sms`` (one a minute, five an hour). A form texts a code when its "Send code"
button (``send_code``) was pressed."""

from __future__ import annotations

from flask import current_app, request

from portal.core.validators import normalise_mobile
from portal.extensions import limiter


def sending() -> bool:
    return "send_code" in request.form


def _not_sending() -> bool:
    return not sending()


def _number() -> str:
    # "mobile", or a prefixed form's "own-mobile" / "firm-mobile"
    given = next((v for k, v in request.form.items() if k == "mobile" or k.endswith("-mobile")), "")
    return "sms-number:" + normalise_mobile(given)


def _ip_limit() -> str:
    return current_app.config["SMS_CODE_IP_RATE_LIMIT"]


def _number_limit() -> str:
    return current_app.config["SMS_CODE_NUMBER_RATE_LIMIT"]


per_address = limiter.shared_limit(_ip_limit, scope="sms-code-address", methods=["POST"], exempt_when=_not_sending)
per_number = limiter.shared_limit(
    _number_limit, scope="sms-code-number", key_func=_number, methods=["POST"], exempt_when=_not_sending
)
