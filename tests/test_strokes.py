"""姓氏笔画 order: strokes, then the kinds of stroke in turn (横竖撇点折), surname first."""

from __future__ import annotations

from zonedocs.strokes import _orders, stroke_key, stroke_order, strokes


def ordered(names: list[str]) -> list[str]:
    return sorted(names, key=stroke_key)


def test_equal_stroke_surnames_follow_their_first_stroke():
    # Four strokes each: 王 starts with 横, 毛 with 撇, 文 and 方 with 点, 尹 and 孔 with 折.
    # Code-point order would give 孔 尹 文 方 毛 王.
    names = ["孔明", "尹华", "文强", "方圆", "毛平", "王丽"]
    assert ordered(names) == ["王丽", "毛平", "文强", "方圆", "尹华", "孔明"]


def test_equal_first_strokes_compare_the_next_stroke():
    assert stroke_order("文") == "4134" and stroke_order("方") == "4153"
    assert stroke_order("尹") == "5113" and stroke_order("孔") == "5215"
    # Seven strokes, 横 first: 严 1224313 before 杜 1234121 before 李 1234521 before 杨.
    assert ordered(["杨一", "李一", "杜一", "严一"]) == ["严一", "杜一", "李一", "杨一"]


def test_one_surname_stands_together_and_given_names_follow_the_same_rule():
    names = ["范怡永", "林刚", "范玉晨", "林一", "范丁"]
    result = ordered(names)
    # 范 and 林 both have eight strokes: 范 is 横竖竖点…, 林 横竖撇点…, so 范 comes first
    # at the third stroke.
    assert result == ["范丁", "范玉晨", "范怡永", "林一", "林刚"]
    # Given names: 丽 has seven strokes; 明 and 欣 eight, 明 starting 竖 before 欣's 撇.
    assert ordered(["张欣", "张明", "张丽"]) == ["张丽", "张明", "张欣"]


def test_compound_surnames_are_one_surname_after_the_single_one():
    names = ["欧阳春", "欧明", "欧阳明", "司马光", "司徒雷"]
    result = ordered(names)
    assert result.index("欧明") < result.index("欧阳明") < result.index("欧阳春")
    assert result.index("司徒雷") < result.index("司马光")  # 徒 starts with 撇, 马 with 折


def test_stroke_table_is_whole_and_agrees_with_the_stroke_counts():
    table = _orders()
    assert len(table) > 6500
    assert all(set(digits) <= set("12345") for digits in table.values())
    disagree = [char for char, digits in table.items() if len(digits) != strokes(char)]
    assert len(disagree) <= 5, disagree
    for surname in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董":
        assert surname in table


def test_characters_without_a_stroke_order_follow_those_of_their_count():
    rare = "㐀"  # five strokes in Unihan, not among the common characters
    assert strokes(rare) == 5 and stroke_order(rare) == "9"
    assert ordered([f"{rare}一", "白一", "冯一"]) == ["白一", "冯一", f"{rare}一"]
