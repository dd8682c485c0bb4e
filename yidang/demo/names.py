"""Chinese personal names for demo data: common and compound surnames, one- and two-character given names.

Surnames are drawn by their rough frequency in the population (王, 李, 张 … first), with a small
share of compound surnames (欧阳, 司马, 诸葛 …). About 40 % of names have a one-character given
name, so two-character names such as 张伟 — the hard case for search — are common.
"""

from __future__ import annotations

import random
from itertools import accumulate

# (surname, weight in tenths of a percent of the population, roughly)
_SURNAMES: list[tuple[str, int]] = [
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 20),
    ("吴", 20), ("周", 19), ("徐", 13), ("孙", 13), ("马", 11), ("朱", 11), ("胡", 10), ("郭", 10),
    ("何", 9), ("林", 9), ("高", 9), ("罗", 9), ("郑", 8), ("梁", 8), ("谢", 6), ("宋", 6), ("唐", 6),
    ("许", 5), ("韩", 5), ("冯", 5), ("邓", 5), ("曹", 5), ("彭", 5), ("曾", 5), ("肖", 4), ("田", 4),
    ("董", 4), ("袁", 4), ("潘", 4), ("于", 4), ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 4), ("叶", 4),
    ("程", 4), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3),
    ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 2), ("石", 2),
    ("廖", 2), ("贾", 2), ("夏", 2), ("韦", 2), ("付", 2), ("方", 2), ("白", 2), ("邹", 2), ("孟", 2),
    ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2), ("段", 2), ("雷", 2),
    ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2),
    ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 1), ("覃", 1), ("武", 1), ("戴", 1), ("莫", 1),
    ("孔", 1), ("向", 1), ("汤", 1), ("常", 1), ("温", 1), ("康", 1), ("施", 1), ("文", 1), ("牛", 1),
    ("樊", 1), ("葛", 1), ("邢", 1), ("安", 1), ("齐", 1), ("易", 1), ("乔", 1), ("伍", 1), ("庞", 1),
    ("颜", 1), ("倪", 1), ("庄", 1), ("聂", 1), ("章", 1), ("鲁", 1), ("岳", 1), ("翟", 1), ("殷", 1),
    ("詹", 1), ("申", 1), ("耿", 1), ("关", 1), ("兰", 1), ("焦", 1), ("俞", 1), ("左", 1), ("柳", 1),
    ("甘", 1), ("祝", 1), ("包", 1), ("宁", 1), ("尚", 1), ("符", 1), ("舒", 1), ("阮", 1), ("柯", 1),
    ("纪", 1), ("梅", 1), ("童", 1), ("凌", 1), ("毕", 1), ("单", 1), ("季", 1), ("裴", 1), ("霍", 1),
    ("涂", 1), ("成", 1), ("苗", 1), ("谷", 1), ("盛", 1), ("曲", 1), ("翁", 1), ("冉", 1), ("骆", 1),
    ("蓝", 1), ("路", 1), ("游", 1), ("辛", 1), ("靳", 1), ("管", 1), ("柴", 1), ("鲍", 1), ("华", 1),
    ("喻", 1), ("祁", 1), ("房", 1), ("滕", 1), ("屈", 1), ("饶", 1), ("解", 1), ("艾", 1), ("尤", 1),
    ("穆", 1), ("卓", 1), ("古", 1), ("吉", 1), ("缪", 1), ("简", 1), ("项", 1), ("连", 1), ("麦", 1),
    ("褚", 1), ("娄", 1), ("窦", 1), ("戚", 1), ("岑", 1), ("景", 1), ("党", 1), ("宫", 1), ("费", 1),
    ("卜", 1), ("冷", 1), ("晏", 1), ("席", 1), ("卫", 1), ("米", 1), ("柏", 1), ("宗", 1), ("瞿", 1),
    ("桂", 1), ("全", 1), ("佟", 1), ("应", 1), ("臧", 1), ("闵", 1), ("邬", 1), ("边", 1), ("卞", 1),
    ("姬", 1), ("师", 1), ("仇", 1), ("栾", 1), ("隋", 1), ("商", 1), ("沙", 1), ("荣", 1), ("巫", 1),
    ("寇", 1), ("桑", 1), ("郎", 1), ("甄", 1), ("丛", 1), ("仲", 1), ("虞", 1), ("敖", 1), ("巩", 1),
    # compound surnames (复姓): rare in life, over-represented here so the demo shows them
    ("欧阳", 3), ("司马", 1), ("诸葛", 1), ("上官", 1), ("东方", 1), ("皇甫", 1), ("尉迟", 1), ("公孙", 1),
    ("慕容", 1), ("司徒", 1), ("令狐", 1), ("夏侯", 1), ("长孙", 1), ("宇文", 1), ("端木", 1), ("独孤", 1),
]  # fmt: skip

_MALE_SINGLE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳峰建亮成东海博晨昊"
_FEMALE_SINGLE = "芳娜敏静丽艳娟霞秀玲英燕红梅琳莉萍雪颖婷慧倩洁欣怡晶璐琴蕾薇丹月"
_MALE_FIRST = "子浩宇志建国家俊文明晓海永思嘉天博泽一立振德世伟"
_MALE_SECOND = "轩涵然宇杰豪博强伟华明军平林辉峰鹏龙飞涛成斌"
_FEMALE_FIRST = "子雨欣梓诗晓思佳可雅美春秀玉丽淑桂金婉静"
_FEMALE_SECOND = "涵萱怡琪彤妍婷琳娜芳霞兰敏梅英华洁慧颖"

SURNAMES = [s for s, _ in _SURNAMES]
COMPOUND_SURNAMES = [s for s in SURNAMES if len(s) == 2]
_CUM_WEIGHTS = list(accumulate(w for _, w in _SURNAMES))

SINGLE_GIVEN_SHARE = 0.4


def surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, cum_weights=_CUM_WEIGHTS)[0]


def given_name(rng: random.Random, sex: str) -> str:
    """A one-character given name about 40 % of the time, otherwise two characters."""
    male = sex == "M"
    if rng.random() < SINGLE_GIVEN_SHARE:
        return rng.choice(_MALE_SINGLE if male else _FEMALE_SINGLE)
    first, second = (_MALE_FIRST, _MALE_SECOND) if male else (_FEMALE_FIRST, _FEMALE_SECOND)
    return rng.choice(first) + rng.choice(second)


def full_name(rng: random.Random, sex: str, family: str | None = None) -> str:
    """A name for a person of ``sex`` ("M"/"F"); ``family`` fixes the surname (children, parents)."""
    return (family or surname(rng)) + given_name(rng, sex)


def surname_of(name: str) -> str:
    """The surname part of a generated name (compound surnames are two characters)."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
