"""The residence key: one home recognised however its address is written.

The cap of version A is per officeholder per residence (Stcrt. 2020, 49908), so an
application and an earlier reimbursement (typed in this system or imported from a
body's administration) must land on the same key for the same home. A Dutch address
is fixed by postcode, house number and addition (Wet BAG), so the key is a keyed
hash (`crypto.blind_index`) of exactly those three, normalised: "3511ab" and
"3511 AB" are one postcode; "12-a", "12 A" and "12a" are one house number. The
street name and the town are left out: they are spelt in too many ways.

This is the one normalisation; every caller (applications, the import of earlier
reimbursements, the cap) uses it.
"""

import re

from .crypto import blind_index

_POSTCODE = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})$")
_NUMBER = re.compile(r"^(\d{1,5})(?!\d)(.*)$")
# Separators people put between the number and its addition, or inside the addition.
_SEPARATORS = re.compile(r"[\s\-/.,_]+")


def normalise_postcode(text: str) -> str:
    """'3511ab', ' 3511 AB ' -> '3511AB'. Raises ValueError when it is not a Dutch postcode."""
    compact = _SEPARATORS.sub("", str(text or "")).upper()
    if not _POSTCODE.match(compact):
        raise ValueError(text)
    return compact


def display_postcode(text: str) -> str:
    """'3511ab' -> '3511 AB', the way letters and forms show it."""
    compact = normalise_postcode(text)
    return f"{compact[:4]} {compact[4:]}"


def normalise_house_number(number: str, addition: str = "") -> tuple[int, str]:
    """('12-a', '') / ('12', ' a') / ('12 A', '') -> (12, 'A'). Raises ValueError without a house number.

    The addition keeps its own characters without separators, upper case: '12-2' is
    number 12 with addition '2', which the key keeps apart from number 122.
    """
    match = _NUMBER.match(_SEPARATORS.sub(" ", str(number or "")).strip())
    if not match or int(match.group(1)) == 0:
        raise ValueError(number)
    extra = _SEPARATORS.sub("", f"{match.group(2)}{addition or ''}").upper()
    if len(extra) > 10 or (extra and not extra.isalnum()):
        raise ValueError(addition)
    return int(match.group(1)), extra


def house_number_from_address_line(line: str) -> tuple[int, str]:
    """'Lindelaan 12-a' -> (12, 'A'); '2e Jan Steenstraat 12 bis' -> (12, 'BIS').

    The house number is the first word starting with a digit after the street name
    (a street may itself start with a number, as in "2e Jan Steenstraat"); every word
    after it is the addition. Raises ValueError when there is no house number.
    """
    words = str(line or "").replace(",", " ").split()
    positions = [index for index, word in enumerate(words) if word[0].isdigit()]
    after_street = [index for index in positions if index > 0]
    if not positions:
        raise ValueError(line)
    start = after_street[0] if after_street else positions[0]
    return normalise_house_number(words[start], " ".join(words[start + 1 :]))


def residence_key(postcode: str, number: str, addition: str = "") -> str:
    """The key of a home from postcode, house number and addition. Raises ValueError on a malformed part."""
    house_number, extra = normalise_house_number(number, addition)
    return blind_index(f"{normalise_postcode(postcode)}|{house_number}|{extra}")


def residence_key_from_address(postcode: str, address_line: str) -> str:
    """The key of a home written as postcode plus "street and house number" (the application's fields).

    An address that cannot be read as postcode plus house number still gets a key (of
    the whole text, compacted), so saving never fails; it then only matches itself.
    """
    try:
        house_number, extra = house_number_from_address_line(address_line)
        return residence_key(postcode, str(house_number), extra)
    except ValueError:
        return blind_index(f"{postcode}|{address_line}")
