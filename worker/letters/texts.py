"""The letter texts live with the cases (regeling/applications/lettertexts.py): the PDF here and
the HTML twin on the web are made from the same blocks."""

from regeling.applications.lettertexts import (
    Block,
    BlockKind,
    amounts_table,
    engine,
    letter_blocks,
    longdate,
    template_name,
)

__all__ = ["Block", "BlockKind", "amounts_table", "engine", "letter_blocks", "longdate", "template_name"]
