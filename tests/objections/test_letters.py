"""Every letter of the objection procedure, rendered as the worker does, in Dutch and in English."""

from datetime import timedelta

import pytest
from django.utils import timezone

from regeling.letters.models import Letter
from regeling.objections import services
from regeling.objections.models import BodyObjectionSettings
from regeling.objections.services import OBJECTION_LETTER_KINDS
from regeling.objections.states import Court, ObjectionOutcome
from tests.helpers import send_letters
from tests.letters.helpers import pdf_text
from tests.objections.cases import ANSWERED, heard, lodged

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_objection_letter(refused_case, handler):
    """An objection that went through repair, an extension, a hearing and a decision: one letter of each kind."""
    BodyObjectionSettings.objects.create(body=refused_case.body, court=Court.MIDDEN_NEDERLAND)
    objection = lodged(refused_case, refused_case.applicant)
    services.request_repair(
        objection.pk,
        by=handler,
        message="Onderteken uw bezwaarschrift.",
        deadline=timezone.localdate() + timedelta(days=7),
    )
    services.complete_repair(objection.pk, by=refused_case.applicant)
    services.extend_term(objection.pk, by=handler, reason="Wij vragen de Beveiligingsautoriteit om uitleg.")
    heard(objection, handler)
    services.decide_objection(
        objection.pk, by=handler, outcome=ObjectionOutcome.UNFOUNDED, motivation="Het besluit klopt.", grounds=ANSWERED
    )
    send_letters(refused_case)
    return objection


def text_of(objection, kind) -> str:
    letter = Letter.objects.get(objection_link__objection=objection, kind=kind)
    with letter.pdf.open("rb") as handle:
        return " ".join(pdf_text(handle.read()).split())


EXPECTED = {
    "objection_receipt": ["Ontvangstbevestiging van uw bezwaarschrift", "artikel 6:14", "Wij beslissen uiterlijk op"],
    "repair_request": [
        "Onderteken uw bezwaarschrift.",
        "niet-ontvankelijk verklaren (artikel 6:6)",
        "artikel 7:10, tweede lid",
    ],
    "hearing_invitation": ["Stadhuis, kamer 2", "artikel 7:4", "U mag iemand meenemen"],
    "objection_extension": ["Wij vragen de Beveiligingsautoriteit om uitleg.", "artikel 7:10, derde lid"],
    "objection_decision": [
        "ons besluit op uw aanvraag voor beveiligingsmaatregelen van",
        "Wij verklaren uw bezwaar ongegrond.",
        "U voert aan: De kluis staat in het advies.",
        "hebben wij u gehoord",
        "Rechtbank Midden-Nederland",
        "griffierecht; voor een particulier is dat nu € 187,00",
    ],
}


@pytest.mark.parametrize("kind", OBJECTION_LETTER_KINDS)
def test_objection_letter_holds_its_required_elements_when_kind_is(kind, every_objection_letter):
    text = text_of(every_objection_letter, kind)
    assert [part for part in EXPECTED[kind] if part not in text] == []


def test_decision_on_objection_names_the_contested_decision_by_date_and_reference(every_objection_letter):
    contested = every_objection_letter.contested_letter
    text = text_of(every_objection_letter, "objection_decision")
    assert f"met kenmerk {contested.reference}" in text


@pytest.mark.parametrize("kind", OBJECTION_LETTER_KINDS)
def test_objection_letter_has_the_same_legal_content_in_english_when_applicant_chose_english(
    kind, refused_case, handler
):
    refused_case.applicant.preferred_language = "en"
    refused_case.applicant.save(update_fields=["preferred_language"])
    BodyObjectionSettings.objects.create(body=refused_case.body, court=Court.MIDDEN_NEDERLAND)
    objection = lodged(refused_case, refused_case.applicant)
    services.request_repair(
        objection.pk, by=handler, message="Sign it.", deadline=timezone.localdate() + timedelta(days=7)
    )
    services.complete_repair(objection.pk, by=refused_case.applicant)
    services.extend_term(objection.pk, by=handler, reason="Waiting for advice.")
    heard(objection, handler)
    services.decide_objection(
        objection.pk, by=handler, outcome=ObjectionOutcome.UNFOUNDED, motivation="It stands.", grounds=ANSWERED
    )
    send_letters(refused_case)
    text = text_of(objection, kind)
    english = {
        "objection_receipt": ["article 6:14", "We decide by"],
        "repair_request": ["inadmissible (article 6:6)", "article 7:10, paragraph 2"],
        "hearing_invitation": ["article 7:4", "You may bring someone"],
        "objection_extension": ["article 7:10, paragraph 3"],
        "objection_decision": ["unfounded (ongegrond)", "Rechtbank Midden-Nederland", "€ 187,00", "we heard you"],
    }[kind]
    assert [part for part in english if part not in text] == []
