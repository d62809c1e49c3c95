"""Letter data to Platypus flowables. User text is always escaped: markup in a
name or a motivation renders literally and fetches nothing."""

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from regeling.core.money import format_euros as euros

from . import styles


def text(value: str, style=styles.BODY) -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def build_story(data) -> list:
    story = [text(data.addressee_name), *[text(line) for line in data.address_lines], Spacer(0, 18)]
    story += [
        text(f"Datum: {data.letter_date:%d-%m-%Y}"),
        text(f"Kenmerk: {data.letter_reference}"),
        text(f"Zaaknummer: {data.case_reference}"),
        Spacer(0, 12),
        text("Onderwerp: besluit op uw aanvraag beveiligingsmaatregelen", styles.SUBJECT),
        text(f"Geachte {data.addressee_name},"),
        text(
            f"U hebt een vergoeding aangevraagd voor beveiligingsmaatregelen aan uw woning "
            f"(regeling versie {data.scheme_version}). Wij hebben als volgt besloten."
        ),
        measures_table(data),
        Spacer(0, 8),
        text("Motivering", styles.HEADING),
        text(data.motivation),
        text("Bezwaar", styles.HEADING),
        text(
            f"Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag van verzending "
            f"bezwaar maken bij {data.deciding_organ}, {data.body_postal_address}."
        ),
        Spacer(0, 12),
        text("Met vriendelijke groet,"),
        text(f"namens {data.deciding_organ}"),
    ]
    return story


def measures_table(data) -> Table:
    rows = [[text("Maatregel", styles.CELL), text("Gevraagd", styles.CELL_RIGHT), text("Toegekend", styles.CELL_RIGHT)]]
    rows += [
        [
            text(line.description, styles.CELL),
            text(euros(line.requested_cents), styles.CELL_RIGHT),
            text(euros(line.granted_cents), styles.CELL_RIGHT),
        ]
        for line in data.lines
    ]
    rows.append(
        [
            text("Totaal", styles.CELL),
            text(euros(data.requested_total_cents), styles.CELL_RIGHT),
            text(euros(data.granted_total_cents), styles.CELL_RIGHT),
        ]
    )
    table = Table(rows, colWidths=["60%", "20%", "20%"], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
