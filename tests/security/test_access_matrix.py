"""Every route × every kind of visitor, generated from the URL map: a new route without a rule fails."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case

# firm_applicant: a colleague in firm_a's account who files cases and sees only the ones they filed
ROLES = (
    "anon",
    "firm_a",
    "firm_b",
    "firm_applicant",
    "reviewer",
    "supervisor",
    "editor",
    "admin",
    "expert",
    "institution",
    "agency",
)
STAFF = ("reviewer", "supervisor", "editor", "admin")
CASE_STAFF = ("reviewer", "supervisor", "admin")


def expect(allowed, *, anon=302, firm=403, staff=403, firm_b=None, applicant=None, ok=200):
    """Expected GET status per role: ``allowed`` roles get ``ok``; the rest are refused."""
    result = {}
    for role in ROLES:
        if role in allowed:
            result[role] = ok
        elif role == "anon":
            result[role] = anon
        elif role == "firm_b" and firm_b is not None:
            result[role] = firm_b
        elif role == "firm_applicant" and applicant is not None:
            result[role] = applicant
        elif role.startswith("firm"):
            result[role] = firm
        else:
            result[role] = staff
    return result


EVERYONE = ROLES
PUBLIC = expect(EVERYONE)
FIRM_AREA = expect(("firm_a", "firm_b", "firm_applicant"))
FIRM_ADMIN = expect(("firm_a", "firm_b"))  # the firm's administrators; applicants are refused
# firm_a's cases were filed by its administrator: another firm and the applicant colleague do not find them
FIRM_OWN = expect(("firm_a",), firm_b=404, applicant=404)
STAFF_AREA = expect(STAFF)
CASES = expect(CASE_STAFF)
STATS = expect(("supervisor", "admin"))
CALLS = expect(("supervisor", "admin"))
CONTENT = expect(("editor", "admin"))
ADMIN = expect(("admin",))
EVENTS = expect(("editor", "admin"))
REVIEW = expect(("supervisor", "admin"))
PHRASES = expect(("supervisor", "admin"))
SIGN_OFF = expect(("supervisor", "admin"))
EXPERT = expect(("expert",))
NOT_ASSIGNED = expect((), anon=302, firm=403, staff=403) | {"expert": 404}
SIGNED_IN = expect(ROLES[1:])
AGENCIES = expect(("supervisor", "admin"))
BROKER = expect(("supervisor", "admin"))
INSTITUTION = expect(("institution",))
AGENCY = expect(("agency",))

# endpoint → (url template, expectations for GET, or None for POST-only routes with POST expectations)
RULES = {
    "static": ("/static/css/portal.css", PUBLIC),
    "bootstrap.static": ("/bootstrap/static/css/bootstrap.min.css", PUBLIC),
    "public.home": ("/", PUBLIC),
    "public.privacy": ("/privacy", PUBLIC),
    "public.healthz": ("/healthz", PUBLIC),
    "public.guidance_index": ("/guidance/", PUBLIC),
    "public.guidance_article": ("/guidance/{article}", PUBLIC),
    "public.notices": ("/notices/", PUBLIC),
    "public.notice": ("/notices/{notice}", PUBLIC),
    "public.policies": ("/policies/", PUBLIC),
    "public.policy": ("/policies/{policy}", PUBLIC),
    "public.search": ("/search?q=商标", PUBLIC),
    "public.sitemap": ("/sitemap.xml", PUBLIC),
    "public.download_attachment": ("/downloads/999999", expect((), anon=404, firm=404, staff=404)),
    "public.blank_form": ("/guidance/forms/brand-demonstration/credit-commitment.docx", PUBLIC),
    "public.publicity": ("/publicity/", PUBLIC),
    "public.honours": ("/publicity/honours", PUBLIC),
    "public.file_objection": ("/publicity/{publicity}/objection", PUBLIC),
    "public.open_data": ("/data/", PUBLIC),
    "public.export_open_data": ("/data/export.xlsx", PUBLIC),
    "public.report_form": ("/report/", PUBLIC),
    # the receipt is shown once, right after filing; anyone else is sent to the tracking page
    "public.report_received": ("/report/received", expect(EVERYONE, ok=302)),
    "public.track_report": ("/report/track", PUBLIC),
    "public.service_links": ("/links/", PUBLIC),
    "public.events": ("/events/", PUBLIC),
    "public.events_feed": ("/events/feed.ics", PUBLIC),
    "public.event": ("/events/{event}", PUBLIC),
    "public.public_sign_up": ("/events/{event}/sign-up", "post", expect(EVERYONE, ok=400)),
    "public.registration": ("/events/registrations/{registration}", PUBLIC),
    "public.registration_qr": ("/events/registrations/{registration}/qr.svg", PUBLIC),
    "public.cancel_registration": ("/events/registrations/{registration}/cancel", "post", PUBLIC),
    "public.rate_event": ("/events/registrations/{registration}/rate", "post", expect(EVERYONE, ok=400)),
    # a certificate exists only once the attendee is checked in
    "public.certificate": (
        "/events/registrations/{registration}/certificate",
        expect((), anon=404, firm=404, staff=404),
    ),
    "public.certificate_pdf": (
        "/events/registrations/{registration}/certificate.pdf",
        expect((), anon=404, firm=404, staff=404),
    ),
    "public.verify_certificate": ("/events/certificates/", PUBLIC),
    "auth.login": ("/auth/login", expect(("anon",), firm=302, staff=302)),
    "auth.register": ("/auth/register", expect(("anon",), firm=302, staff=302)),
    "auth.forgot_password": ("/auth/forgot-password", PUBLIC),
    "auth.claim_code": ("/auth/claim-code", PUBLIC),
    "staff.code_claims": ("/staff/claims", expect(("supervisor", "admin"))),
    "staff.claim_evidence": (
        "/staff/claims/999999/evidence/licence",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.decide_claim": (
        "/staff/claims/999999/decide",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "auth.reset_password": ("/auth/reset-password/not-a-token", expect(EVERYONE, ok=400)),
    "auth.request_sign_in_link": ("/auth/sign-in-link", PUBLIC),
    "auth.sign_in_with_link": ("/auth/sign-in-link/not-a-token", expect(EVERYONE, ok=400)),
    "auth.change_password": ("/auth/change-password", SIGNED_IN),
    "auth.login_sms": ("/auth/login/sms", expect(("anon",), firm=302, staff=302)),
    "auth.accept_invitation": ("/auth/invitation/not-a-token", expect(EVERYONE, ok=400)),
    "firm.account": ("/firm/account", FIRM_AREA),
    "firm.correct_name": ("/firm/account/name", "post", FIRM_ADMIN),
    "firm.change_contact": ("/firm/account/contact", "post", FIRM_ADMIN),
    "firm.change_mobile": ("/firm/account/mobile/own", "post", FIRM_AREA),
    "firm.change_email": ("/firm/account/email", "post", FIRM_AREA),
    "firm.colleagues": ("/firm/colleagues", FIRM_ADMIN),
    "firm.invite_colleague": ("/firm/colleagues/invite", "post", FIRM_ADMIN),
    "firm.revoke_invitation": ("/firm/colleagues/invitations/999/revoke", "post", FIRM_ADMIN),
    "firm.set_colleague_role": ("/firm/colleagues/999/role", "post", FIRM_ADMIN),
    "firm.set_colleague_active": ("/firm/colleagues/999/active", "post", FIRM_ADMIN),
    "firm.notification_settings": ("/firm/notifications", FIRM_AREA),
    "staff.notification_settings": ("/staff/notifications", CASES),
    "staff.firm_corrections": ("/staff/firms/corrections", expect(("supervisor", "admin"))),
    "staff.correction_licence": (
        "/staff/firms/corrections/999/licence",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.decide_correction": (
        "/staff/firms/corrections/999/decide",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "auth.logout": ("/auth/logout", "post", expect(ROLES[1:], anon=302)),
    "firm.dashboard": ("/firm/", FIRM_AREA),
    "firm.inbox": ("/firm/inbox", FIRM_AREA),
    "firm.mark_read": ("/firm/inbox/read", "post", FIRM_AREA),
    "firm.profile": ("/firm/profile", FIRM_AREA),
    "firm.save_details": ("/firm/profile/details", "post", FIRM_AREA),
    "firm.add_qualification": ("/firm/profile/qualifications", "post", FIRM_AREA),
    "firm.remove_qualification": ("/firm/profile/qualifications/999/delete", "post", FIRM_AREA),
    "firm.my_data": ("/firm/privacy", FIRM_ADMIN),
    "firm.export_my_data": ("/firm/privacy/export", FIRM_ADMIN),
    "firm.request_deletion": ("/firm/privacy/delete", "post", FIRM_ADMIN),
    "firm.new_application": ("/firm/applications/new/consultation", FIRM_AREA),
    "firm.case_detail": ("/firm/applications/{ref}", FIRM_OWN),
    "firm.submitted": ("/firm/applications/{ref}/submitted", FIRM_OWN),
    "firm.receipt": ("/firm/applications/{ref}/receipt", FIRM_OWN),
    "firm.download_file": ("/firm/applications/{ref}/files/{file}", FIRM_OWN),
    "firm.download_document": ("/firm/applications/{ref}/documents/{document}", FIRM_OWN),
    "firm.edit_step": ("/firm/applications/{draft}/steps/question", FIRM_OWN),
    "firm.materials": ("/firm/applications/{draft}/materials", FIRM_OWN),
    "firm.check_answers": ("/firm/applications/{draft}/check", FIRM_OWN),
    "firm.submit": ("/firm/applications/{draft}/submit", "post", FIRM_OWN),
    "firm.delete_draft": ("/firm/applications/{draft}/delete", "post", FIRM_OWN),
    "firm.delete_file": ("/firm/applications/{draft}/files/{draft_file}/delete", "post", FIRM_OWN),
    "firm.post_message": ("/firm/applications/{ref}/messages", "post", FIRM_OWN),
    "firm.answer_supplement": ("/firm/applications/{ref}/supplement", "post", FIRM_OWN),
    "firm.withdraw": ("/firm/applications/{ref}/withdraw", "post", FIRM_OWN),
    "firm.rate": ("/firm/applications/{ref}/rate", "post", FIRM_OWN),
    "firm.my_events": ("/firm/events", FIRM_AREA),
    "firm.sign_up": ("/firm/events/{event}/sign-up", "post", FIRM_AREA),
    "staff.home": ("/staff/", STAFF_AREA),
    "staff.queue": ("/staff/queue", CASES),
    "staff.export_queue": ("/staff/queue/export.csv", CASES),
    "staff.case_detail": ("/staff/cases/{ref}", CASES),
    "staff.download_file": ("/staff/cases/{ref}/files/{file}", CASES),
    "staff.objection_evidence": (
        "/staff/cases/{publicity}/objections/999/evidence",
        expect((), anon=302, firm=403, staff=403) | {r: 404 for r in CASE_STAFF},
    ),
    "staff.act_on_case": ("/staff/cases/{ref}/actions/accept", "post", CASES),
    "staff.claim_case": ("/staff/cases/{ref}/claim", "post", CASES),
    "staff.assign_case": ("/staff/cases/{ref}/assign", "post", expect(("supervisor", "admin"))),
    "staff.add_note": ("/staff/cases/{ref}/notes", "post", CASES),
    "staff.case_sheet": ("/staff/cases/{ref}/sheet", CASES),
    "staff.case_sheet_pdf": ("/staff/cases/{ref}/sheet.pdf", CASES),
    "staff.download_document": ("/staff/cases/{ref}/documents/{document}", CASES),
    "staff.insert_phrase": ("/staff/cases/{ref}/actions/refuse/template", "post", CASES),
    "staff.request_extension": ("/staff/cases/{ref}/extensions", "post", CASES),
    "staff.decide_extension": ("/staff/cases/{ref}/extensions/999", "post", SIGN_OFF),
    "staff.phrases_index": ("/staff/templates", PHRASES),
    "staff.edit_phrase": ("/staff/templates/new", PHRASES),
    "staff.set_phrase_active": (
        "/staff/templates/999/active",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.verify_objection": (
        "/staff/cases/{publicity}/objections/999/verify",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.conclude_objection": (
        "/staff/cases/{publicity}/objections/999/conclude",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.reports_queue": ("/staff/reports", CASES),
    "staff.report_detail": ("/staff/reports/{report}", CASES),
    "staff.report_file": ("/staff/reports/{report}/files/{report_file}", CASES),
    "staff.act_on_report": ("/staff/reports/{report}/actions/accept", "post", CASES),
    "staff.follow_ups": ("/staff/follow-ups", CASES),
    "staff.record_follow_up": ("/staff/follow-ups/{closed}", CASES),
    "firm.report_outcome": ("/firm/applications/{closed}/outcome", FIRM_OWN),
    "staff.warnings": ("/staff/warnings", expect(("supervisor", "editor", "admin"))),
    "firm.warnings": ("/firm/warnings", FIRM_AREA),
    "firm.subscribe": ("/firm/warnings/subscriptions", "post", FIRM_AREA),
    "firm.unsubscribe": ("/firm/warnings/subscriptions/999/delete", "post", FIRM_AREA),
    "staff.calls_index": ("/staff/calls", CALLS),
    "staff.inbox": ("/staff/inbox", CASES),
    "public.progress": ("/progress", PUBLIC),
    "public.verify_receipt": ("/receipts/ABCDEFGHJKMN", PUBLIC),
    "public.open_calls": ("/calls", PUBLIC),
    "firm.application_pdf": ("/firm/applications/{ref}/application.pdf", FIRM_OWN),
    "staff.ratings_list": ("/staff/ratings", CASES),
    "staff.rating_outcome": (
        "/staff/ratings/999/outcome",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.mark_inbox_read": ("/staff/inbox/read", "post", CASES),
    "staff.objection_queue": ("/staff/queue/objections", CASES),
    "staff.save_view": ("/staff/queue/views", "post", CASES),
    "staff.delete_saved_view": ("/staff/queue/views/999/delete", "post", CASES),
    "staff.bulk_action": ("/staff/queue/bulk", "post", CASES),
    "staff.workload_view": ("/staff/workload", expect(("supervisor", "admin"))),
    "staff.case_records": ("/staff/records", expect(("supervisor", "admin"))),
    "staff.export_case_records": ("/staff/records/export.xlsx", expect(("supervisor", "admin"))),
    "staff.edit_call": ("/staff/calls/new", CALLS),
    "staff.post_message": ("/staff/cases/{ref}/messages", "post", CASES),
    "staff.firms": ("/staff/firms", CASES),
    "staff.firm_detail": ("/staff/firms/{firm_a}", CASES),
    "staff.edit_firm_profile": ("/staff/firms/{firm_a}/profile", CASES),
    "staff.code_reviews": ("/staff/firms/code-reviews", expect(("supervisor", "admin"))),
    "staff.decide_code_review": (
        "/staff/firms/999/code-review",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.set_firm_user_active": ("/staff/firms/{firm_a}/users/999/active", "post", ADMIN),
    "staff.stats": ("/staff/stats", STATS),
    "staff.official_indicators": ("/staff/indicators", STATS),
    "staff.export_stats": ("/staff/stats/export.xlsx", STATS),
    "staff.content_list": ("/staff/content/", CONTENT),
    "staff.new_content": ("/staff/content/new/article", CONTENT),
    "staff.view_content": ("/staff/content/{article_id}", CONTENT),
    "staff.edit_content": ("/staff/content/{article_id}/edit", CONTENT),
    "staff.content_revisions": ("/staff/content/{article_id}/revisions", CONTENT),
    "staff.content_revision": ("/staff/content/{article_id}/revisions/1", CONTENT),
    "staff.preview_content": ("/staff/content/preview/article", "post", CONTENT),
    "staff.publish_content": ("/staff/content/{article_id}/publish", "post", CONTENT),
    "staff.unpublish_content": ("/staff/content/{article_id}/unpublish", "post", CONTENT),
    "staff.archive_content": ("/staff/content/{article_id}/archive", "post", CONTENT),
    "staff.restore_content_revision": ("/staff/content/{article_id}/revisions/1/restore", "post", CONTENT),
    "staff.upload_content_attachment": ("/staff/content/{article_id}/attachments", "post", CONTENT),
    "staff.delete_content_attachment": ("/staff/content/{article_id}/attachments/999/delete", "post", CONTENT),
    "staff.events_index": ("/staff/events", EVENTS),
    "staff.edit_event": ("/staff/events/new", EVENTS),
    "staff.event_detail": ("/staff/events/{event}", EVENTS),
    "staff.publish_event": ("/staff/events/{event}/publish", "post", EVENTS),
    "staff.cancel_event": ("/staff/events/{event}/cancel", "post", EVENTS),
    "staff.check_in": ("/staff/events/{event}/check-in", EVENTS),
    "staff.walk_in": ("/staff/events/{event}/walk-in", "post", EVENTS),
    "staff.export_attendance": ("/staff/events/{event}/attendance.xlsx", EVENTS),
    "staff.review_index": ("/staff/review", REVIEW),
    "staff.review_experts": ("/staff/review/experts", REVIEW),
    "staff.review_call": ("/staff/review/calls/{call}", REVIEW),
    "staff.edit_rubric": ("/staff/review/calls/{call}/rubric", REVIEW),
    "staff.export_ranking": ("/staff/review/calls/{call}/ranking.xlsx", REVIEW),
    "staff.assign_experts": ("/staff/review/cases/{publicity}/experts", "post", REVIEW),
    "staff.reopen_review": (
        "/staff/review/assignments/999/reopen",
        "post",
        expect((), anon=302, firm=403, staff=403) | {"supervisor": 404, "admin": 404},
    ),
    "staff.decide_call": ("/staff/review/calls/{call}/decision", "post", REVIEW),
    "expert.home": ("/expert/", EXPERT),
    "expert.review": ("/expert/reviews/999", NOT_ASSIGNED),
    "expert.declare": ("/expert/reviews/999/declaration", "post", NOT_ASSIGNED),
    "expert.declare_conflict": ("/expert/reviews/999/conflict", "post", NOT_ASSIGNED),
    "expert.score": ("/expert/reviews/999/scores", "post", NOT_ASSIGNED),
    "public.agencies": ("/market/agencies/?q=代理&status=blacklisted", PUBLIC),
    "public.agency": ("/market/agencies/{agency}", PUBLIC),
    "public.patents": ("/market/patents/?mode=licence", PUBLIC),
    "public.patent": ("/market/patents/{listing}", PUBLIC),
    "public.deals": ("/market/deals/", PUBLIC),
    "staff.agencies": ("/staff/market/agencies/", AGENCIES),
    "staff.new_agency": ("/staff/market/agencies/new", AGENCIES),
    "staff.agency": ("/staff/market/agencies/{agency}", AGENCIES),
    "staff.agency_status": ("/staff/market/agencies/{agency}/status", "post", AGENCIES),
    "staff.agency_inspection": ("/staff/market/agencies/{agency}/inspections", "post", AGENCIES),
    "staff.import_agencies": ("/staff/market/agencies/import", AGENCIES),
    "staff.save_agency_import": ("/staff/market/agencies/import/save", "post", AGENCIES),
    "staff.agency_template": ("/staff/market/agencies/template.xlsx", AGENCIES),
    "staff.agency_account": ("/staff/market/agencies/{agency}/account", "post", AGENCIES),
    "staff.decide_agency_change": ("/staff/market/agency-changes/{agency_change}", "post", AGENCIES),
    "agency.home": ("/agency/", AGENCY),
    "staff.market": ("/staff/market/", BROKER),
    "staff.institutions": ("/staff/market/institutions", BROKER),
    "staff.matches": ("/staff/market/matches/?stage=intent", BROKER),
    "staff.match": ("/staff/market/matches/{match}", BROKER),
    "firm.agency": ("/firm/agency", FIRM_AREA),
    "firm.market_home": ("/firm/market/", FIRM_AREA),
    "firm.patents_search": ("/firm/market/patents/?q=专利", FIRM_AREA),
    "firm.patent": ("/firm/market/patents/{listing}", FIRM_AREA),
    "firm.save_patent": (
        "/firm/market/patents/{listing}/save",
        "post",
        expect(("firm_a", "firm_b", "firm_applicant"), ok=302),
    ),
    "firm.new_listing": ("/firm/market/listings/new", FIRM_AREA),
    # the listing belongs to the institution: no firm may withdraw it
    "firm.withdraw_listing": ("/firm/market/listings/{listing}/withdraw", "post", expect((), firm=404)),
    "firm.new_need": ("/firm/market/needs/new", FIRM_AREA),
    "firm.close_need": (
        "/firm/market/needs/{need}/close",
        "post",
        expect(("firm_a", "firm_applicant"), firm_b=404, ok=302),
    ),
    "institution.home": ("/institution/", INSTITUTION),
    "institution.new_listing": ("/institution/patents/new", INSTITUTION),
    "institution.withdraw_listing": (
        "/institution/patents/{listing}/withdraw",
        "post",
        expect(("institution",), ok=302),
    ),
    "institution.need": ("/institution/needs/{need}", INSTITUTION),
    "public.finance_products": ("/market/finance/?kind=pledge_loan", PUBLIC),
    "staff.finance": ("/staff/market/finance/", BROKER),
    "staff.add_provider": ("/staff/market/finance/providers", "post", BROKER),
    "staff.publish_product": ("/staff/market/finance/products", "post", BROKER),
    "staff.financing_requests": ("/staff/market/finance/requests/?status=submitted", BROKER),
    "staff.financing_request": ("/staff/market/finance/requests/{financing}", BROKER),
    "staff.pass_financing_request": ("/staff/market/finance/requests/{financing}/pass", "post", BROKER),
    "staff.financing_outcome": ("/staff/market/finance/requests/{financing}/outcome", "post", BROKER),
    "firm.financing_home": ("/firm/finance/", FIRM_AREA),
    "firm.request_financing": ("/firm/finance/request?product={product}", FIRM_AREA),
    "firm.withdraw_financing": (
        "/firm/finance/{financing}/withdraw",
        "post",
        expect(("firm_a", "firm_applicant"), firm_b=404, ok=302),
    ),
    "admin.users": ("/admin/users", ADMIN),
    "admin.update_user": ("/admin/users/999", "post", ADMIN),
    "admin.audit_log": ("/admin/audit", ADMIN),
    "admin.deletions": ("/admin/deletions", ADMIN),
    "admin.calendar": ("/admin/calendar", ADMIN),
    "admin.site_settings": ("/admin/site", ADMIN),
    "admin.delete_calendar_day": ("/admin/calendar/999/delete", "post", ADMIN),
    "admin.import_calendar": ("/admin/calendar/import", "post", ADMIN),
    "admin.export_audit_log": ("/admin/audit/export.xlsx", ADMIN),
    "admin.complete_deletion": ("/admin/deletions/999/complete", "post", ADMIN),
    # large exports prepared in the background: each person sees only their own files
    "staff.prepared_files": ("/staff/exports", STAFF_AREA),
    "staff.download_prepared": ("/staff/exports/999/download", expect(STAFF, ok=404)),
    "staff.export_certificates": ("/staff/events/{event}/certificates.pdf", expect(("editor", "admin"), ok=302)),
    "staff.service_links_list": ("/staff/links/", CONTENT),
    "staff.new_service_link": ("/staff/links/new", CONTENT),
    "staff.edit_service_link": ("/staff/links/999", expect(("editor", "admin"), ok=404)),
    "staff.move_service_link": ("/staff/links/999/move", "post", expect(("editor", "admin"), ok=404)),
    "staff.retire_service_link": ("/staff/links/999/retire", "post", expect(("editor", "admin"), ok=404)),
    "staff.restore_service_link": ("/staff/links/999/restore", "post", expect(("editor", "admin"), ok=404)),
    "firm.overseas_markets": ("/firm/profile/overseas", FIRM_AREA),
    "firm.remove_overseas_market": ("/firm/profile/overseas/999/delete", "post", FIRM_AREA),
    "firm.subscribe_suggested": ("/firm/profile/overseas/subscribe", "post", FIRM_AREA),
}


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(RULES), f"missing: {endpoints - set(RULES)}; stale: {set(RULES) - endpoints}"


@pytest.fixture
def world(
    app,
    create_firm_user,
    create_colleague,
    create_staff,
    make_case,
    make_item,
    make_report,
    make_event,
    make_registration,
    make_agency,
    make_institution,
    make_listing,
    make_agency_account,
):
    a, b = create_firm_user(), create_firm_user()
    applicant = create_colleague(a, "firm_applicant")
    staff = {role: create_staff(role) for role in STAFF}
    expert = create_staff("expert")
    ref = make_case(a, kind="rights-protection", status="under_review", staff=staff["supervisor"])
    draft = make_case(a, kind="consultation", status="draft")
    closed = make_case(a, kind="rights-protection", status="closed", staff=staff["supervisor"])
    publicity = make_case(b, kind="brand-demonstration", status="publicity", staff=staff["supervisor"])
    with app.app_context():
        case = get_case(ref)
        file_id = case.files[0].id
        document_id = case.documents[0].id  # the 受理通知书 issued on acceptance
        call_id = get_case(publicity).call_id
        draft_file = 999  # consultation drafts carry no required files
    article, notice, policy = make_item("article"), make_item("notice"), make_item("policy")
    report, report_file = make_report(evidence=True)
    event = make_event()
    registration = make_registration(event, a.id)
    institution = make_institution()
    listing = make_listing(institution.id)
    agency_user = make_agency_account()
    agency = make_agency(status="blacklisted")
    with app.test_request_context():
        from portal.core.db import commit
        from portal.extensions import db
        from portal.market import patents
        from portal.market.models import PatentListing

        match = patents.express_interest(a.firm_id, db.session.get(PatentListing, listing), "想实施", None).id
        need = patents.post_need(a.firm_id, {"title": "需求", "field": "新材料", "description": "说明"}, None).id
        from datetime import date

        from portal.market import financing

        provider = financing.add_provider("测试银行红桥支行", "bank", "022-1", None)
        product = financing.publish_product(
            financing.ProductData(
                provider_id=provider.id,
                kind="insurance",
                name="专利执行保险",
                valid_from=date(2020, 1, 1),
                valid_until=date(2099, 12, 31),
                insurance_types="专利执行保险",
            ),
            None,
        )
        financing_id = financing.request_financing(a.firm_id, product, "", "维权费用", None, None).id
        from portal.market import agency_accounts
        from portal.market.models import Agency

        own = db.session.get(Agency, agency_user.agency_id)
        agency_accounts.update_own(own, {"name": "改名后的代理所", "contact": "022-2"}, None)
        agency_change = agency_accounts.pending_change(own).id
        product_id = product.id
        commit()
    users = {
        "firm_a": a,
        "firm_b": b,
        "firm_applicant": applicant,
        **staff,
        "expert": expert,
        "institution": institution,
        "agency": agency_user,
    }
    values = {
        "ref": ref,
        "draft": draft,
        "publicity": publicity,
        "call": call_id,
        "file": file_id,
        "document": document_id,
        "draft_file": draft_file,
        "firm_a": a.firm_id,
        "article": article.slug,
        "article_id": article.id,
        "notice": notice.slug,
        "policy": policy.slug,
        "report": report,
        "closed": closed,
        "report_file": report_file,
        "event": event,
        "registration": registration,
        "agency": agency.id,
        "listing": listing,
        "match": match,
        "need": need,
        "product": product_id,
        "financing": financing_id,
        "agency_change": agency_change,
    }
    return SimpleNamespace(users=users, values=values)


def _client(app, world, role):
    client = app.test_client()
    if role != "anon":
        response = client.post("/auth/login", data={"email": world.users[role].email, "password": PASSWORD})
        assert response.status_code == 302
    return client


@pytest.mark.parametrize("role", ROLES)
def test_get_routes_by_role(app, world, role):
    client = _client(app, world, role)
    failures = []
    for endpoint, rule in RULES.items():
        if len(rule) == 3:
            continue
        url, expected = rule
        response = client.get(url.format(**world.values))
        if response.status_code != expected[role]:
            failures.append((endpoint, response.status_code, expected[role]))
        if (
            response.status_code == 302
            and expected[role] == 302
            and role == "anon"
            and endpoint.split(".")[0] in ("firm", "staff", "admin")
        ):
            assert "/auth/login" in response.headers["Location"], endpoint
    assert not failures, failures


@pytest.mark.parametrize("role", ROLES)
def test_post_routes_refuse_the_wrong_people(app, world, role):
    client = _client(app, world, role)
    failures = []
    # signing out last: it would end the session the other requests use
    for endpoint, rule in sorted(RULES.items(), key=lambda item: item[0] == "auth.logout"):
        if len(rule) != 3:
            continue
        url, _post, expected = rule
        response = client.post(url.format(**world.values), data={})
        allowed = expected[role] in (200, 302) and not (role == "anon" and expected[role] == 302)
        if allowed:
            bad = response.status_code in (403, 500) or "/auth/login" in response.headers.get("Location", "")
        else:
            bad = response.status_code != expected[role]
        if bad:
            failures.append((endpoint, response.status_code, expected[role]))
    assert not failures, failures
