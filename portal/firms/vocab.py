"""Industries and qualification tags a firm can hold (stored as values)."""

from __future__ import annotations

from portal.i18n import lazy_gettext as _l

INDUSTRIES = [
    ("smart_tech", _l("Smart technology")),
    ("biomedicine", _l("Biomedicine")),
    ("new_energy_materials", _l("New energy and new materials")),
    ("advanced_equipment", _l("High-end equipment manufacturing")),
    ("other", _l("Other")),
]
QUALIFICATIONS = [
    ("srdi_national", _l("Specialised and innovative (national “little giant”)")),
    ("srdi_municipal", _l("Specialised and innovative (municipal)")),
    ("srdi_sme", _l("Innovative SME")),
    ("eaglet", _l("Eaglet enterprise")),
    ("gazelle", _l("Gazelle enterprise")),
    ("leader", _l("Science and technology leading enterprise")),
    ("high_tech", _l("High-tech enterprise")),
    ("tech_sme", _l("Technology-based SME")),
]


def label_of(choices, value) -> str:
    return str(dict(choices).get(value, value or "—"))
