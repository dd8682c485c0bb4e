"""Turning household data into search tokens, and search text into token lookups.

Pure functions: no database. ``households.search`` applies them to the SearchToken table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from yidang.households.models import TokenKind

MAX_TOKEN = 64
MAX_NAME_SUBSTRING = 6
MAX_TEXT_TOKEN = 12  # free text (document titles and notes): suffixes cut to this length
MIN_ARCHIVE_PREFIX = 2
PREFIX_END = "\U0010ffff"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"\s+")
_PLATE = re.compile(r"^[\u4e00-\u9fff][a-z][a-z0-9]{4,6}$")


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), lower case, no spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@lru_cache(maxsize=200_000)
def pinyin_of(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a Chinese name: 张伟 → ("zhangwei", "zw")."""
    syllables = _syllables(name)
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()


_PHRASE_MAX = max(map(len, PHRASES_DICT))


def _syllables(name: str) -> list[str]:
    """pypinyin's reading of ``name``, one syllable a character when no part of it is a phrase.

    pypinyin cuts text into the phrases of its dictionary (reading 长江 as chang jiang, not zhang)
    and reads every other character on its own, so for a name holding no phrase — most names —
    its answer is the characters' own readings in a row; those are looked up once per character
    (about 60 µs a name less, a 100,000-row import spends seconds here). Anything else goes to
    pypinyin whole; households/tests/test_pinyin_fast_path.py checks that both ways agree.
    """
    if all(_CJK.match(c) for c in name) and not _holds_phrase(name):
        return [s for s in map(_char_syllable, name) if s]
    return [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha()]


def _holds_phrase(name: str) -> bool:
    last = len(name)
    return any(name[i:j] in PHRASES_DICT for i in range(last - 1) for j in range(i + 2, min(last, i + _PHRASE_MAX) + 1))


@cache  # one entry a distinct character: a few thousand
def _char_syllable(char: str) -> str:
    return next((s for s in lazy_pinyin(char, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha()), "")


def name_substrings(name: str) -> set[str]:
    """Every substring of 2..6 characters, plus the whole name (so any 2–6 character part matches)."""
    out = {name[:MAX_TOKEN]}
    for length in range(2, min(len(name), MAX_NAME_SUBSTRING) + 1):
        out.update(name[i : i + length] for i in range(len(name) - length + 1))
    return out


@dataclass
class HouseholdText:
    """What is searchable about one household."""

    room_code: str
    building_code: str
    room_number: str
    names: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    plates: list[str] = field(default_factory=list)
    id_hashes: list[str] = field(default_factory=list)
    archive_number: str = ""
    document_texts: list[str] = field(default_factory=list)


def tokens_for(h: HouseholdText) -> set[tuple[str, int]]:
    """The (token, kind) pairs of one household."""
    out: set[tuple[str, int]] = set()
    for room_token in (h.room_code, f"{h.building_code}-{h.room_number}", h.room_number):
        out.add((normalize(room_token), TokenKind.ROOM))
    for raw_name in h.names:
        out.update(_name_tokens(normalize(raw_name)))
    for phone in h.phones:
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 4:
            out.add((digits[::-1], TokenKind.PHONE))
    for plate in h.plates:
        out.update(_plate_tokens(normalize(plate)))
    out.update((hash_, TokenKind.ID_HASH) for hash_ in h.id_hashes if hash_)
    out.add((normalize(h.archive_number), TokenKind.ARCHIVE))
    for text in h.document_texts:
        out.update((token, TokenKind.DOCUMENT) for token in text_tokens(text))
    return {(t[:MAX_TOKEN], k) for t, k in out if t}


def _name_tokens(name: str) -> Iterator[tuple[str, int]]:
    if not name:
        return
    if has_cjk(name):
        yield from ((s, TokenKind.NAME) for s in name_substrings(name))
        full, initials = pinyin_of(name)
        if full:
            yield full, TokenKind.PINYIN
            yield initials, TokenKind.INITIALS
    else:
        yield name, TokenKind.NAME
        yield name, TokenKind.PINYIN


def _plate_tokens(plate: str) -> Iterable[tuple[str, int]]:
    plate = plate.replace("-", "").replace("·", "")
    if not plate:
        return []
    tokens = [(plate, TokenKind.PLATE)]
    if has_cjk(plate[:1]) and len(plate) > 1:
        tokens.append((plate[1:], TokenKind.PLATE))
    return tokens


def _fold(text: str) -> str:
    """NFKC and lower case, spaces kept (they separate words in free text)."""
    return unicodedata.normalize("NFKC", text or "").lower()


def document_extra_text(title: str, type_name: str) -> str:
    """What a document's title says beyond its type's name; "" when the title is just that name.

    Most titles are the type's name, identical in thousands of files: indexing them would find
    every household. ``装修图纸（阳台改造）`` of type ``装修图纸`` keeps ``（阳台改造）``.
    """
    title, name = _fold(title).strip(), _fold(type_name).strip()
    if not name:
        return title
    if normalize(title) == normalize(name):
        return ""
    return title.replace(name, " ").strip()


def _breaks(c: str) -> bool:
    """Characters that end a run of searchable text; ``-./#_`` stay inside numbers like ZX2023-018."""
    return c.isspace() or (unicodedata.category(c)[0] in "PSZC" and c not in "-./#_")


def _is_word_char(c: str) -> bool:
    return c.isalnum() and not _CJK.match(c)


def text_tokens(text: str) -> set[str]:
    """Tokens of free text: its suffixes (cut to 12 characters) from every Chinese character and
    from the start of every Latin word or number. A prefix range on them matches any part of the
    text that starts there, so ``阳台`` and ``改造`` both find ``阳台改造``, ``zx2023`` finds
    ``合同ZX2023-018``; runs break at spaces and punctuation. Single characters make no token."""
    out: set[str] = set()
    for run in re.split(r"\s+", "".join(" " if _breaks(c) else c for c in _fold(text))):
        for i, c in enumerate(run):
            if _CJK.match(c) or (_is_word_char(c) and (i == 0 or not _is_word_char(run[i - 1]))):
                token = run[i : i + MAX_TEXT_TOKEN]
                if len(token) >= 2:
                    out.add(token)
    return out


@dataclass(frozen=True)
class Lookup:
    """One way a query may match: tokens of ``kind`` equal to / starting with ``value``."""

    kind: int
    value: str
    prefix: bool
    rank: int


def lookups_for(query: str, id_hash: str | None = None) -> list[Lookup]:
    """How a search box entry is matched, best rank first. Exact room codes rank first."""
    q = normalize(query)
    if not q:
        return []
    found = [Lookup(TokenKind.ROOM, q, False, 0), Lookup(TokenKind.ROOM, q, True, 1)]
    if id_hash:
        found.append(Lookup(TokenKind.ID_HASH, id_hash, False, 0))
    if has_cjk(q):
        found += _cjk_lookups(q)
    elif q.isdigit():
        if len(q) >= 4:
            found.append(Lookup(TokenKind.PHONE, q[::-1], True, 3))
    elif q.isalpha() and q.isascii():
        found += [Lookup(TokenKind.PINYIN, q, True, 2), Lookup(TokenKind.INITIALS, q, True, 2)]
        found.append(Lookup(TokenKind.NAME, q, True, 2))
    if not q.isdigit() and len(q) >= 2:
        found.append(Lookup(TokenKind.PLATE, q.replace("-", "").replace("·", ""), True, 3))
    return found + _archive_lookups(q)


# Matches on a document's title or note rank after everything about the household itself.
DOCUMENT_RANK = 4


def _archive_lookups(q: str) -> list[Lookup]:
    """Archive numbers (whole or a prefix: ``HY-A2``) and document titles and notes (any part)."""
    found = [Lookup(TokenKind.ARCHIVE, q, False, 0)]
    if len(q) >= MIN_ARCHIVE_PREFIX:
        found.append(Lookup(TokenKind.ARCHIVE, q, True, 1))
    if len(q) >= (2 if has_cjk(q) else 3):
        found.append(Lookup(TokenKind.DOCUMENT, q[:MAX_TEXT_TOKEN], True, DOCUMENT_RANK))
    return found


def _cjk_lookups(q: str) -> list[Lookup]:
    if _PLATE.match(q):
        return [Lookup(TokenKind.PLATE, q, True, 1)]
    if len(q) == 1:
        return [Lookup(TokenKind.NAME, q, True, 2)]
    return [Lookup(TokenKind.NAME, q[:MAX_NAME_SUBSTRING], len(q) > MAX_NAME_SUBSTRING, 2)]
