from __future__ import annotations

import re
import unicodedata

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from yidang.people.phones import mask_phone

register = template.Library()


@register.filter
def highlight(value: object, query: str) -> SafeString:
    """Wrap the part of ``value`` that the search query matched in <mark>."""
    text = str(value or "")
    q = re.sub(r"\s+", "", unicodedata.normalize("NFKC", query or ""))
    if not q:
        return escape(text)
    match = re.search(re.escape(q), text, flags=re.IGNORECASE)
    if match is None:
        return escape(text)
    start, end = match.span()
    return mark_safe(f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}")


@register.filter
def masked_phone(value: str, query: str = "") -> SafeString:
    """A phone shown masked (138****5678), its tail highlighted when the query is a tail."""
    masked = mask_phone(value or "")
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", query or ""))
    if len(digits) >= 4 and value and value.replace("-", "").endswith(digits[-4:]):
        return mark_safe(f"{escape(masked[:-4])}<mark>{escape(masked[-4:])}</mark>")
    return escape(masked)
