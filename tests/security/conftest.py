import pytest


@pytest.fixture
def objection_case(firm_user, supervisor, make_case):
    return make_case(firm_user, kind="brand-demonstration", status="publicity", staff=supervisor)
