"""Who may open which area; every staff view names its permission."""

from __future__ import annotations

import pytest

from portal.core.permissions import Permission, Role, role_has
from tests.fixtures.accounts import PASSWORD


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        ("reviewer", Permission.CASE_TRIAGE, True),
        ("reviewer", Permission.CASE_ASSIGN, False),  # assignment is the supervisor's
        ("supervisor", Permission.CASE_ASSIGN, True),
        ("editor", Permission.CONTENT_EDIT, True),
        ("editor", Permission.CASE_VIEW, False),  # editors do not read firms' cases
        ("admin", Permission.USERS_MANAGE, True),
        ("firm", Permission.STAFF_AREA, False),
        ("nonsense", Permission.STAFF_AREA, False),
    ],
)
def test_role_permission_table(role, permission, allowed):
    assert role_has(role, permission) is allowed


def test_every_staff_and_admin_view_names_a_permission(app):
    for endpoint, view in app.view_functions.items():
        if endpoint.startswith(("staff.", "admin.")):
            assert getattr(view, "required_permission", None), f"{endpoint} has no permission_required"


@pytest.mark.parametrize(
    ("role", "staff", "admin"),
    [
        ("reviewer", 200, 403),
        ("supervisor", 200, 403),
        ("editor", 200, 403),
        ("admin", 200, 200),
    ],
)
def test_staff_areas_by_role(client, create_staff, role, staff, admin):
    user = create_staff(role)
    client.login(user.email, PASSWORD)
    assert client.get("/staff/").status_code == staff
    assert client.get("/admin/users").status_code == admin


def test_firm_user_cannot_enter_staff_area(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    assert client.get("/staff/").status_code == 403
    assert client.get("/admin/users").status_code == 403


def test_staff_cannot_enter_firm_area(client, create_staff):
    client.login(create_staff("admin").email, PASSWORD)
    assert client.get("/firm/").status_code == 403


@pytest.mark.parametrize("url", ["/firm/", "/staff/", "/admin/users", "/auth/change-password"])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_role_labels_translate(app):
    with app.test_request_context("/?lang=en"):
        assert Role.REVIEWER.label == "Reviewer"
