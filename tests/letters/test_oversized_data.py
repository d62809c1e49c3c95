"""The letter renderer refuses data over the limits at once (issue 15): a 1 MB address
took the worker four minutes; now the letter fails clearly and the worker goes on."""

import dataclasses
import time

import pytest
from django.urls import reverse

from regeling.applications.models import Application
from regeling.core import limits
from regeling.letters.models import Letter, LetterStatus
from tests.helpers import render_committed
from worker.letters import render
from worker.letters.data import LetterDataTooLarge, LineData

from .helpers import letter_data, make_letter

pytestmark = pytest.mark.django_db


def _text(length: int) -> str:
    word = "beveiliging camera hek "
    return (word * (length // len(word) + 1))[:length]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"address_lines": ("Dorpsstraat 1" * 80_000,)}, "address_lines"),
        ({"motivation": _text(limits.TEXT + 1)}, "motivation"),
        ({"conditions": _text(limits.REASON + 1)}, "conditions"),
        ({"addressee_name": _text(1_000)}, "addressee_name"),
        ({"lines": (LineData(_text(limits.LINE + 1), 100, 100),)}, "lines.description"),
        ({"lines": (LineData("Camera", 100, 100),) * 1_000}, "lines"),
    ],
    ids=["megabyte address", "motivation", "conditions", "name", "measure line", "a thousand lines"],
)
def test_renderer_refuses_at_once_and_names_the_field_when_data_is_over_the_limit(full_case, change, named):
    data = dataclasses.replace(letter_data(full_case, "decision"), **change)
    started = time.monotonic()
    with pytest.raises(LetterDataTooLarge) as refused:
        render(data)
    assert time.monotonic() - started < 1
    assert str(refused.value).startswith(f"{named}:")
    assert "beveiliging" not in str(refused.value) and "Dorpsstraat" not in str(refused.value)  # no content


def test_letter_renders_in_seconds_when_every_text_is_at_its_limit(full_case):
    data = letter_data(full_case, "decision")
    at_limit = dataclasses.replace(
        data,
        address_lines=(_text(limits.ADDRESS_LINE), _text(limits.POSTCODE + limits.CITY + 2)),
        motivation=_text(limits.TEXT),
        advice_deviation=_text(limits.REASON),
        conditions=_text(limits.REASON),
        lines=tuple(dataclasses.replace(line, description=_text(limits.LINE)) for line in data.lines) * 15,
    )
    started = time.monotonic()
    pdf = render(at_limit)
    assert pdf.startswith(b"%PDF") and time.monotonic() - started < 30


def test_worker_marks_the_letter_failed_with_the_reason_when_an_old_row_holds_a_megabyte_address(
    full_case, as_user, assessor
):
    """A row saved before the limits existed: the worker refuses it in no time and the
    assessor reads why on the case file."""
    Application.objects.filter(pk=full_case.pk).update(address_line="Dorpsstraat 1 " * 75_000)
    letter = make_letter(full_case, "decision")
    started = time.monotonic()
    render_committed(letter.pk)
    letter.refresh_from_db()
    assert time.monotonic() - started < 10
    assert (letter.status, letter.last_error) == (LetterStatus.FAILED, "LetterDataTooLarge")
    html = as_user(assessor).get(reverse("review:case", args=[full_case.public_id])).content.decode()
    assert "langer dan een brief kan bevatten" in html
    assert Letter.objects.get(pk=letter.pk).pdf == ""
