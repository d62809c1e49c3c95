"""Uploads are scanned by a real clamd through its socket: EICAR in a PDF is refused, a clean PDF passes."""

import pytest
from django.core.exceptions import ValidationError

from regeling.core.checks import virus_scanner_configured
from regeling.core.filescan import check_hostile
from tests.security.clamd import EICAR, start_clamd
from tests.security.test_filescan import _pdf


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory):
    process, socket_path = start_clamd(tmp_path_factory.mktemp("clamd"))
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def scanner(settings, clamd_socket):
    settings.CLAMD_SOCKET, settings.CLAMD_HOST = clamd_socket, ""
    return clamd_socket


def test_pdf_refused_when_it_carries_the_eicar_test_virus(scanner):
    infected = _pdf() + b"%" + EICAR + b"\n"  # after %%EOF: still a readable PDF
    with pytest.raises(ValidationError) as error:
        check_hostile(infected, "application/pdf")
    assert error.value.code == "virus"


def test_pdf_accepted_when_clamd_finds_nothing(scanner):
    check_hostile(_pdf(), "application/pdf")


def test_deploy_check_warns_when_no_scanner_is_configured(settings):
    settings.CLAMD_SOCKET, settings.CLAMD_HOST = "", ""
    assert [warning.id for warning in virus_scanner_configured(None)] == ["regeling.W102"]


def test_deploy_check_quiet_when_a_scanner_is_configured(settings):
    settings.CLAMD_SOCKET = "/run/clamav/clamd.ctl"
    assert virus_scanner_configured(None) == []
