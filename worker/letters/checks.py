"""Machine checks of a letter PDF: the PDF/UA-1 subset of the `pdfua` package, and our own
assertions on the tagging (PDF/UA-1 7.1-7.5) and on PDF/A-2 (ISO 19005-2 6.2-6.8).

The tests run these on every letter kind; `make check-letter LETTER=<id or file>` runs
them on a stored letter (and checks its SHA-256 against the one recorded).

    python -m worker.letters.checks 123        # a stored letter, by id
    python -m worker.letters.checks brief.pdf  # any file
"""

import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

STANDARD_ROLES = set(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
# Operators that put something on the page (text, paths, images, shadings).
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh"}
XMP_EXPECTED = ("pdfaid:part>2<", "pdfaid:conformance>A<", "pdfuaid:part>1<", "<dc:title>", "<dc:language>")


@dataclass
class Content:
    """Text of one marked-content sequence, with its /ActualText when it has one."""

    text: str
    actual_text: str | None


# -- reading the file ------------------------------------------------------------------


def to_unicode_map(font) -> dict[int, str]:
    """The font's ToUnicode CMap as code -> text (bfchar and bfrange, one-byte codes)."""
    mapping: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return mapping
    data = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int.from_bytes(bytes.fromhex(start), "big")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def page_contents(page) -> tuple[dict[int, Content], list[str]]:
    """The text of each MCID on `page`, and what is painted outside any marked content."""
    fonts = {}
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
        fonts[name] = to_unicode_map(font)
    contents: dict[int, Content] = {}
    stack: list[int | None] = []  # the MCID of each open sequence (None: an artifact or a plain span)
    outside: list[str] = []
    current_font: dict[int, str] = {}

    def owner() -> int | None:
        return next((mcid for mcid in reversed(stack) if mcid is not None), None)

    def show(raw: bytes):
        mcid = owner()
        if mcid is not None and mcid >= 0:
            contents[mcid].text += "".join(current_font.get(byte, "\ufffd") for byte in raw)

    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BDC", "BMC"):
            tag, properties = operands[0], operands[1] if len(operands) > 1 else None
            mcid = None
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                mcid = int(properties.MCID)
                actual = str(properties.ActualText) if "/ActualText" in properties else None
                contents[mcid] = Content("", actual)
            # -1: nothing inside an artifact belongs to the text.
            stack.append(-1 if tag == Name.Artifact else mcid)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf":
            current_font = fonts.get(str(operands[0]), {})
        elif op in PAINTING and not stack:
            outside.append(op)
        if op in ("Tj", "'", '"'):
            show(bytes(operands[-1]))
            if op != "Tj":
                show(b"\n")
        elif op == "TJ":
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    show(bytes(item))
        elif op in ("T*", "Td", "TD", "ET"):
            mcid = owner()
            if mcid is not None and mcid >= 0:
                contents[mcid].text += " "
    return {mcid: content for mcid, content in contents.items() if mcid >= 0}, outside


def structure_text(pdf: pikepdf.Pdf) -> list[tuple[str, str]]:
    """(role, text) of every leaf of the structure tree in reading order, as assistive
    technology reads it: /ActualText where given, otherwise the glyphs' Unicode text.
    Line breaks and runs of spaces count as one space."""
    pages = {page.obj.objgen: page for page in pdf.pages}
    per_page: dict[tuple, dict[int, Content]] = {}

    def mcid_text(page_obj, mcid: int) -> str:
        key = page_obj.objgen
        if key not in per_page:
            per_page[key] = page_contents(pages[key])[0]
        content = per_page[key].get(mcid)
        if content is None:
            return ""
        return content.actual_text if content.actual_text is not None else content.text

    result: list[tuple[str, str]] = []

    def visit(node, page_obj):
        role = str(node.get("/S", "/"))[1:]
        page_obj = node.get("/Pg", page_obj)
        if "/ActualText" in node:
            result.append((role, " ".join(str(node.ActualText).split())))
            return
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        texts = []
        for kid in kids:
            if isinstance(kid, int):
                texts.append(mcid_text(page_obj, kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.MCR:
                texts.append(mcid_text(kid.get("/Pg", page_obj), int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary):
                visit(kid, page_obj)
        if texts:
            result.append((role, " ".join(" ".join(texts).split())))

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        for kid in kids:
            visit(kid, None)
    return result


def words(text: str) -> list[str]:
    return text.split()


# -- the checks ------------------------------------------------------------------------


def pdfua_problems(pdf_bytes: bytes) -> list[str]:
    """Findings of the `pdfua` package (errors and warnings), and rules it could not run."""
    from pdfua import validate  # noqa: PLC0415 - slow to import; only the checks need it

    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf_bytes)
        file.flush()
        report = validate(file.name)
    problems = [f"pdfua {f.rule_id}: {f.message}" for f in report.findings if f.severity.name != "INFO"]
    problems += [f"pdfua {o.rule_id} could not run: {o.skipped_reason}" for o in report.skipped]
    return problems


def tagging_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Our own PDF/UA-1 assertions, beyond the pdfua package's subset."""
    problems = []
    root = pdf.Root
    if root.get("/MarkInfo", pikepdf.Dictionary()).get("/Marked") is not True:
        problems.append("/MarkInfo /Marked is not true")
    if "/Lang" not in root:
        problems.append("no /Lang in the catalog")
    if root.get("/ViewerPreferences", pikepdf.Dictionary()).get("/DisplayDocTitle") is not True:
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    if not str(pdf.docinfo.get("/Title", "")):
        problems.append("no /Title")
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return [*problems, "no StructTreeRoot"]
    role_map = {str(k)[1:]: str(v)[1:] for k, v in tree.get("/RoleMap", {}).items()}
    owners = {}
    for key, parents in _pairs(tree.ParentTree.Nums):
        owners[key] = parents
    roles_seen = []
    for element in _elements(tree):
        role = str(element.S)[1:]
        standard = role_map.get(role, role)
        roles_seen.append(standard)
        if standard not in STANDARD_ROLES:
            problems.append(f"structure type {role} is not standard and not in the RoleMap")
        if standard == "TH" and "/Scope" not in element.get("/A", {}):
            problems.append("a TH without a Scope")
    headings = [role for role in roles_seen if re.fullmatch(r"H[1-6]", role)]
    if headings and headings[0] != "H1":
        problems.append(f"the first heading is {headings[0]}, not H1")
    for index, page in enumerate(pdf.pages, start=1):
        contents, outside = page_contents(page)
        if outside:
            problems.append(f"page {index}: {len(outside)} painting operator(s) outside marked content")
        key = page.obj.get("/StructParents")
        if key is None:
            problems.append(f"page {index}: no /StructParents")
            continue
        parents = owners.get(int(key))
        for mcid in contents:
            if parents is None or mcid >= len(parents) or not isinstance(parents[mcid], pikepdf.Dictionary):
                problems.append(f"page {index}: MCID {mcid} has no structure element in the ParentTree")
    problems += font_problems(pdf)
    return problems


def archive_problems(pdf: pikepdf.Pdf) -> list[str]:
    """PDF/A-2 assertions: XMP that matches Info, the output intent, no encryption, dates."""
    problems = []
    if pdf.is_encrypted:
        problems.append("encrypted")
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return [*problems, "no XMP metadata"]
    if "/Filter" in metadata:
        problems.append("the XMP metadata stream is compressed")
    xmp = metadata.read_bytes().decode("utf-8")
    problems += [f"XMP lacks {part}" for part in XMP_EXPECTED if part not in xmp]
    with pdf.open_metadata() as meta:
        info = pdf.docinfo
        pairs = {
            "dc:title": "/Title",
            "pdf:Producer": "/Producer",
            "xmp:CreatorTool": "/Creator",
            "xmp:CreateDate": "/CreationDate",
            "xmp:ModifyDate": "/ModDate",
        }
        for key, info_key in pairs.items():
            value, info_value = meta.get(key), info.get(info_key)
            if info_value is None:
                problems.append(f"Info {info_key} missing")
                continue
            info_text = _xmp_date(str(info_value)) if info_key.endswith("Date") else str(info_value)
            if str(value) != info_text:
                problems.append(f"XMP {key} ({value}) and Info {info_key} ({info_text}) differ")
        if str(meta.get("dc:language", "")) and str(pdf.Root.get("/Lang")) not in str(meta.get("dc:language")):
            problems.append("dc:language does not name the catalog /Lang")
    intents = pdf.Root.get("/OutputIntents", pikepdf.Array())
    if not any(intent.get("/S") == Name.GTS_PDFA1 and "/DestOutputProfile" in intent for intent in intents):
        problems.append("no PDF/A output intent with an ICC profile")
    elif int(intents[0].DestOutputProfile.get("/N", 0)) != 3:
        problems.append("the output intent's profile is not RGB")
    if "/ID" not in pdf.trailer:
        problems.append("no /ID in the trailer")
    for index, page in enumerate(pdf.pages, start=1):
        if "/Group" in page.obj or any("/SMask" in str(k) for k in page.obj.keys()):
            problems.append(f"page {index}: transparency group")
        if "/Annots" in page.obj:
            problems.append(f"page {index}: annotations")
    if "/JavaScript" in pdf.Root.get("/Names", {}) or "/OpenAction" in pdf.Root:
        problems.append("actions or JavaScript")
    return problems


def font_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every font embedded (no base-14 reference) with a ToUnicode map (PDF/A-2 6.2.11, PDF/UA-1 7.21)."""
    problems = []
    for page_number, page in enumerate(pdf.pages, start=1):
        fonts = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
        for name, font in fonts.items():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if not embedded:
                problems.append(f"page {page_number}: font {font.get('/BaseFont')} ({name}) is not embedded")
            if "/ToUnicode" not in font:
                problems.append(f"page {page_number}: font {font.get('/BaseFont')} ({name}) has no ToUnicode")
    return problems


def problems_of(pdf_bytes: bytes) -> list[str]:
    """Every problem the checks find; empty for a good letter."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        found = tagging_problems(pdf) + archive_problems(pdf)
    return found + pdfua_problems(pdf_bytes)


def _pairs(nums):
    items = list(nums)
    return [(int(items[i]), list(items[i + 1])) for i in range(0, len(items), 2)]


def _elements(node):
    kids = node.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != Name.MCR and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _xmp_date(pdf_date: str) -> str:
    """D:20261128000000+01'00' -> 2026-11-28T00:00:00+01:00."""
    match = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)'", pdf_date)
    if not match:
        return pdf_date
    y, mo, d, h, mi, s, sign, oh, om = match.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{sign}{oh}:{om}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m worker.letters.checks <letter id | file.pdf>", file=sys.stderr)
        return 2
    target = argv[0]
    if target.isdigit():
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regeling.settings.base")
        import django  # noqa: PLC0415 - a command line: set up Django before reading a letter

        django.setup()
        from .data import stored_pdf  # noqa: PLC0415 - reads models: only after django.setup()

        pdf_bytes, stored_sha, actual_sha = stored_pdf(int(target))
        print(f"letter {target}: SHA-256 {'matches' if stored_sha == actual_sha else 'DIFFERS from'} the stored one")
        problems = [] if stored_sha == actual_sha else ["SHA-256 differs from the stored one"]
    else:
        with open(target, "rb") as file:
            pdf_bytes = file.read()
        problems = []
    problems += problems_of(pdf_bytes)
    for problem in problems:
        print(f"FAIL {problem}")
    print("PASS: tagged PDF/UA-1 and PDF/A-2 checks" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
