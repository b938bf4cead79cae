"""A call of the brand demonstration programme with a quota of 2, three cases under review, a rubric
and an expert pool of four (all in the programme's field)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

CRITERIA = [
    {"label": "品牌创新", "weight": 40, "low": 0, "high": 10, "guidance": "看品牌战略与创新"},
    {"label": "品牌管理", "weight": 35, "low": 0, "high": 20, "guidance": ""},
    {"label": "经济效益", "weight": 25, "low": 1, "high": 5, "guidance": ""},
]


@pytest.fixture
def review(app, create_firm_user, create_staff, make_case):
    from portal.accounts.models import User
    from portal.core.db import commit
    from portal.core.timeutil import today_local
    from portal.extensions import db
    from portal.review import pool, rubrics
    from tests.fixtures.accounts import PASSWORD
    from tests.fixtures.cases import get_case

    supervisor = create_staff("supervisor")
    firms = [create_firm_user(firm_name=f"天津评审测试{i}号有限公司") for i in range(3)]
    refs = [make_case(f, kind="brand-demonstration", status="under_review", staff=supervisor) for f in firms]
    with app.test_request_context():
        sup = db.session.get(User, supervisor.id)
        call = get_case(refs[0]).call
        call.quota = 2
        rubrics.save_rubric(call, CRITERIA, today_local() + timedelta(days=10), 3, sup)
        experts = []
        for i in range(4):
            profile = pool.add_expert(
                {
                    "name": f"评审专家{i}",
                    "email": f"expert{i}@example.cn",
                    "fields": ["brand-demonstration"],
                    "employer": "天津某大学",
                    "relationships": "",
                },
                sup,
            )
            profile.user.set_password(PASSWORD)
            experts.append(profile.user)
        commit()
        ids = [e.id for e in experts]
        emails = [e.email for e in experts]
        call_id = call.id
        case_ids = [get_case(r).id for r in refs]
    return SimpleNamespace(
        supervisor=supervisor,
        firms=firms,
        refs=refs,
        case_ids=case_ids,
        call_id=call_id,
        expert_ids=ids,
        expert_emails=emails,
    )
