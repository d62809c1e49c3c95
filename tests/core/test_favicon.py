"""Every page names its icon, so browsers do not ask for a /favicon.ico that is not there (a 404 per page)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_every_page_names_an_icon_that_collectstatic_finds(client, db):
    page = client.get(reverse("accessibility")).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert "<svg" in Path(finders.find("img/favicon.svg")).read_text(encoding="utf-8")
