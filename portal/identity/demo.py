"""Demo values for the identity settings, marked as demo so nobody takes them for real numbers."""

from __future__ import annotations

from portal.extensions import db
from portal.identity.models import SiteSetting

DEMO_VALUES = {
    "site_code": "0000000000（演示）",
    "icp": "津ICP备00000000号（演示）",
    "police_record": "津公网安备00000000000000号（演示）",
    "service_phone": "022-00000000（演示）",
    "address": "天津市红桥区（演示地址）",
    "hours": "工作日 9:00—12:00，13:30—17:00（演示）",
    "data_protection": "区市场监督管理局办公室（演示）",
}


def ensure_demo_identity() -> int:
    """Fill settings nobody has set yet; returns how many were added."""
    added = 0
    for key, value in DEMO_VALUES.items():
        if db.session.get(SiteSetting, key) is None:
            db.session.add(SiteSetting(key=key, value=value))
            added += 1
    db.session.flush()
    return added
