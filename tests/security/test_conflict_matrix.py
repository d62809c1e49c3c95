"""The authorization matrix in the conflict state: an assessor of the case's own body who declared
a conflict of interest gets no page and no file about that case, by any URL.

Every URL where the matrix gives body X's assessor a 200 and whose path names the case, its
document, its letter or a batch holding it is visited after the declaration (issue 15: the
document and letter downloads answered 200 before). Without the conflict the same assessor
gets 200 (tests/security/test_authorization_matrix.py).
"""

import pytest

from regeling.payments.models import PaymentItem
from regeling.review.assignment import declare_conflict
from tests.security.authorization_world import build_world, outcome, url_patterns
from tests.security.test_authorization_matrix import _entry

ASSESSOR_X = 3  # the column of body X's assessor in the matrix
DOWNLOADS = {"letters:download", "letters:read", "review:document", "payments:download_xml", "payments:download_csv"}


def _case_world():
    """The matrix's world, with the case also in the letter batch and the payment batch."""
    world = build_world()
    type(world.letter).objects.filter(pk=world.letter.pk).update(batch=world.letter_batch)
    PaymentItem.objects.create(
        batch=world.payment_batch, application=world.application, amount_cents=45_000, end_to_end_id="MATRIX-1-1"
    )
    return world


def _case_urls():
    """URLs body X's assessor opens (200) whose route names one case, or a batch, by its id."""
    return [
        (key, route)
        for key, route in url_patterns()
        if (_entry(key) or (None,) * 7)[ASSESSOR_X] == 200 and "public_id>" in route
    ]


CANDIDATES = _case_urls()


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "route"), CANDIDATES, ids=[key for key, _ in CANDIDATES])
def test_conflicted_assessor_gets_no_page_or_file_when_a_url_names_the_case(key, route):
    world = _case_world()
    path = world.path(key, route)
    assessor = world.users["assessor_x"]
    declare_conflict(world.application.pk, by=assessor, reason="Mijn buurman.")
    assert outcome(world.client_for("assessor_x").get(path)) in (403, 404)


def test_every_download_url_is_visited_in_the_conflict_state():
    assert DOWNLOADS <= {key for key, _ in CANDIDATES}
