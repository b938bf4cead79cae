"""Each application type's own rules, checked on the step forms directly (no HTTP)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from portal.cases.kinds import KINDS
from tests.fixtures.cases import valid_answers


def errors_for(app, kind, step, changes, context=None):
    with app.test_request_context():
        form_class = KINDS[kind].step(step).form
        data = MultiDict({**valid_answers(kind)[step], **changes})
        for key, value in list(changes.items()):
            if value is None:
                data.pop(key, None)
        form = form_class(formdata=data, meta={"csrf": False}, **(context or {}))
        form.validate()
        return form.errors


@pytest.mark.parametrize(
    ("kind", "step", "changes", "field"),
    [
        # rights protection: a number is needed for every right except trade secrets
        ("rights-protection", "right", {"right_number": ""}, "right_number"),
        ("rights-protection", "infringement", {"scope": "overseas", "country": ""}, "country"),
        (
            "rights-protection",
            "infringement",
            {"proceedings": "authority", "proceedings_detail": ""},
            "proceedings_detail",
        ),
        ("rights-protection", "infringement", {"losses": "-1"}, "losses"),
        ("rights-protection", "help", {"help_requested": None}, "help_requested"),
        ("rights-protection", "help", {"urgency": "urgent", "urgency_reason": ""}, "urgency_reason"),
        ("rights-protection", "help", {"declaration": None}, "declaration"),
        ("brand-demonstration", "eligibility", {"years_operating": "2"}, "years_operating"),
        ("brand-demonstration", "eligibility", {"clean_record": "no"}, "clean_record"),
        ("brand-demonstration", "assessment", {"achievements": "太短"}, "achievements"),
        ("ip-demonstration", "eligibility", {"level": "demonstration", "years_as_advantage": ""}, "years_as_advantage"),
        (
            "ip-demonstration",
            "eligibility",
            {"level": "demonstration", "years_as_advantage": "2"},
            "years_as_advantage",
        ),
        ("ip-demonstration", "assessment", {"management_standard": None}, "management_standard"),
        ("copyright-demonstration", "applicant", {"clean_record": "no"}, "clean_record"),
        ("consultation", "question", {"topic": "pct", "target_countries": ""}, "target_countries"),
        ("consultation", "question", {"question": "短"}, "question"),
    ],
)
def test_rule_is_enforced(app, kind, step, changes, field):
    assert field in errors_for(app, kind, step, changes)


@pytest.mark.parametrize(
    ("kind", "step", "changes"),
    [
        (
            "rights-protection",
            "right",
            {"right_type": "trade_secret", "right_number": ""},
        ),  # no number for trade secrets
        ("ip-demonstration", "eligibility", {"level": "demonstration", "years_as_advantage": "3"}),
        ("consultation", "question", {"topic": "pledge", "target_countries": ""}),  # no countries for domestic topics
    ],
)
def test_valid_variants_pass(app, kind, step, changes):
    assert errors_for(app, kind, step, changes) == {}


def test_park_needs_number_of_firms_unit_does_not(app):
    park = errors_for(app, "copyright-demonstration", "works", {"park_firms": ""}, {"unit_type": "park"})
    unit = errors_for(app, "copyright-demonstration", "works", {"park_firms": ""}, {"unit_type": "unit"})
    assert "park_firms" in park and unit == {}


def test_every_type_has_a_code_steps_and_limits(app):
    with app.app_context():
        assert sorted(k.code for k in KINDS.values()) == ["BD", "CD", "CS", "ID", "PP", "PS", "RP"]
        assert KINDS["rights-protection"].time_limits() == (2, 10)
        assert KINDS["pledge-interest-subsidy"].time_limits() == (5, 15)
        assert KINDS["consultation"].time_limits() == (3, 5)
        assert KINDS["brand-demonstration"].time_limits() == (5, 30)
        assert KINDS["brand-demonstration"].notice_days() == 5


def test_time_limits_are_configurable(app, monkeypatch):
    monkeypatch.setitem(app.config, "TIME_LIMITS_OVERRIDE", {"consultation": [1, 2]})
    monkeypatch.setitem(app.config, "PUBLICITY_DAYS_OVERRIDE", {"ip-demonstration": 7})
    with app.app_context():
        assert KINDS["consultation"].time_limits() == (1, 2)
        assert KINDS["ip-demonstration"].notice_days() == 7


LOANS = [{"ref": "HQ-FIN-2026-0001", "label": "HQ-FIN-2026-0001 某银行, 300.00, 2026-10-01"}]


def test_pledge_subsidy_typed_loan_needs_bank_amount_and_term(app):
    errors = errors_for(app, "pledge-interest-subsidy", "loan", {"bank": "", "amount": "", "term_months": ""})
    assert set(errors) == {"bank", "amount", "term_months"}


def test_pledge_subsidy_chosen_loan_needs_no_typed_details(app):
    changes = {"loan": "HQ-FIN-2026-0001", "bank": "", "amount": "", "term_months": ""}
    assert errors_for(app, "pledge-interest-subsidy", "loan", changes, {"loans": LOANS}) == {}


def test_pledge_subsidy_refuses_a_loan_the_firm_does_not_hold(app):
    changes = {"loan": "HQ-FIN-2026-0999"}
    assert "loan" in errors_for(app, "pledge-interest-subsidy", "loan", changes, {"loans": LOANS})


def test_pledge_subsidy_waits_for_a_call(app):
    assert KINDS["pledge-interest-subsidy"].needs_call and not KINDS["consultation"].needs_call


POLICIES = [{"ref": "RZ2026000002", "label": "RZ2026000002 某保险公司, 50.00, 2026-10-01"}]


def test_premium_subsidy_cover_cannot_end_before_it_starts(app):
    errors = errors_for(
        app, "insurance-premium-subsidy", "policy", {"starts_on": "2026-06-01", "ends_on": "2026-05-31"}
    )
    assert list(errors) == ["ends_on"]


def test_premium_subsidy_chosen_policy_needs_no_insurer_but_a_held_one(app):
    chosen = {"policy": "RZ2026000002", "insurer": ""}
    assert errors_for(app, "insurance-premium-subsidy", "policy", chosen, {"policies": POLICIES}) == {}
    stale = {"policy": "RZ2026000999"}
    assert "policy" in errors_for(app, "insurance-premium-subsidy", "policy", stale, {"policies": POLICIES})
    assert "insurer" in errors_for(app, "insurance-premium-subsidy", "policy", {"insurer": ""})
