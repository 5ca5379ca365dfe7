"""The master workbook contract (SCHEMA.md) as data: sheets, columns, kinds, dropdown options.

The reader, the blank workbook of `zonedocs init`, its 说明 sheet and the sample writer all use
these declarations, so the contract is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import ACTIVE_STATUSES, TRANSFERRED, ZONE_KINDS

GENDERS = ("男", "女")
STATUSES = (*ACTIVE_STATUSES, TRANSFERRED)
GROUP_ROLES = ("组长", "副组长", "成员")
QUARTERS = ("一季度", "二季度", "三季度", "四季度")
CONTACT_CATEGORIES = ("群众", "入党积极分子", "困难职工", "青年职工", "退休职工", "其他")
PLEDGE_CATEGORIES = ("年度目标", "争优措施", "承诺事项", "岗位职责", "帮带计划", "临时任务")
FREQUENCIES = ("每周", "每半月", "每月", "每季度")
INSTRUCTIONS_SHEET = "说明"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    required: bool = False
    options: tuple[str, ...] = ()
    strict_options: bool = True
    help: str = ""
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    help: str
    optional: bool = False
    key_value: bool = False

    @property
    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    def column(self, header: str) -> Column:
        return next(c for c in self.columns if c.header == header)


C = Column

COMPANY = Sheet("单位", (
    C("单位名称", required=True, help="公司全称"),
    C("党委名称", required=True, help="发文机关，如 中共某某公司委员会"),
    C("年度", "int", required=True, help="2000–2100 的整数"),
    C("发文字号", "doc_number", help="如 某党发〔2026〕8号：须含〔年份〕并以“号”结尾"),
    C("成文日期", "date", help="实施意见的落款日期；生成实施意见时必填"),
    C("主送", help="默认：各基层党支部"),
    C("抄送", "list", help="抄送单位，多个用顿号分隔"),
    C("印发机关", help="默认：党委名称 + 办公室"),
    C("印发日期", "date", help="默认：成文日期"),
    C("监督电话", "phone", help="印在公示卡和标志牌上的监督电话"),
), "单位信息，两列：项目 | 内容。", key_value=True)

LEADERS = Sheet("领导小组", (
    C("姓名", required=True),
    C("小组职务", "choice", required=True, options=GROUP_ROLES),
    C("单位职务", help="如 党委书记"),
), "党员责任区工作领导小组成员（可选）。", optional=True)

TASKS = Sheet("任务", (
    C("任务编号", "id", required=True),
    C("任务名称", required=True),
    C("任务要求", width=60),
), "责任区任务目录（可选）；不填则使用六类标准任务。", optional=True)

BRANCHES = Sheet("支部", (
    C("支部编号", "id", required=True),
    C("支部名称", required=True, width=24),
    C("支部书记", "ref", help="填党员编号"),
    C("联系电话", "phone"),
    C("档案号"),
), "党支部（党总支）名单。")

TEAMS = Sheet("班组", (
    C("班组编号", "id", required=True),
    C("班组名称", required=True, width=20),
    C("所属支部", "ref", required=True, help="填支部编号"),
    C("职工人数", "count", help="不小于0的整数"),
), "班组名单：每个班组都应有责任区覆盖。")

MEMBERS = Sheet("党员", (
    C("党员编号", "id", required=True),
    C("姓名", required=True),
    C("性别", "choice", options=GENDERS),
    C("所属支部", "ref", required=True, help="填支部编号"),
    C("所在班组", "ref", help="填班组编号；机关干部可空"),
    C("岗位", width=18),
    C("党内职务"),
    C("入党日期", "date"),
    C("手机", "mobile", help="11位手机号，以1开头"),
    C("状态", "choice", options=STATUSES, help="默认 正式党员；转出的党员不再生成文书"),
    C("照片", "path", help="图片路径，相对于主台账所在文件夹"),
    C("签名", "path", help="签名图片路径，相对于主台账所在文件夹"),
), "党员名单：每名在册党员都应承担责任区。")

ZONES = Sheet("责任区", (
    C("责任区编号", "id", required=True),
    C("责任区名称", required=True, width=22),
    C("类型", "choice", required=True, options=ZONE_KINDS),
    C("所属支部", "ref", required=True, help="填支部编号"),
    C("上级责任区", "ref", help="填责任区编号，用于片区—班组—岗位的逐级划分"),
    C("责任党员", "ref", required=True, help="填党员编号"),
    C("覆盖班组", "list", help="班组编号，多个用顿号分隔"),
    C("范围", width=40),
    C("任务", "list", help="任务编号，多个用顿号分隔；不填则承担全部任务"),
    C("公开电话", "phone"),
), "责任区划分：类型为 片区 / 班组 / 岗位 / 区域。")

ROLES = Sheet("责任区分工", (
    C("责任区编号", "ref", required=True),
    C("姓名", required=True),
    C("角色", "choice", required=True, strict_options=False,
      options=("业务带头人", "社区书记", "联络员", "志愿者代表", "监督员")),
    C("党员编号", "ref", help="是党员时填写"),
    C("联系电话", "phone"),
), "责任区内的其他角色（可选），如业务带头人、监督员。", optional=True)

CONTACTS = Sheet("联系人", (
    C("党员编号", "ref", required=True),
    C("联系人姓名", required=True),
    C("类别", "choice", options=CONTACT_CATEGORIES, strict_options=False, help="默认 群众"),
    C("所在班组"),
    C("联系电话", "phone"),
    C("联系频次", "choice", options=FREQUENCIES, strict_options=False, help="默认 每月"),
), "每名党员的重点联系人，一般 2–3 人。")

PLEDGES = Sheet("承诺", (
    C("党员编号", "ref", required=True),
    C("类别", "choice", required=True, options=PLEDGE_CATEGORIES, strict_options=False),
    C("内容", required=True, width=50),
    C("完成时限"),
    C("一季度", width=20),
    C("二季度", width=20),
    C("三季度", width=20),
    C("四季度", width=20),
), "党员承诺（5+X）：年度目标、争优措施、承诺事项等，临时任务即 X。")

SETTINGS = Sheet("考核设置", (
    C("自评权重", "weight"),
    C("互评权重", "weight"),
    C("群众评议权重", "weight"),
    C("组织考评权重", "weight"),
    C("优秀线", "score"),
    C("合格线", "score"),
    C("基本合格线", "score"),
    C("联系人下限", "count"),
    C("联系人上限", "count"),
), "考核权重与分数线（可选），两列：项目 | 内容；权重之和须为100。",
    optional=True, key_value=True)

SCORES = Sheet("季度评分", (
    C("季度", "quarter", required=True, options=QUARTERS, strict_options=False),
    C("党员编号", "ref", required=True),
    C("自评", "score"),
    C("互评", "score"),
    C("群众评议", "score"),
    C("组织考评", "score"),
    C("加分", "nonneg"),
    C("扣分", "nonneg"),
    C("备注", width=24),
), "每季度每名党员一行；四类评分 0–100，空白表示未评。")

ALL_SHEETS: tuple[Sheet, ...] = (
    COMPANY, LEADERS, TASKS, BRANCHES, TEAMS, MEMBERS, ZONES, ROLES, CONTACTS, PLEDGES,
    SETTINGS, SCORES,
)
BY_NAME = {sheet.name: sheet for sheet in ALL_SHEETS}
SETTINGS_DEFAULTS = {
    "自评权重": 10, "互评权重": 20, "群众评议权重": 30, "组织考评权重": 40,
    "优秀线": 90, "合格线": 80, "基本合格线": 70, "联系人下限": 2, "联系人上限": 3,
}
