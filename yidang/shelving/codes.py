"""Location codes: the tree rules and the suggested codes (``HY-R01-C02-S03-B005``). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yidang.shelving.models import LocationKind

# Which kind of place may hold which: a storage room holds cabinets, a cabinet shelves or drawers,
# a shelf boxes. A storage room stands at the top.
PARENT_KIND: dict[str, str | None] = {
    LocationKind.ROOM: None,
    LocationKind.CABINET: LocationKind.ROOM,
    LocationKind.SHELF: LocationKind.CABINET,
    LocationKind.BOX: LocationKind.SHELF,
}
CHILD_KIND: dict[str, str | None] = {
    LocationKind.ROOM: LocationKind.CABINET,
    LocationKind.CABINET: LocationKind.SHELF,
    LocationKind.SHELF: LocationKind.BOX,
    LocationKind.BOX: None,
}
# Folders are kept in cabinets, on shelves / in drawers, or in boxes; never loose in a room.
FOLDER_KINDS = (LocationKind.CABINET, LocationKind.SHELF, LocationKind.BOX)

_SEGMENT: dict[str, tuple[str, int]] = {
    LocationKind.ROOM: ("R", 2),
    LocationKind.CABINET: ("C", 2),
    LocationKind.SHELF: ("S", 2),
    LocationKind.BOX: ("B", 3),
}
CODE_MAX = 40
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")


def code_normalise(raw: str) -> str:
    """What a typed or scanned code means: trimmed, upper case (scanners and phones vary)."""
    return raw.strip().upper()


def code_is_valid(code: str) -> bool:
    return 0 < len(code) <= CODE_MAX and bool(CODE_RE.match(code))


def code_suggest(base: str, kind: str, sibling_codes: Iterable[str], taken: Iterable[str] = ()) -> str:
    """The next free code below ``base`` (the parent's code, or the project code for a storage room).

    Siblings numbered ``…-B004`` give ``…-B005``; codes typed by hand are skipped over. Empty when
    the result would be longer than a code may be.
    """
    prefix, width = _SEGMENT[kind]
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [int(m.group(1)) for code in sibling_codes if (m := pattern.match(code.rsplit("-", 1)[-1]))]
    used = set(taken) | set(sibling_codes)
    n = max(numbers, default=0) + 1
    while (code := f"{base}-{prefix}{n:0{width}d}") in used:
        n += 1
    return code if len(code) <= CODE_MAX else ""
