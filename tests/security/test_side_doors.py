"""No personal data by the side door: URLs carry random ids only, page titles name nobody."""

import re

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory
from tests.helpers import sign_in
from tests.security.authorization_world import url_patterns

# Everything a URL may carry: random public ids, numbers, step names, tokens, the admin's own ids.
SAFE_URL_PARAMETERS = {
    "public_id",
    "document_id",
    "number",
    "action",
    "uidb64",
    "token",
    "object_id",
    "content_type_id",
    "pk",
    "id",
    "app_label",
    "url",
    "chart",  # the name of one of the fixed charts of the figures pages, never a person
    "file_format",  # csv, xlsx or json on the figures pages
}


def test_url_parameters_are_ids_or_tokens_when_any_view_is_added():
    unexpected = {
        (key, parameter)
        for key, route in url_patterns()
        for parameter in re.findall(r"<(?:\w+:)?(\w+)>", route)
        if parameter not in SAFE_URL_PARAMETERS
    }
    assert unexpected == set(), "A URL parameter may be personal data; use the public_id (a UUID) instead."


@pytest.mark.django_db
def test_page_titles_name_no_person_or_home_when_a_case_is_shown(client, officeholder, assessor):
    case = ApplicationFactory(
        applicant=officeholder, in_assessment=True, address_line="Kerkstraat 12", postcode="9999 ZZ", city="Ergens"
    )
    personal = [officeholder.first_name, officeholder.last_name, "Kerkstraat", "9999 ZZ", "Ergens", officeholder.email]
    pages = [
        (officeholder, reverse("applications:detail", args=[case.public_id])),
        (assessor, reverse("review:case", args=[case.public_id])),
        (assessor, reverse("review:work_list")),
    ]
    for user, path in pages:
        client.logout()
        html = sign_in(client, user).get(path).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert not [word for word in personal if word in title], (path, title)
