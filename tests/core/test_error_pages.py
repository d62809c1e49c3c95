"""Pages for a missing page and a failure: in the site's frame, in Dutch, with a way back."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_missing_page_is_a_styled_dutch_page_with_a_way_back_when_the_address_is_wrong(client):
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and 'href="/"' in html and "site.css" in html


def test_failure_page_is_dutch_with_a_way_back_when_rendered_without_a_request():
    html = render_to_string("500.html")
    assert "Sorry, er is een probleem met deze dienst" in html and 'href="/"' in html
