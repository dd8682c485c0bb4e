"""PlainSelect writes the very HTML Django's Select writes, whichever option is chosen, with labels escaped."""

from __future__ import annotations

import pytest
from django import forms

from yidang.core.widgets import PlainSelect

CHOICES = [("", "全部楼栋"), ("a", "A<座>"), (3, "3栋")]


@pytest.mark.parametrize("value", [None, "", "a", 3, "3", "missing"])
def test_a_plain_select_is_the_same_html_as_djangos(value):
    attrs = {"id": "id_building", "class": "pick"}
    expected = forms.Select(choices=CHOICES).render("building", value, attrs)
    assert PlainSelect(choices=CHOICES).render("building", value, attrs) == expected


def test_grouped_choices_are_left_to_django():
    grouped = [("楼栋", [("a", "A座"), ("b", "B座")])]
    expected = forms.Select(choices=grouped).render("building", "b")
    assert PlainSelect(choices=grouped).render("building", "b") == expected
