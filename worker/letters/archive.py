"""PDF/A-2 for the letters (ISO 19005-2, level A with the tagging of tagging.py): XMP metadata
that agrees with the Info dictionary, an sRGB output intent, and fixed dates.

Every date in the file is the letter's own date, so rendering the same letter again gives
the same bytes and its stored SHA-256 still matches.
"""

from datetime import date, datetime, time
from functools import cache
from hashlib import md5
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import pikepdf
import reportlab
from pikepdf import Array, Dictionary, Name, String
from PIL import ImageCms

from .tagging import utf16

PRODUCER = f"ReportLab {reportlab.Version}; pikepdf {pikepdf.__version__}"
CREATOR = "regeling"
# The body writes in Dutch time; the letter's date is midnight there.
LETTER_ZONE = ZoneInfo("Europe/Amsterdam")
SRGB = "sRGB IEC61966-2.1"
# The profile's own creation date (ICC header bytes 24-35): fixed, so its bytes never change.
PROFILE_DATE = bytes.fromhex("07ea00010001000000000000")  # 2026-01-01 00:00:00


@cache
def srgb_profile() -> bytes:
    """LittleCMS's sRGB profile (through Pillow), with a fixed date and its MD5 profile ID
    recomputed (ICC.1:2010 7.2.18), so the same bytes in every letter."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = PROFILE_DATE
    profile[84:100] = bytes(16)
    unhashed = bytearray(profile)
    unhashed[44:48] = bytes(4)  # profile flags
    unhashed[64:68] = bytes(4)  # rendering intent
    profile[84:100] = md5(bytes(unhashed), usedforsecurity=False).digest()
    return bytes(profile)


def letter_moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LETTER_ZONE)


def pdf_date(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def xmp(*, title: str, author: str, subject: str, languages: list[str], moment: datetime) -> bytes:
    stamp = moment.isoformat()
    language_items = "".join(f"<rdf:li>{escape(lang)}</rdf:li>" for lang in languages)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag>{language_items}</rdf:Bag></dc:language>
<pdf:Producer>{escape(PRODUCER)}</pdf:Producer>
<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
<xmp:CreateDate>{stamp}</xmp:CreateDate>
<xmp:ModifyDate>{stamp}</xmp:ModifyDate>
<xmp:MetadataDate>{stamp}</xmp:MetadataDate>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return packet.encode("utf-8")


def make_archival(pdf: pikepdf.Pdf, *, title: str, author: str, subject: str, languages: list[str], day: date):
    """Add the XMP metadata, the output intent and matching Info entries (PDF/A-2 6.2.3, 6.6)."""
    moment = letter_moment(day)
    metadata = pdf.make_stream(
        xmp(title=title, author=author, subject=subject, languages=languages, moment=moment),
        Type=Name.Metadata,
        Subtype=Name.XML,
    )
    pdf.Root.Metadata = metadata
    profile = pdf.make_stream(srgb_profile(), N=3)
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier=String(SRGB),
                Info=String(SRGB),
                DestOutputProfile=profile,
            )
        ]
    )
    stamp = String(pdf_date(moment))
    info = Dictionary(
        Title=utf16(title),
        Author=utf16(author),
        Subject=utf16(subject),
        Creator=String(CREATOR),
        Producer=String(PRODUCER),
        CreationDate=stamp,
        ModDate=stamp,
    )
    pdf.trailer.Info = pdf.make_indirect(info)
