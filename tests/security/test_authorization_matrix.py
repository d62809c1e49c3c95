"""The authorization matrix: every URL of the project, visited by every kind of user.

The URLs come from the URLconf itself, so a new view is visited automatically;
a URL name without an entry below fails `test_every_url_has_a_matrix_entry`.
Each request is a GET by a fully signed-in user (second factor passed for
staff), with real ids of officeholder A's case in body X (authorization_world.py).

Outcomes: a status code, or where a redirect goes ("login", "admin_login",
"second_factor", "redirect" for anywhere else). A view that only takes POST
answers 405 to a signed-in GET; its permission checks are covered by the
tests of its own app.
"""

import pytest

from tests.security.authorization_world import ROLES, build_world, outcome, url_patterns

L, R, AL, SF = "login", "redirect", "admin_login", "second_factor"
ALL_200 = (200,) * 7
SIGNED_IN_200 = (L, 200, 200, 200, 200, 200, 200)
POST_ONLY = (L, 405, 405, 405, 405, 405, 405)
# A's own case pages: only A; everyone else gets the same 404 as for an id that does not exist.
OWN_CASE = (L, 200, 404, 404, 404, 404, 404)
OWN_CASE_NOT_NOW = (L, 404, 404, 404, 404, 404, 404)  # an action the case's state does not offer
BACK_OFFICE = (L, 403, 403, 200, 200, 200, 403)  # staff of any body; lists show only their own body
BODY_X_CASE = (L, 403, 403, 200, 404, 200, 403)  # body X's staff only; body Y cannot tell it exists

# fmt: off
#                                          anonymous  A    B    X    Y    second  admin
MATRIX = {
    "set_language":                         (R,   R,   R,   R,   R,   R,   R),
    "home":                                 (L,   R,   R,   R,   R,   R,   R),
    "security_txt":                         ALL_200,
    "accessibility":                        ALL_200,
    "privacy_statement":                    ALL_200,
    "contact":                              ALL_200,
    "accounts:login":                       (200, R,   R,   R,   R,   R,   R),
    "accounts:logout":                      (405,) * 7,
    "accounts:sso_start":                   (404,) * 7,  # no provider for that body (tests/e2e: with one)
    "accounts:digid_start":                 (404,) * 7,  # DigiD is off unless configured
    "accounts:oidc_callback":               (L,) * 7,  # no sign-in under way: the refusal page, under sign-in
    "accounts:sign_in_refused":             (L,) * 7,  # nothing refused: back to sign in
    "privacy:my_data":                      SIGNED_IN_200,
    "accounts:two_factor":                  SIGNED_IN_200,
    "accounts:two_factor_verify":           (L,   R,   R,   R,   R,   R,   R),  # everyone verified: on to `next`
    "accounts:two_factor_setup":            SIGNED_IN_200,
    "accounts:recovery_codes":              (L,   R,   R,   R,   R,   R,   R),
    # Passkeys (JSON endpoints, POST only): signed in, a GET is 405; anonymous, the library refuses.
    "otp_webauthn:credential-registration-begin":    (403,) + (405,) * 6,
    "otp_webauthn:credential-registration-complete": (403,) + (405,) * 6,
    "otp_webauthn:credential-authentication-begin":  (403,) + (405,) * 6,
    "otp_webauthn:credential-authentication-complete": (403,) + (405,) * 6,
    "otp_webauthn:js-i18n-catalog":         ALL_200,
    "accounts:enrolment_codes":             (L,   403, 403, 403, 403, 403, 200),  # coordinators (none here) and admins
    "accounts:password_reset":              ALL_200,
    "accounts:password_reset_done":         ALL_200,
    "accounts:password_reset_confirm":      ALL_200,  # an invalid link says so
    "accounts:password_reset_complete":     ALL_200,
    "accounts:invite":                      (L,   403, 403, 200, 200, 200, 403),
    "accounts:invitation_accept":           (400,) * 7,  # an invalid token
    "accounts:profile":                     (L,   200, 200, 403, 403, 403, 403),
    "applications:list":                    SIGNED_IN_200,  # each sees only their own
    "applications:new":                     (L,   200, 200, 403, 403, 403, 403),
    "applications:precheck":                ALL_200,
    "applications:detail":                  OWN_CASE,
    "applications:step":                    (L,   R,   404, 404, 404, 404, 404),  # submitted: back to the case
    "applications:upload":                  POST_ONLY,
    "applications:document":                OWN_CASE,
    "applications:remove_document":         POST_ONLY,
    "applications:receipt":                 OWN_CASE,
    "applications:answer":                  OWN_CASE_NOT_NOW,
    "applications:views":                   OWN_CASE_NOT_NOW,
    "applications:settlement_views":        OWN_CASE_NOT_NOW,
    "applications:withdraw":                OWN_CASE,
    "applications:delete_draft":            (L,   R,   404, 404, 404, 404, 404),  # sent, not a draft: back to the case
    "objections:lodge":                     OWN_CASE_NOT_NOW,
    "objections:repair":                    OWN_CASE_NOT_NOW,
    "objections:documents":                 OWN_CASE_NOT_NOW,
    "objections:withdraw":                  OWN_CASE_NOT_NOW,
    "applications:settlement":              OWN_CASE_NOT_NOW,
    "review:work_list":                     BACK_OFFICE,
    "review:export":                        BACK_OFFICE,
    "review:corrections":                   BACK_OFFICE,
    "review:case":                          BODY_X_CASE,
    "review:reveal_iban":                   POST_ONLY,
    "review:document":                      BODY_X_CASE,
    "review:act":                           POST_ONLY,
    "review:preview_decision":              (L,   403, 403, R,   404, R,   403),  # GET: back to the case file
    "review:objection_act":                 POST_ONLY,
    "review:export_xlsx":                   BACK_OFFICE,
    "review:bulk":                          POST_ONLY,
    "review:reminder_setting":              BACK_OFFICE,  # each staff member's own setting
    "review:motivation_templates":          (L,   403, 403, 403, 403, 403, 403),  # coordinators (tests/review)
    "review:motivation_template":           (L,   403, 403, 403, 403, 403, 403),  # coordinators, then their body's
    "review:motivation_template_delete":    POST_ONLY,
    "review:use_template":                  POST_ONLY,
    "payments:batches":                     BACK_OFFICE,
    "payments:batch":                       BODY_X_CASE,
    "payments:download_xml":                BODY_X_CASE,
    "payments:download_csv":                BODY_X_CASE,
    "payments:confirm":                     POST_ONLY,
    "budgets:budget":                      BACK_OFFICE,
    "budgets:budget_chart":                BACK_OFFICE,
    "budgets:budgets":                      (L,   403, 403, 403, 403, 403, 403),  # coordinators only (tests/budgets)
    "letters:download":                     (L,   200, 404, 200, 404, 200, 404),  # the addressee and body X
    "letters:read":                         (L,   200, 404, 200, 404, 200, 404),  # the HTML twin: the same
    "letters:status":                       (L,   200, 404, 200, 404, 200, 404),  # its status only: the same
    "letters:retry":                        POST_ONLY,
    "letters:reissue":                      POST_ONLY,
    "letters:batch_new":                    (L,   404, 404, 200, 200, 200, 404),
    "letters:batch":                        (L,   404, 404, 200, 404, 200, 404),
    "letters:batch_progress":               (L,   404, 404, 200, 404, 200, 404),
    "earlier:overview":                     (L,   403, 403, 403, 403, 403, 200),  # coordinators (tests/earlier)
    "earlier:upload":                       (L,   403, 403, 403, 403, 403, 200),
    "earlier:example":                      (L,   403, 403, 403, 403, 403, 200),
    "earlier:run":                          (404,) * 7,  # no import in the world: an unknown id
    "earlier:run_progress":                 (404,) * 7,
    "earlier:confirm":                      (404,) * 7,
    "earlier:cancel":                       (404,) * 7,
    "earlier:detail":                       (404,) * 7,
    "earlier:correct":                      (404,) * 7,
    "earlier:withdraw":                     (404,) * 7,
    "figures:body":                         (L,   403, 403, 200, 200, 200, 403),  # staff: their own body only
    "figures:body_csv":                     (L,   403, 403, 200, 200, 200, 403),
    "figures:body_xlsx":                    (L,   403, 403, 200, 200, 200, 403),
    "figures:body_json":                    (L,   403, 403, 200, 200, 200, 403),
    "figures:body_chart_applications":      (L,   403, 403, 200, 200, 200, 403),
    "figures:body_chart_amounts":           (L,   403, 403, 200, 200, 200, 403),
    "figures:national":                     (L,   403, 403, 403, 403, 403, 200),  # analyst and administrator
    "figures:national_csv":                 (L,   403, 403, 403, 403, 403, 200),
    "figures:national_xlsx":                (L,   403, 403, 403, 403, 403, 200),
    "figures:national_json":                (L,   403, 403, 403, 403, 403, 200),
    "figures:national_chart_applications":  (L,   403, 403, 403, 403, 403, 200),
    "figures:national_chart_amounts":       (L,   403, 403, 403, 403, 403, 200),
    "admin:login":                          (200, 200, 200, 200, 200, 200, R),
    "admin:logout":                         (R,   R,   R,   R,   R,   R,   405),
    # Every other admin URL (Django makes several per registered model): nobody but the
    # administrator gets past the admin's own sign-in; the administrator never sees a 500.
    "admin:*":                              (AL,  AL,  AL,  AL,  AL,  AL,  {200, R, 403, 404, 405}),
}
# fmt: on


def _entry(key: str):
    return MATRIX.get(key) or (MATRIX["admin:*"] if key.startswith("admin:") else None)


def _matches(expected, actual) -> bool:
    return actual in expected if isinstance(expected, set) else actual == expected


def test_every_url_has_a_matrix_entry():
    missing = sorted(key for key, _ in url_patterns() if _entry(key) is None)
    assert not missing, (
        "These URLs have no entry in tests/security/test_authorization_matrix.py MATRIX. "
        "Add one per URL: the expected outcome for anonymous, officeholder A, officeholder B, "
        f"assessor of body X, assessor of body Y, second assessor and administrator: {missing}"
    )


def test_no_matrix_entry_for_a_url_that_no_longer_exists():
    keys = {key for key, _ in url_patterns()}
    stale = sorted(key for key in MATRIX if key != "admin:*" and key not in keys)
    assert not stale, f"Remove these entries from MATRIX, their URLs are gone: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "route"), list(url_patterns()), ids=[key for key, _ in url_patterns()])
def test_every_role_gets_the_expected_answer_when_visiting(key, route):
    expected = _entry(key)
    if expected is None:
        pytest.fail(f"No matrix entry for {key}: see test_every_url_has_a_matrix_entry")
    world = build_world()
    path = world.path(key, route)
    wrong = []
    for role, wanted in zip(ROLES, expected, strict=True):
        client = world.client_for(role)
        client.raise_request_exception = False  # a 500 is an answer to report, not a crash
        actual = outcome(client.get(path))
        if not _matches(wanted, actual):
            wrong.append(f"{role}: expected {wanted}, got {actual}")
    assert not wrong, f"GET {path} ({key}): " + "; ".join(wrong)
