import pytest

from tests.factories import ApplicationFactory, AssessorFactory, OfficeholderFactory, OrganisationFactory


@pytest.fixture
def body(db):
    return OrganisationFactory(name="Gemeente Teststad")


@pytest.fixture
def officeholder(body):
    return OfficeholderFactory(organisation=body, first_name="Wim", last_name="de Wethouder")


@pytest.fixture
def assessor(body):
    return AssessorFactory(organisation=body)


@pytest.fixture
def second_assessor(body):
    return AssessorFactory(organisation=body, first_name="Tom")


@pytest.fixture
def submitted_application(officeholder):
    return ApplicationFactory(applicant=officeholder, submitted=True)
