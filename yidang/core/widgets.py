"""Form widgets that render in Python what Django renders with a template per option."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class PlainSelect(forms.Select):
    """A select of flat choices with the same HTML as Django's ``Select``, built without rendering a template
    per option: a list's filter of a project's 150 buildings costs well under a millisecond instead of ~10.

    Choices with groups are left to Django's rendering."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            ((str(v), " selected" if str(v) in chosen else "", label) for v, label in choices),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, _attributes(self.build_attrs(self.attrs, attrs)), options
        )


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """As Django's ``attrs.html`` writes them: in order, ``True`` as a bare name, ``False`` and ``None`` left out."""
    shown = [(k, v) for k, v in attrs.items() if v is not False and v is not None]
    return format_html_join(
        "", "{}", ((format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),) for k, v in shown)
    )
