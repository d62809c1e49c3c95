"""Hostile-upload checks that run before a file is accepted.

`check_hostile(data, content_type)` refuses PDFs that carry scripts, automatic
actions or embedded files, images whose pixel count would exhaust memory
(read from the header, before any decoding), and, when clamd is configured
(settings.CLAMD_SOCKET or CLAMD_HOST), anything the virus scanner flags.
Each refusal is a ValidationError with a message for the uploader.
"""

import io
import re
import socket
import struct
import warnings
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

# 40 megapixels covers any phone photo or scan; a bomb claims far more.
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
# PDF keys that run code, open other programs or carry other files.
HOSTILE_PDF_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/OpenAction", "/Launch", "/EmbeddedFile", "/EmbeddedFiles"})
# Names may be written with #xx escapes (/J#61vaScript) to slip past byte searches.
_PDF_NAME = re.compile(rb"/[A-Za-z0-9#]+")
# Stream bodies are compressed binary; searching them for names gives false alarms.
_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_CLAMD_CHUNK = 64 * 1024
# All compressed streams of one PDF together may unpack to at most this (a scan of 100 pages is far less).
DEFAULT_PDF_MAX_INFLATED_BYTES = 200 * 1024 * 1024
_INFLATE_STEP = 1024 * 1024


class ScannerUnavailable(ValidationError):
    """clamd is configured but cannot be reached: refuse rather than accept unscanned."""


def check_hostile(data: bytes, content_type: str) -> None:
    """Raise ValidationError when `data` is not safe to store and hand to staff."""
    if content_type == "application/pdf" or data.startswith(b"%PDF"):
        _check_pdf(data)
    elif content_type.startswith("image/"):
        _check_image(data)
    _scan_for_viruses(data)


def _refuse_pdf() -> ValidationError:
    return ValidationError(
        _("This PDF contains scripts, automatic actions or attached files. Please upload a plain PDF."),
        code="hostile_pdf",
    )


def _decoded_names(raw: bytes) -> set[str]:
    """Every /Name in the raw bytes, with #xx escapes decoded."""
    names = set()
    for match in _PDF_NAME.findall(raw):
        decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match)
        names.add(decoded.decode("latin-1"))
    return names


def _refuse_unreadable_pdf() -> ValidationError:
    return ValidationError(_("This PDF cannot be read. Please upload a different file."), code="broken_pdf")


def _refuse_inflating_pdf() -> ValidationError:
    return ValidationError(
        _("This PDF unpacks to far more data than a document needs. Please upload a different file."),
        code="pdf_too_large_unpacked",
    )


def _inflated(packed: bytes, budget: int, keep: bool) -> tuple[int, bytes]:
    """Decompress a Flate stream step by step, refusing as soon as it grows past `budget` bytes
    (a zip bomb); returns its size, and its bytes when `keep` (object streams only)."""
    inflater, size, kept = zlib.decompressobj(), 0, bytearray()
    chunk = inflater.decompress(packed, _INFLATE_STEP)
    while True:
        size += len(chunk)
        if size > budget:
            raise _refuse_inflating_pdf()
        if keep:
            kept += chunk
        if not inflater.unconsumed_tail:
            return size, bytes(kept)
        chunk = inflater.decompress(inflater.unconsumed_tail, _INFLATE_STEP)


def _scan_raw_streams(data: bytes) -> None:
    """Inflate every Flate stream in the raw bytes, whether or not the xref lists it: the total
    must stay under PDF_MAX_INFLATED_BYTES, and no object stream may hold a hostile name."""
    budget = getattr(settings, "PDF_MAX_INFLATED_BYTES", DEFAULT_PDF_MAX_INFLATED_BYTES)
    for match in _STREAM_BODY.finditer(data):
        header = data[max(0, match.start() - 1024) : match.start()]
        header = header[header.rfind(b"obj") + 3 :] if b"obj" in header else header
        names = _decoded_names(header)
        if "/FlateDecode" not in names and "/Fl" not in names:
            continue
        body = match.group(0).split(b"\n", 1)[1].rsplit(b"endstream", 1)[0]
        is_object_stream = "/ObjStm" in names
        try:
            size, decoded = _inflated(body, budget, keep=is_object_stream)
        except zlib.error:
            continue  # not inflatable raw: pypdf reads it below (and fails closed if it cannot)
        budget -= size
        if is_object_stream and _decoded_names(decoded) & HOSTILE_PDF_KEYS:
            raise _refuse_pdf()


def _check_pdf(data: bytes) -> None:
    # The raw scan catches names hidden in objects pypdf does not walk (unreferenced
    # or in broken cross-reference tables); every compressed stream is inflated under a bound.
    if _decoded_names(_STREAM_BODY.sub(b"stream endstream", data)) & HOSTILE_PDF_KEYS:
        raise _refuse_pdf()
    _scan_raw_streams(data)
    # Fail closed: any error or limit of the PDF library refuses the file (never a 500, never stored).
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("This PDF is protected with a password. Please upload it without protection."),
                    code="encrypted_pdf",
                )
            objects = [reader.trailer["/Root"]]
            objects.extend(_all_objects(reader))
            for obj in objects:
                if isinstance(obj, DictionaryObject) and HOSTILE_PDF_KEYS & set(obj.keys()):
                    raise _refuse_pdf()
                if _is_object_stream(obj) and _stream_names(obj) & HOSTILE_PDF_KEYS:
                    raise _refuse_pdf()
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf's LimitReachedError, parse errors, recursion: all refuse
        raise _refuse_unreadable_pdf() from exc


def _all_objects(reader: PdfReader):
    """Every indirect object in the file, including those inside object streams."""
    seen = set()
    for generation, numbers in reader.xref.items():
        for number in numbers:
            seen.add((number, generation))
    for number in reader.xref_objStm:
        seen.add((number, 0))
    for number, generation in sorted(seen):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is not None:
            yield obj
            if isinstance(obj, ArrayObject):
                yield from (item.get_object() for item in obj)


def _is_object_stream(obj) -> bool:
    return isinstance(obj, DictionaryObject) and obj.get("/Type") == "/ObjStm" and hasattr(obj, "get_data")


def _stream_names(stream) -> set[str]:
    """Names inside a decompressed object stream; an undecodable one raises (and the PDF is refused)."""
    return _decoded_names(stream.get_data())


def _check_image(data: bytes) -> None:
    limit = getattr(settings, "MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)
    try:
        # Image.open reads only the header; nothing is decoded until load().
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse_image() from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(
            _("This image cannot be read. Please upload a different file."), code="broken_image"
        ) from exc
    if width * height * max(frames, 1) > limit:
        raise _refuse_image()


def _refuse_image() -> ValidationError:
    return ValidationError(
        _("This image is too large in pixels. Please upload a smaller photo or scan."), code="image_too_large"
    )


def _scan_for_viruses(data: bytes) -> None:
    """Stream the bytes to clamd (INSTREAM) when a scanner is configured."""
    socket_path = getattr(settings, "CLAMD_SOCKET", "")
    host = getattr(settings, "CLAMD_HOST", "")
    if not socket_path and not host:
        return
    try:
        if socket_path:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address = socket_path
        else:
            connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (host, getattr(settings, "CLAMD_PORT", 3310))
        with connection:
            connection.settimeout(getattr(settings, "CLAMD_TIMEOUT", 30))
            connection.connect(address)
            reply = _instream(connection, data)
    except OSError as exc:
        raise ScannerUnavailable(
            _("The virus scanner is not available. Please try again later."), code="scanner_unavailable"
        ) from exc
    if reply.endswith("FOUND"):
        raise ValidationError(_("This file contains a virus and was refused."), code="virus")
    if not reply.endswith("OK"):
        raise ScannerUnavailable(
            _("The virus scanner could not check this file. Please try again later."), code="scanner_error"
        )


def _instream(connection: socket.socket, data: bytes) -> str:
    """clamd's INSTREAM: length-prefixed chunks, a zero length ends the stream."""
    connection.sendall(b"zINSTREAM\0")
    for start in range(0, len(data), _CLAMD_CHUNK):
        chunk = data[start : start + _CLAMD_CHUNK]
        connection.sendall(struct.pack("!L", len(chunk)) + chunk)
    connection.sendall(struct.pack("!L", 0))
    reply = b""
    while not reply.endswith(b"\0"):
        part = connection.recv(4096)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
