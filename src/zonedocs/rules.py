"""The programme's fixed vocabulary, each item written once: raters and their default
weights, default score lines and contact limits, member statuses, zone kinds, pledge and
contact categories, contact frequencies, leading-group roles and the six standard tasks.

The workbook contract (workbook/sheets.py), the roster (model.py), the scoring rules
(scoring.py) and the documents all take these from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rater:
    """One of the four kinds of rater in a quarterly assessment."""

    key: str  # the 季度评分 column and the key of Score.ratings
    name: str  # as documents name it
    field: str  # the key of a table row in document contexts
    default_weight: int

    @property
    def weight_setting(self) -> str:
        """The 考核设置 item holding this rater's weight."""
        return f"{self.key}权重"


RATERS: tuple[Rater, ...] = (
    Rater("自评", "个人自评", "self", 10),
    Rater("互评", "党员互评", "peer", 20),
    Rater("群众评议", "群众评议", "staff", 30),
    Rater("组织考评", "组织考评", "org", 40),
)
RATER_KEYS: tuple[str, ...] = tuple(r.key for r in RATERS)

# 考核设置 items other than the weights, with their defaults.
DEFAULT_LINES = {"优秀线": 90, "合格线": 80, "基本合格线": 70}
DEFAULT_CONTACT_LIMITS = {"联系人下限": 2, "联系人上限": 3}

ACTIVE_STATUSES = ("正式党员", "预备党员")
TRANSFERRED = "转出"
STATUSES = (*ACTIVE_STATUSES, TRANSFERRED)
DEFAULT_STATUS = ACTIVE_STATUSES[0]
GENDERS = ("男", "女")

ZONE_KINDS = ("片区", "班组", "岗位", "区域")
ZONE_ROLES = ("业务带头人", "社区书记", "联络员", "志愿者代表", "监督员")
GROUP_ROLES = ("组长", "副组长", "成员")

# 5+X: the five kinds a member pledges, in the order forms list them, and X last.
PLEDGE_CATEGORIES = ("年度目标", "争优措施", "承诺事项", "岗位职责", "帮带计划", "临时任务")
TEMPORARY_TASK = PLEDGE_CATEGORIES[-1]

CONTACT_CATEGORIES = ("群众", "入党积极分子", "困难职工", "青年职工", "退休职工", "其他")
DEFAULT_CONTACT_CATEGORY = CONTACT_CATEGORIES[0]
FREQUENCIES = ("每周", "每半月", "每月", "每季度")
DEFAULT_FREQUENCY = "每月"

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")

DEFAULT_RECIPIENTS = "各基层党支部"
RETENTION_PERIODS = ("永久", "定期30年", "定期10年")  # 保管期限 (DA/T 22)
DEFAULT_RETENTION = RETENTION_PERIODS[0]
PRINT_OFFICE_SUFFIX = "办公室"

DEFAULT_TASKS = (
    ("T1", "宣传教育", "向联系群众宣讲党的路线方针政策和企业决策，及时了解并反映职工的想法和诉求。"),
    ("T2", "生产服务", "在本岗位带头完成生产经营和服务任务，及时发现并纠正责任区内的违章和隐患。"),
    ("T3", "文明建设", "带头遵守规章制度和社会公德，带动身边职工参与文明单位创建。"),
    ("T4", "廉政建设", "严守廉洁从业规定，发挥示范和监督作用，确保责任区内不发生违纪违法问题。"),
    ("T5", "培养联系", "联系和帮助入党积极分子，做好培养考察，把优秀职工吸引到党组织周围。"),
    ("T6", "其他交办", "完成党支部和党委临时交办的其他工作。"),
)

# What a 标志牌 prints whole, so it stays one A4 landscape page: a 范围 of two lines and the
# 责任区分工 (its roles run on, "；" between them) of four lines at the sign's sizes. Longer
# text is cut there with "…" (documents/signs.py) and `check` warns (workbook/checks.py).
SIGN_SCOPE_LIMIT = 64
SIGN_ROLES_LIMIT = 140

# The 标志牌's paper (单位: 标志牌纸张), landscape, and its template: the A3 one is the A4 one
# enlarged, so the limits above hold for both.
SIGN_TEMPLATES = {"A4": "标志牌.docx", "A3": "标志牌A3.docx"}
SIGN_PAPERS = tuple(SIGN_TEMPLATES)
DEFAULT_SIGN_PAPER = "A4"


def sign_roles(roles: list[tuple[str, str, str]]) -> str:
    """The 责任区分工 line of a 标志牌 from (role, name, phone) triples."""
    return "；".join(f"{role}：{name}" + (f"（{phone}）" if phone else "") for role, name, phone in roles)


def fit_sign_text(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
