"""Names are read one character at a time unless they hold a phrase; the answer is pypinyin's either way."""

from __future__ import annotations

import random

import pytest
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from yidang.households.tokens import pinyin_of


def _pypinyin(name: str) -> tuple[str, str]:
    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha()]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("张伟", ("zhangwei", "zw")),
        ("欧阳娜", ("ouyangna", "oyn")),
        ("长江", ("changjiang", "cj")),  # a phrase: 长 is not zhang here
        ("单于", ("chanyu", "cy")),
        ("王行长", ("wanghangzhang", "whz")),  # a phrase inside a name
    ],
)
def test_a_name_reads_as_pypinyin_reads_it(name, reading):
    assert pinyin_of.__wrapped__(name) == reading == _pypinyin(name)


def test_names_with_letters_dots_and_phrases_read_as_pypinyin_reads_them():
    for name in ["A张三", "张·三", "Zhang 伟", "深圳市万科物业服务有限公司", "乐乐", "朝阳区"]:
        assert pinyin_of.__wrapped__(name) == _pypinyin(name), name


def test_thousands_of_random_names_read_as_pypinyin_reads_them():
    rng = random.Random(11)
    chars = [chr(c) for c in PINYIN_DICT if 0x4E00 <= c <= 0x9FFF]
    phrases = [p for p in PHRASES_DICT if len(p) <= 4]
    names = ["".join(rng.choice(chars) for _ in range(rng.choice((2, 3, 4)))) for _ in range(3000)]
    names += [rng.choice(chars) + rng.choice(phrases) for _ in range(1000)]
    names += [rng.choice(phrases) + rng.choice(chars) for _ in range(1000)]
    wrong = [n for n in names if pinyin_of.__wrapped__(n) != _pypinyin(n)]
    assert wrong == []
