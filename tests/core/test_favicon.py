"""Every page names its icon, so browsers do not ask for a /favicon.ico that is not there (a 404 per page)."""

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_every_page_names_an_icon_that_collectstatic_finds(client, db):
    page = client.get(reverse("accessibility")).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert "<svg" in open(finders.find("img/favicon.svg"), encoding="utf-8").read()
