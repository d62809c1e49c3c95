"""Hostile uploads: scripted or attached PDFs, image bombs and the clamd hook."""

import io
import socket
import struct
import threading
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from regeling.core.filescan import ScannerUnavailable, check_hostile

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _pdf(configure=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if configure:
        configure(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def _png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR claims a huge size: decoding it would need gigabytes."""
    data = _png(1, 1)
    ihdr = struct.pack("!IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return data[:8] + struct.pack("!I", 13) + chunk + struct.pack("!I", zlib.crc32(chunk)) + data[33:]


def test_plain_pdf_passes_when_it_has_no_actions():
    check_hostile(_pdf(), "application/pdf")


def test_pdf_refused_when_it_has_javascript():
    with pytest.raises(ValidationError) as error:
        check_hostile(_pdf(lambda w: w.add_open_action(JavaScript("app.alert('x');"))), "application/pdf")
    assert error.value.code == "hostile_pdf"


def test_pdf_refused_when_it_has_an_embedded_file():
    with pytest.raises(ValidationError) as error:
        check_hostile(_pdf(lambda w: w.add_attachment("a.exe", b"MZ")), "application/pdf")
    assert error.value.code == "hostile_pdf"


def test_pdf_refused_when_the_javascript_name_is_obfuscated():
    data = _pdf(lambda w: w.add_open_action(JavaScript("app.alert('x');")))
    data = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")
    with pytest.raises(ValidationError):
        check_hostile(data, "application/pdf")


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand, with a correct cross-reference table."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_pdf_refused_when_the_script_hides_in_a_compressed_object_stream():
    hidden = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    packed = zlib.compress(b"10 0 " + hidden)
    object_stream = b"<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
    data = _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            object_stream + packed + b"\nendstream",
        ]
    )
    assert b"JavaScript" not in data
    with pytest.raises(ValidationError) as error:
        check_hostile(data, "application/pdf")
    assert error.value.code == "hostile_pdf"


def test_pdf_passes_when_a_compressed_image_stream_happens_to_hold_name_like_bytes():
    noise = b"\x00/JS\x00/AA\x00" * 3
    data = _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Type /XObject /Subtype /Image /Length %d >>\nstream\n" % len(noise) + noise + b"\nendstream",
        ]
    )
    check_hostile(data, "application/pdf")


def test_pdf_refused_when_it_cannot_be_read():
    with pytest.raises(ValidationError) as error:
        check_hostile(b"%PDF-1.7\nnonsense", "application/pdf")
    assert error.value.code == "broken_pdf"


def _plain_raw_pdf() -> bytes:
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ]
    )


def _flate_stream(number: int, content: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(content, 9)
    header = b"%d 0 obj\n<< %s/Filter /FlateDecode /Length %d >>\nstream\n" % (number, extra, len(packed))
    return header + packed + b"\nendstream\nendobj\n"


def test_pdf_refused_when_a_script_hides_in_an_object_stream_the_xref_does_not_list():
    hidden = _flate_stream(9, b"10 0 << /S /JavaScript /JS (app.alert(1)) >>", b"/Type /ObjStm /N 1 /First 5 ")
    with pytest.raises(ValidationError) as error:
        check_hostile(_plain_raw_pdf() + hidden, "application/pdf")
    assert error.value.code == "hostile_pdf"


def test_pdf_refused_when_its_streams_inflate_past_the_bound(settings):
    settings.PDF_MAX_INFLATED_BYTES = 1_000_000
    bomb = _flate_stream(9, b"\0" * 5_000_000)  # 5 MB of zeros packs into a few kilobytes
    assert len(bomb) < 10_000
    with pytest.raises(ValidationError) as error:
        check_hostile(_plain_raw_pdf() + bomb, "application/pdf")
    assert error.value.code == "pdf_too_large_unpacked"


def test_pdf_passes_when_its_streams_inflate_within_the_bound(settings):
    settings.PDF_MAX_INFLATED_BYTES = 1_000_000
    check_hostile(_plain_raw_pdf() + _flate_stream(9, b"\0" * 500_000), "application/pdf")


def test_pdf_refused_with_a_message_when_the_pdf_library_reaches_one_of_its_limits():
    too_long = b"[" + b"0 " * 100_001 + b"]"  # pypdf raises LimitReachedError past 100,000 elements
    data = _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Junk %s >>" % too_long,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ]
    )
    with pytest.raises(ValidationError) as error:
        check_hostile(data, "application/pdf")
    assert error.value.code == "broken_pdf"


def test_image_passes_when_it_is_an_ordinary_photo():
    check_hostile(_png(64, 48), "image/png")


def test_image_refused_before_decoding_when_its_header_claims_huge_pixels():
    bomb = _png_header_claiming(100_000, 100_000)
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as error:
        check_hostile(bomb, "image/png")
    assert error.value.code == "image_too_large"


def test_image_refused_when_it_exceeds_the_configured_limit(settings):
    settings.MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ValidationError) as error:
        check_hostile(_png(100, 100), "image/png")
    assert error.value.code == "image_too_large"


class FakeClamd:
    """A loopback server speaking clamd's INSTREAM protocol: length-prefixed chunks, zero ends."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read_exactly(self, conn, size):
        buffer = b""
        while len(buffer) < size:
            part = conn.recv(size - len(buffer))
            if not part:
                raise ConnectionError
            buffer += part
        return buffer

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = self._read_exactly(conn, len(b"zINSTREAM\0"))
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    (size,) = struct.unpack("!L", self._read_exactly(conn, 4))
                    if size == 0:
                        break
                    data += self._read_exactly(conn, size)
                self.received.append(data)
                verdict = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in data else b"stream: OK\0"
                conn.sendall(verdict)

    def close(self):
        self.server.close()


@pytest.fixture
def clamd(settings):
    server = FakeClamd()
    settings.CLAMD_HOST = "127.0.0.1"
    settings.CLAMD_PORT = server.port
    yield server
    server.close()


def test_file_refused_when_clamd_finds_a_virus(clamd):
    with pytest.raises(ValidationError) as error:
        check_hostile(b"prefix " + EICAR, "text/plain")
    assert error.value.code == "virus"


def test_file_streamed_whole_to_clamd_when_it_is_clean(clamd):
    data = _png(400, 300) + b"\0" * 200_000  # several INSTREAM chunks
    check_hostile(data, "application/octet-stream")
    assert clamd.received == [data]


def test_file_refused_when_clamd_is_configured_but_unreachable(settings):
    with socket.create_server(("127.0.0.1", 0)) as unused:
        port = unused.getsockname()[1]
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", port
    with pytest.raises(ScannerUnavailable):
        check_hostile(b"hello", "text/plain")


def test_scan_skipped_when_clamd_is_not_configured(settings):
    settings.CLAMD_HOST, settings.CLAMD_SOCKET = "", ""
    check_hostile(EICAR, "text/plain")
