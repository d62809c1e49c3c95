"""Every letter kind holds what the law asks of it (Awb 3:45-3:50, 4:3a, 4:5, 4:14; SCHEME.md §3)."""

import pytest
from django.template import Context
from django.utils import timezone

from regeling.applications.lettertexts import render_text
from regeling.letters.models import Letter, LetterKind
from regeling.schemes.reasons import Reason
from tests.factories import ApplicationFactory
from tests.letters.helpers import letter_data, story_text
from worker.letters import LetterData, build_story
from worker.letters.texts import engine, longdate, template_name

pytestmark = pytest.mark.django_db

EVERY_LETTER = [
    "Ons kenmerk: RBD-",
    "Zaaknummer: RBD-",
    "Wim de Wethouder",
    "Lindelaan 12",
    "3511 AB",
    "namens het college van burgemeester en wethouders van Gemeente Teststad",
    "Bea Jansen",
    "de beoordelaar regeling beveiligingsmaatregelen (in mandaat)",
    "telefoon 14 030, e-mail veiligwonen@example.nl",
]
EVERY_DECISION = [
    "Wettelijke grondslag",
    "Motivering",
    "Uw gegevens",
    "Algemene verordening gegevensbescherming",
    "functionaris gegevensbescherming",
    "Autoriteit Persoonsgegevens",
    "binnen zes weken",
    "op de dag na de dag waarop deze brief is verzonden",
    "als belanghebbende",
]
ON_THE_MEASURES = [
    "artikel 3.3.1, tweede lid, van het Rechtspositiebesluit decentrale politieke ambtsdragers",
    "versie B van de regeling",
    "Maatregel 1",
    "€ 450,00",
    "€ 650,00",
]
OBJECTION_TO_THE_BODY = [
    "Bezwaar maken",
    "Stuur uw bezwaarschrift naar het college van burgemeester en wethouders van Gemeente Teststad, Postbus 1",
]
PER_KIND = {
    LetterKind.RECEIPT: ["1 oktober 2026", "Wij beslissen uiterlijk op", "artikel 4:3a", "geen besluit"],
    LetterKind.INFORMATION_REQUEST: [
        "Stuur het beveiligingsadvies mee.",
        "uiterlijk op",
        "niet te behandelen (artikel 4:5",
        "artikel 4:15",
    ],
    LetterKind.EXTENSION: ["15 januari 2027", "Wij wachten op de Beveiligingsautoriteit.", "artikel 4:14, derde lid"],
    LetterKind.DECISION: [
        *EVERY_DECISION,
        *ON_THE_MEASURES,
        "Wij kennen uw aanvraag gedeeltelijk toe: € 500,00 van de aangevraagde € 650,00",
        "Toegekend",
        "Een maatregel die niet in het advies staat, vergoeden wij niet.",
        "De camera aan de achterzijde staat niet in het advies.",
        "Afwijking van het beveiligingsadvies",
        "Een hek is goedkoper en even veilig.",
        "kenmerk BVA-2026-17, vastgesteld op 2 maart 2026",
        "Voorwaarden",
        "Laat de installateur het werk afmelden.",
        *OBJECTION_TO_THE_BODY,
    ],
    LetterKind.VIEWS_INTENTION: [
        "Voornemen tot (gedeeltelijke) weigering",
        "artikelen 4:7 en 4:8",
        "Wij zijn van plan uw aanvraag gedeeltelijk toe te kennen: € 500,00 van de aangevraagde € 650,00",
        "Voorgenomen",
        "Een maatregel die niet in het advies staat, vergoeden wij niet.",
        "De camera aan de achterzijde staat niet in het advies.",
        "tot en met 14 januari 2027",
        'kies "Geef uw zienswijze"',
        "mondeling",
        "Wij maken een verslag van wat u zegt",
        "schort de beslistermijn niet op: wij beslissen uiterlijk op 15 januari 2027",
        "nog geen besluit",
    ],
    LetterKind.NOT_PROCESSED: [
        *EVERY_DECISION,
        "Wij nemen uw aanvraag niet in behandeling.",
        "artikel 4:5, eerste lid, onder c, van de Algemene wet bestuursrecht",
        "Stuur het beveiligingsadvies mee.",
        *OBJECTION_TO_THE_BODY,
    ],
    LetterKind.SETTLEMENT: [
        *EVERY_DECISION,
        *ON_THE_MEASURES,
        "Wij stellen uw vergoeding vast op € 450,00",
        "Vastgesteld",
        "Voorwaarden",
        *OBJECTION_TO_THE_BODY,
    ],
}


# The letters of an objection need an objection: tests/objections/test_letters.py renders them.
@pytest.mark.parametrize("kind", list(PER_KIND))
def test_story_holds_every_required_element_when_kind_is(kind, full_case, assessor):
    data = letter_data(full_case, kind, author=assessor)
    text = " ".join(story_text(build_story(data)).split())

    missing = [part for part in [*EVERY_LETTER, longdate(timezone.localdate()), *PER_KIND[kind]] if part not in text]
    assert missing == []


def test_story_shows_a_grant_in_full_with_conditions_when_granted(officeholder, assessor):
    application = ApplicationFactory(
        applicant=officeholder, in_assessment=True, with_reasoning=True, lines=[45_000], scheme_version="A"
    )
    application.lines.update(granted_cents=45_000)
    text = story_text(build_story(letter_data(application, LetterKind.DECISION, author=assessor)))

    assert "Wij kennen uw aanvraag volledig toe" in text
    assert "versie A van de regeling" in text and "Politiekeurmerk Veilig Wonen" in text
    assert "Voorwaarden" in text


@pytest.mark.parametrize(
    ("body_kind", "article"),
    [
        ("province", "artikel 2.3.1, tweede lid"),
        ("municipality", "artikel 3.3.1, tweede lid"),
        ("water_board", "artikel 4.3.1, tweede lid"),
    ],
)
def test_legal_basis_names_the_decree_article_of_the_body_when_body_kind_is(body_kind, article, full_case):
    full_case.body.kind = body_kind
    full_case.body.save()
    text = story_text(build_story(letter_data(full_case, LetterKind.DECISION)))

    assert article in text


def test_refusal_has_no_conditions_but_keeps_the_objection_clause_when_refused(full_case):
    full_case.outcome = "refuse"
    full_case.save(update_fields=["outcome"])
    text = story_text(build_story(letter_data(full_case, LetterKind.DECISION)))

    assert "Wij wijzen uw aanvraag af." in text
    assert "Voorwaarden" not in text
    assert "Bezwaar maken" in text


def test_english_letter_follows_the_legal_dutch_one_when_applicant_chose_english(full_case, assessor):
    text = story_text(build_story(letter_data(full_case, LetterKind.DECISION, author=assessor, language="en")))

    dutch, _, english = text.partition("English translation")
    assert "Bezwaar maken" in dutch and "Wettelijke grondslag" in dutch
    assert "The Dutch letter before this translation is the legal letter" in english
    assert "We grant your application in part" in english
    assert "within six weeks" in english.replace("\n", " ")


def test_letter_without_staff_author_is_signed_by_the_team_when_the_applicant_submitted(full_case, officeholder):
    text = story_text(build_story(letter_data(full_case, LetterKind.RECEIPT, author=officeholder)))

    assert "het team regeling beveiligingsmaatregelen (in mandaat)" in text
    assert "Wim de Wethouder\nhet team" not in text


def test_every_coded_reason_has_a_paragraph_in_both_languages_when_looked_up():
    for reason in Reason:
        for language in ("nl", "en"):
            assert engine().get_template(f"letters/reasons/{reason}.{language}.txt").render(Context({})).strip()


def test_every_kind_has_a_dutch_and_an_english_template_when_looked_up():
    for kind in LetterKind:
        for language in ("nl", "en"):
            assert engine().get_template(template_name(kind, language))


def test_correction_names_the_letter_it_replaces_when_reissued(full_case):
    original = Letter.objects.create(application=full_case, kind=LetterKind.DECISION)
    correction = Letter.objects.create(application=full_case, kind=LetterKind.DECISION, replaces=original)
    text = story_text(build_story(LetterData.from_letter(correction)))

    sent_on = longdate(timezone.localdate(original.created_at), "nl")
    assert (
        f"Deze brief vervangt onze brief van {sent_on} met kenmerk {original.reference} "
        "(Besluit op uw aanvraag voor beveiligingsmaatregelen)." in text
    )


def test_english_translation_names_date_and_subject_of_the_replaced_letter_when_reissued(full_case):
    original = Letter.objects.create(application=full_case, kind=LetterKind.SETTLEMENT)
    correction = Letter.objects.create(application=full_case, kind=LetterKind.SETTLEMENT, replaces=original)
    data = LetterData.from_letter(correction)

    assert data.replaces_subject == "Besluit tot vaststelling van uw vergoeding voor beveiligingsmaatregelen"
    assert data.replaces_sent_on == timezone.localdate(original.created_at)
    assert f"This letter replaces our letter of {longdate(data.replaces_sent_on, 'en')} with reference" in render_text(
        data, "en"
    )


def test_markup_lines_in_a_motivation_stay_text_when_they_look_like_a_heading_or_table(full_case):
    full_case.motivation = "Eerste regel.\n## Geen kop\n[[table: A | B | C | D]]"
    full_case.save(update_fields=["motivation"])
    story = build_story(letter_data(full_case, LetterKind.DECISION))

    text = story_text(story)
    assert "## Geen kop" in text and "[[table: A | B | C | D]]" in text
    assert sum(1 for flowable in story if hasattr(flowable, "_cellvalues")) == 1
