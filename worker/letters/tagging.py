"""Tagged PDF (PDF/UA-1) for ReportLab: the structure tree, marked content and artifacts.

ReportLab has no tagging of its own, so this module adds it in three steps:

1. While the story is built, each flowable that shows content is wrapped in `Tagged`
   with the structure `Element` it belongs to (a paragraph, a heading, a table cell);
   the elements form the tree in reading order, whatever the order of drawing.
2. While the pages are drawn, `Tagged.drawOn` brackets the flowable's drawing in a
   marked-content sequence (`/P <</MCID n>> BDC ... EMC`) and records which element
   owns MCID n on this page. Decoration (letterhead, footer, page numbers, table rules,
   a repeated table header) is drawn inside `artifact(...)`.
3. After ReportLab has written the file, `write_structure` adds the StructTreeRoot,
   ParentTree, RoleMap, page /StructParents, MarkInfo, Lang and ViewerPreferences with
   pikepdf.

Nothing here knows letters: a new flowable is tagged by wrapping it, a new element type
by naming its role (a non-standard one needs an entry in ROLE_MAP).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.platypus import Flowable, Table

# Our own structure types and the standard type each one is (PDF 1.7, 14.8.4).
ROLE_MAP = {"Signature": "Div"}
# Table header cells (TH) carry a scope (PDF 1.7, table 14.8.5.7).
COLUMN, ROW = "Column", "Row"


@dataclass(frozen=True)
class MarkedContent:
    page: int
    mcid: int


@dataclass(eq=False)
class Element:
    """A structure element: its role, children in reading order, and optional attributes."""

    role: str
    lang: str = ""
    scope: str = ""  # only for TH
    actual_text: str = ""
    kids: list = field(default_factory=list)  # Element | MarkedContent

    def add(self, role: str, **kwargs) -> "Element":
        child = Element(role, **kwargs)
        self.kids.append(child)
        return child

    def has_content(self) -> bool:
        return any(isinstance(kid, MarkedContent) or kid.has_content() for kid in self.kids)


class MarkedContentRecorder:
    """Per canvas: the next MCID of the current page and which element owns each MCID.

    The canvas calls `new_page` when it starts a page; `Tagged` calls `begin`/`end`.
    """

    def __init__(self):
        self.owners: list[list[Element]] = [[]]  # per page, by MCID

    @property
    def page(self) -> int:
        return len(self.owners) - 1

    def new_page(self) -> None:
        self.owners.append([])

    def begin(self, canvas, element: Element) -> None:
        mcid = len(self.owners[-1])
        self.owners[-1].append(element)
        first = not any(isinstance(kid, MarkedContent) for kid in element.kids)
        element.kids.append(MarkedContent(self.page, mcid))
        properties = f"/MCID {mcid}"
        if element.actual_text:
            # Also here, not only on the element: text extractors read the property list.
            # A continuation on the next page says nothing (the first part said it all).
            properties += f" /ActualText {hex_text(element.actual_text if first else '')}"
        canvas.addLiteral(f"/{element.role} <<{properties}>> BDC")

    @staticmethod
    def end(canvas) -> None:
        canvas.addLiteral("EMC")


@contextmanager
def artifact(canvas, kind: str = "Layout", subtype: str = ""):
    """Draw decoration that is not part of the text: screen readers skip it (PDF/UA-1 7.1)."""
    properties = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
    canvas.addLiteral(f"/Artifact <<{properties}>> BDC")
    yield
    canvas.addLiteral("EMC")


def recorder_of(canvas) -> MarkedContentRecorder | None:
    return getattr(canvas, "tags", None)


class Tagged(Flowable):
    """A flowable whose drawing belongs to `element` (or is an artifact when element is None).

    Splitting keeps the element: a paragraph split over two pages is one P with a marked
    content sequence on each page.
    """

    def __init__(self, element: Element | None, content: Flowable):
        super().__init__()
        self.element, self.content = element, content
        for name in ("hAlign", "vAlign", "spaceBefore", "spaceAfter"):
            if hasattr(content, name):
                setattr(self, name, getattr(content, name))

    def __getattr__(self, name):
        # Only for what Flowable itself lacks (getPlainText, style, ...).
        if name == "content":
            raise AttributeError(name)
        return getattr(self.content, name)

    def wrap(self, available_width, available_height):
        self.width, self.height = self.content.wrap(available_width, available_height)
        return self.width, self.height

    def wrapOn(self, canvas, available_width, available_height):  # noqa: N802 (ReportLab's name)
        self.width, self.height = self.content.wrapOn(canvas, available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return [Tagged(self.element, part) for part in self.content.split(available_width, available_height)]

    def splitOn(self, canvas, available_width, available_height):  # noqa: N802
        return [Tagged(self.element, part) for part in self.content.splitOn(canvas, available_width, available_height)]

    def minWidth(self):  # noqa: N802
        return self.content.minWidth()

    def getSpaceBefore(self):  # noqa: N802
        return self.content.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802
        return self.content.getSpaceAfter()

    def getKeepWithNext(self):  # noqa: N802
        return self.content.getKeepWithNext()

    def as_artifact(self) -> "Tagged":
        return Tagged(None, self.content)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802
        recorder = recorder_of(canvas)
        if recorder is None:
            self.content.drawOn(canvas, x, y, _sW)
        elif self.element is None:
            with artifact(canvas, "Pagination"):
                self.content.drawOn(canvas, x, y, _sW)
        else:
            recorder.begin(canvas, self.element)
            self.content.drawOn(canvas, x, y, _sW)
            recorder.end(canvas)


class TaggedTable(Table):
    """A Table whose cells are `Tagged`: rules and backgrounds are artifacts, and a header
    row repeated on the next page is an artifact too (its cells are read once)."""

    def _drawBkgrnd(self):  # noqa: N802
        with artifact(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self):  # noqa: N802
        with artifact(self.canv):
            super()._drawLines()

    def _splitRows(self, availHeight, doInRowSplit=0):  # noqa: N802, N803
        parts = super()._splitRows(availHeight, doInRowSplit=doInRowSplit)
        repeated = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        for part in parts[1:]:
            # New row lists: the first part shares the original header row.
            for index in range(repeated):
                part._cellvalues[index] = [as_artifact(cell) for cell in part._cellvalues[index]]
        return parts


def as_artifact(cell):
    """A table cell (a flowable, or the tuple of flowables ReportLab makes of it) drawn as an artifact."""
    if isinstance(cell, Tagged):
        return cell.as_artifact()
    if isinstance(cell, tuple | list):
        return cell.__class__(as_artifact(part) for part in cell)
    return cell


# -- the structure tree in the file ---------------------------------------------------


def utf16(text: str) -> String:
    """A PDF text string that survives any script (UTF-16BE with a byte order mark)."""
    return String(b"\xfe\xff" + text.encode("utf-16-be"))


def hex_text(text: str) -> str:
    """The same as a literal for a content stream: <FEFF...>."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def write_structure(pdf: pikepdf.Pdf, root: Element, recorder: MarkedContentRecorder, *, lang: str):
    """Add the structure tree of `root` and the catalog entries of a tagged PDF to `pdf`."""
    pages = list(pdf.pages)
    parents: list[list[pikepdf.Object | None]] = [[None] * len(owners) for owners in recorder.owners]
    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def build(element: Element, parent) -> pikepdf.Object | None:
        if not element.has_content():
            return None
        # Every key at once: each separate assignment is a call into qpdf.
        entries = {"/Type": Name.StructElem, "/S": Name("/" + element.role), "/P": parent}
        home = next((kid.page for kid in element.kids if isinstance(kid, MarkedContent)), None)
        if home is not None:
            entries["/Pg"] = pages[home].obj
        if element.lang:
            entries["/Lang"] = String(element.lang)
        if element.actual_text:
            entries["/ActualText"] = utf16(element.actual_text)
        if element.scope:
            entries["/A"] = Dictionary(O=Name.Table, Scope=Name("/" + element.scope))
        node = pdf.make_indirect(Dictionary(entries))
        kids: list[int | pikepdf.Object] = []  # an MCID on the home page, or a reference
        for kid in element.kids:
            if isinstance(kid, MarkedContent):
                parents[kid.page][kid.mcid] = node
                if kid.page == home:
                    kids.append(kid.mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=pages[kid.page].obj, MCID=kid.mcid))
            elif (child := build(kid, node)) is not None:
                kids.append(child)
        # One kid is written bare (a heading's MCID), as most producers do.
        node.K = kids[0] if len(kids) == 1 else Array(kids)
        return node

    document = build(root, tree_root)
    if any(owner is None for owners in parents for owner in owners):
        raise ValueError("marked content of an element outside the structure tree")
    tree_root.K = Array([document] if document is not None else [])
    nums: list[int | pikepdf.Object] = []  # the number tree: page index, then the owners of its MCIDs
    for index, page in enumerate(pages):
        page.obj.StructParents = index
        # Tab order follows the structure (PDF/UA-1 7.18.3).
        page.obj.Tabs = Name.S
        nums += [index, Array(parents[index] if index < len(parents) else [])]
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    tree_root.ParentTreeNextKey = len(pages)
    tree_root.RoleMap = Dictionary({"/" + role: Name("/" + standard) for role, standard in ROLE_MAP.items()})

    catalog = pdf.Root
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(lang)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
