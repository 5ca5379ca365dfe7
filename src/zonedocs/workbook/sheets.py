"""The master workbook contract (SCHEMA.md) as data: sheets, columns, kinds, dropdown options.

The reader, the blank workbook of `zonedocs init`, its 说明 sheet and the sample writer all use
these declarations, so the contract is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from ..rules import (
    CONTACT_CATEGORIES,
    DEFAULT_CONTACT_LIMITS,
    DEFAULT_LINES,
    FREQUENCIES,
    GENDERS,
    GROUP_ROLES,
    PLEDGE_CATEGORIES,
    QUARTER_NAMES,
    RATERS,
    RETENTION_PERIODS,
    SIGN_PAPERS,
    STATUSES,
    ZONE_KINDS,
    ZONE_ROLES,
)

INSTRUCTIONS_SHEET = "说明"
PREVIOUS_YEAR_SHEET = "上年度评定"  # written by `zonedocs new-year` for reference
ORIGIN_SHEET = "zonedocs拆分信息"  # hidden: where a branch workbook of `zonedocs split` came from
MERGES_SHEET = "zonedocs合并记录"  # hidden, in the master: what each branch workbook last gave
NOT_READ = frozenset({INSTRUCTIONS_SHEET, PREVIOUS_YEAR_SHEET, ORIGIN_SHEET, MERGES_SHEET})


class ColumnKind(StrEnum):
    """What a column holds, and so how its cells are read (workbook/convert.py)."""

    TEXT = "text"
    ID = "id"
    REF = "ref"
    YEAR = "int"
    COUNT = "count"
    CHOICE = "choice"
    SCORE = "score"
    WEIGHT = "weight"
    NONNEG = "nonneg"
    PATH = "path"
    DOC_NUMBER = "doc_number"
    DATE = "date"
    LIST = "list"
    MOBILE = "mobile"
    PHONE = "phone"
    QUARTER = "quarter"


@dataclass(frozen=True)
class Column:
    header: str
    kind: ColumnKind = ColumnKind.TEXT
    required: bool = False
    options: tuple[str, ...] = ()
    strict_options: bool = True
    help: str = ""
    width: int = 14
    field: str = ""  # the roster attribute the column fills (model.py), if one does


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    help: str
    optional: bool = False
    key_value: bool = False

    @cached_property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)

    def column(self, header: str) -> Column:
        return next(c for c in self.columns if c.header == header)

    def header_of(self, field: str) -> str | None:
        """The header of the column that fills a roster attribute."""
        return next((c.header for c in self.columns if c.field == field), None)

    def fields(self, record: dict[str, Any]) -> dict[str, Any]:
        """A typed record's values by roster attribute, for the columns that name one."""
        return {field: record[header] for header, field in self._fielded if header in record}

    def has_required(self, record: dict[str, Any]) -> bool:
        """Whether the typed record holds a value for every required column."""
        return all(header in record for header in self.required_headers)

    @cached_property
    def _fielded(self) -> tuple[tuple[str, str], ...]:
        return tuple((c.header, c.field) for c in self.columns if c.field)



C = Column
K = ColumnKind

COMPANY = Sheet("单位", (
    C("单位名称", required=True, help="公司全称", field="name"),
    C("党委名称", required=True, help="发文机关，如 中共某某公司委员会", field="committee"),
    C("年度", K.YEAR, required=True, help="2000–2100 的整数", field="year"),
    C("发文字号", K.DOC_NUMBER, help="如 某党发〔2026〕8号：须含〔年份〕并以“号”结尾",
      field="doc_number"),
    C("成文日期", K.DATE, help="实施意见的落款日期；生成实施意见时必填", field="doc_date"),
    C("主送", help="默认：各基层党支部", field="recipients"),
    C("抄送", K.LIST, help="抄送单位，多个用顿号分隔", field="copy_to"),
    C("印发机关", help="默认：党委名称 + 办公室", field="print_office"),
    C("印发日期", K.DATE, help="默认：成文日期", field="print_date"),
    C("监督电话", K.PHONE, help="印在公示卡和标志牌上的监督电话", field="supervision_phone"),
    C("保管期限", K.CHOICE, options=RETENTION_PERIODS, help="档案卷封面的保管期限；默认：永久",
      field="retention"),
    C("立卷日期", K.DATE, help="档案卷封面和备考表上的立卷日期；默认：卷内最晚文件的日期"
      "（最后一个评分季度的末日，或印发日期）", field="filing_date"),
    C("标志牌纸张", K.CHOICE, options=SIGN_PAPERS, help="标志牌用纸（横向）：A4 或 A3；默认：A4",
      field="sign_paper"),
), "单位信息，两列：项目 | 内容。", key_value=True)

LEADERS = Sheet("领导小组", (
    C("姓名", required=True, field="name"),
    C("小组职务", K.CHOICE, required=True, options=GROUP_ROLES, field="group_role"),
    C("单位职务", help="如 党委书记", field="title"),
), "党员责任区工作领导小组成员（可选）。", optional=True)

TASKS = Sheet("任务", (
    C("任务编号", K.ID, required=True, field="id"),
    C("任务名称", required=True, field="name"),
    C("任务要求", width=60, field="requirement"),
), "责任区任务目录（可选）；不填则使用六类标准任务。", optional=True)

BRANCHES = Sheet("支部", (
    C("支部编号", K.ID, required=True, field="id"),
    C("支部名称", required=True, width=24, field="name"),
    C("支部书记", K.REF, help="填党员编号", field="secretary_id"),
    C("联系电话", K.PHONE, field="phone"),
    C("档案号", field="archive_no"),
), "党支部（党总支）名单。")

TEAMS = Sheet("班组", (
    C("班组编号", K.ID, required=True, field="id"),
    C("班组名称", required=True, width=20, field="name"),
    C("所属支部", K.REF, required=True, help="填支部编号", field="branch_id"),
    C("职工人数", K.COUNT, help="不小于0的整数", field="staff_count"),
), "班组名单：每个班组都应有责任区覆盖。")

MEMBERS = Sheet("党员", (
    C("党员编号", K.ID, required=True, field="id"),
    C("姓名", required=True, field="name"),
    C("性别", K.CHOICE, options=GENDERS, field="gender"),
    C("所属支部", K.REF, required=True, help="填支部编号", field="branch_id"),
    C("所在班组", K.REF, help="填班组编号；机关干部可空", field="team_id"),
    C("岗位", width=18, field="post"),
    C("党内职务", field="party_role"),
    C("入党日期", K.DATE, field="joined"),
    C("手机", K.MOBILE, help="11位手机号，以1开头", field="mobile"),
    C("状态", K.CHOICE, options=STATUSES, help="默认 正式党员；转出的党员不再生成文书",
      field="status"),
    C("照片", K.PATH, help="图片路径，相对于主台账所在文件夹", field="photo"),
    C("签名", K.PATH, help="签名图片路径，相对于主台账所在文件夹", field="signature"),
), "党员名单：每名在册党员都应承担责任区。")

ZONES = Sheet("责任区", (
    C("责任区编号", K.ID, required=True, field="id"),
    C("责任区名称", required=True, width=22, field="name"),
    C("类型", K.CHOICE, required=True, options=ZONE_KINDS, field="kind"),
    C("所属支部", K.REF, required=True, help="填支部编号", field="branch_id"),
    C("上级责任区", K.REF, help="填责任区编号，用于片区—班组—岗位的逐级划分", field="parent_id"),
    C("责任党员", K.REF, required=True, help="填党员编号", field="member_id"),
    C("覆盖班组", K.LIST, help="班组编号，多个用顿号分隔", field="team_ids"),
    C("范围", width=40, field="scope"),
    C("任务", K.LIST, help="任务编号，多个用顿号分隔；不填则承担全部任务", field="task_ids"),
    C("公开电话", K.PHONE, field="phone"),
), "责任区划分：类型为 片区 / 班组 / 岗位 / 区域。")

ROLES = Sheet("责任区分工", (
    C("责任区编号", K.REF, required=True, field="zone_id"),
    C("姓名", required=True, field="name"),
    C("角色", K.CHOICE, required=True, strict_options=False, options=ZONE_ROLES, field="role"),
    C("党员编号", K.REF, help="是党员时填写", field="member_id"),
    C("联系电话", K.PHONE, field="phone"),
), "责任区内的其他角色（可选），如业务带头人、监督员。", optional=True)

CONTACTS = Sheet("联系人", (
    C("党员编号", K.REF, required=True, field="member_id"),
    C("联系人姓名", required=True, field="name"),
    C("类别", K.CHOICE, options=CONTACT_CATEGORIES, strict_options=False, help="默认 群众",
      field="category"),
    C("所在班组", field="team"),
    C("联系电话", K.PHONE, field="phone"),
    C("联系频次", K.CHOICE, options=FREQUENCIES, strict_options=False, help="默认 每月",
      field="frequency"),
), "每名党员的重点联系人，一般 2–3 人。")

PLEDGES = Sheet("承诺", (
    C("党员编号", K.REF, required=True, field="member_id"),
    C("类别", K.CHOICE, required=True, options=PLEDGE_CATEGORIES, strict_options=False,
      field="category"),
    C("内容", required=True, width=50, field="content"),
    C("完成时限", field="deadline"),
    *(C(quarter, width=20) for quarter in QUARTER_NAMES),  # the four self-checks
), "党员承诺（5+X）：年度目标、争优措施、承诺事项等，临时任务即 X。")

SETTINGS = Sheet("考核设置", (
    *(C(r.weight_setting, K.WEIGHT) for r in RATERS),
    *(C(line, K.SCORE) for line in DEFAULT_LINES),
    *(C(limit, K.COUNT) for limit in DEFAULT_CONTACT_LIMITS),
), "考核权重与分数线（可选），两列：项目 | 内容；权重之和须为100。",
    optional=True, key_value=True)

SCORES = Sheet("季度评分", (
    C("季度", K.QUARTER, required=True, options=QUARTER_NAMES, strict_options=False,
      field="quarter"),
    C("党员编号", K.REF, required=True, field="member_id"),
    *(C(r.key, K.SCORE) for r in RATERS),  # Score.ratings
    C("加分", K.NONNEG, field="bonus"),
    C("扣分", K.NONNEG, field="deduction"),
    C("备注", width=24, field="note"),
), "每季度每名党员一行；四类评分 0–100，空白表示未评。")

ALL_SHEETS: tuple[Sheet, ...] = (
    COMPANY, LEADERS, TASKS, BRANCHES, TEAMS, MEMBERS, ZONES, ROLES, CONTACTS, PLEDGES,
    SETTINGS, SCORES,
)
BY_NAME = {sheet.name: sheet for sheet in ALL_SHEETS}
SETTINGS_DEFAULTS: dict[str, int] = {
    **{r.weight_setting: r.default_weight for r in RATERS}, **DEFAULT_LINES, **DEFAULT_CONTACT_LIMITS,
}
