"""Deterministic fictional people: names, phones, dates. Nothing here is a real person."""

from __future__ import annotations

import datetime as dt
import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅凤海燕文辉鹏飞宇浩"
    "晨阳欣怡佳琪晓东雪梅春林永福德胜思源立新"
)


class People:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.used_phones: set[str] = set()

    def name(self) -> str:
        given = "".join(self.random.choice(GIVEN) for _ in range(self.random.choice((1, 2, 2))))
        return self.random.choice(SURNAMES) + given

    def gender(self) -> str:
        return self.random.choice(("男", "男", "女"))

    def mobile(self) -> str:
        while True:
            phone = self.random.choice(("138", "139", "150", "186", "177")) + "".join(
                str(self.random.randrange(10)) for _ in range(8))
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def joined(self) -> dt.date:
        return dt.date(self.random.randrange(1985, 2025), self.random.randrange(1, 13),
                       self.random.randrange(1, 29))

    def score(self, low: int = 68, high: int = 99) -> int | float:
        value = self.random.randrange(low * 10, high * 10 + 1) / 10
        return int(value) if value.is_integer() else value
