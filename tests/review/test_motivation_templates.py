"""Standard motivations per reason code: coordinators keep them per body, an assessor inserts one
into the decision form (without JavaScript) and edits it before deciding."""

import pytest
from django.urls import reverse

from regeling.audit.models import AuditEvent
from regeling.review import motivations
from regeling.review.models import MotivationTemplate
from regeling.schemes.reasons import Reason
from tests.factories import ApplicationFactory, CoordinatorFactory, OfficeholderFactory

LIST_URL = reverse("review:motivation_templates")
TEXT = "Het beveiligingsadvies noemt deze maatregel niet; de regeling vergoedt alleen maatregelen uit het advies."


@pytest.fixture
def coordinator(body):
    return CoordinatorFactory(body=body)


@pytest.fixture
def template(coordinator):
    return motivations.save_template(by=coordinator, reason=Reason.NOT_IN_ADVICE, title="Niet in advies", text=TEXT)


def assessing_case(body):
    return ApplicationFactory(applicant=OfficeholderFactory(body=body), in_assessment=True, lines=[40_000])


def use(client, case, data):
    return client.post(reverse("review:use_template", args=[case.public_id]), data, HTTP_ACCEPT_LANGUAGE="en")


def test_coordinator_adds_a_standard_motivation_when_posting_the_form(as_user, coordinator):
    data = {"template-reason": Reason.NOT_IN_ADVICE, "template-title": "Niet in advies", "template-text": TEXT}
    response = as_user(coordinator).post(LIST_URL, data)
    assert response.status_code == 302
    assert MotivationTemplate.objects.get(body=coordinator.body).text == TEXT


def test_adding_is_audited(template, coordinator):
    assert AuditEvent.objects.filter(action="motivation_template.create", actor=coordinator).exists()


def test_same_title_for_the_same_reason_is_refused_with_a_summary(as_user, coordinator, template):
    data = {"template-reason": Reason.NOT_IN_ADVICE, "template-title": "Niet in advies", "template-text": "Anders"}
    response = as_user(coordinator).post(LIST_URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert 'href="#id_template-title"' in response.content.decode()


def test_coordinator_changes_a_standard_motivation_and_it_is_audited(as_user, coordinator, template):
    data = {"template-reason": template.reason, "template-title": template.title, "template-text": "Nieuwe tekst."}
    as_user(coordinator).post(reverse("review:motivation_template", args=[template.pk]), data)
    template.refresh_from_db()
    assert template.text == "Nieuwe tekst."
    assert AuditEvent.objects.filter(action="motivation_template.update", actor=coordinator).exists()


def test_coordinator_removes_a_standard_motivation_and_it_is_audited(as_user, coordinator, template):
    as_user(coordinator).post(reverse("review:motivation_template_delete", args=[template.pk]))
    assert not MotivationTemplate.objects.filter(pk=template.pk).exists()
    assert AuditEvent.objects.filter(action="motivation_template.delete", actor=coordinator).exists()


def test_assessor_may_not_keep_standard_motivations(as_user, assessor):
    assert as_user(assessor).get(LIST_URL).status_code == 403


def test_coordinator_of_another_body_cannot_change_them(as_user, template, other_body):
    stranger = CoordinatorFactory(body=other_body)
    url = reverse("review:motivation_template", args=[template.pk])
    assert as_user(stranger).post(url, {"template-text": "x"}).status_code == 404


def test_decision_form_offers_the_standard_motivations_of_the_body(as_user, assessor, body, template):
    response = as_user(assessor).get(reverse("review:case", args=[assessing_case(body).public_id]))
    assert f'<option value="{template.pk}">' in response.content.decode()


def test_using_a_standard_motivation_fills_the_motivation_and_keeps_the_rest(as_user, assessor, body, template):
    case = assessing_case(body)
    line = case.lines.get()
    data = {
        "decide-outcome": "refuse",
        f"decide-reason_{line.pk}": Reason.NOT_IN_ADVICE,
        "decide-motivation": "wat ik al typte",
        "motivation_template": template.pk,
    }
    response = use(as_user(assessor), case, data)
    form = response.context["forms"]["decide"]
    assert response.status_code == 200
    assert form["motivation"].value() == TEXT
    assert form["outcome"].value() == "refuse"
    assert form[f"reason_{line.pk}"].value() == Reason.NOT_IN_ADVICE


def test_using_a_standard_motivation_decides_nothing(as_user, assessor, body, template):
    case = assessing_case(body)
    use(as_user(assessor), case, {"decide-outcome": "grant", "motivation_template": template.pk})
    case.refresh_from_db()
    assert case.status == "assessment" and case.motivation == ""


def test_no_choice_returns_the_form_as_typed_with_a_summary(as_user, assessor, body, template):
    case = assessing_case(body)
    response = use(as_user(assessor), case, {"decide-motivation": "wat ik al typte", "motivation_template": ""})
    assert response.status_code == 400
    assert response.context["forms"]["decide"]["motivation"].value() == "wat ik al typte"
    assert 'href="#id_motivation_template"' in response.content.decode()


def test_a_standard_motivation_of_another_body_cannot_be_used(as_user, body, other_body):
    stranger = CoordinatorFactory(body=other_body)
    foreign = motivations.save_template(by=stranger, reason=Reason.OTHER, title="Elders", text="Geheim")
    own_assessor_case = assessing_case(body)
    assessor = CoordinatorFactory(body=body)
    response = use(as_user(assessor), own_assessor_case, {"motivation_template": foreign.pk})
    assert response.status_code == 400
    assert "Geheim" not in response.content.decode()
