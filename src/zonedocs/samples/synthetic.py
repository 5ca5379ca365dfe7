"""A deterministic synthetic roster of any size, for scale tests and benchmarks.

`synthetic_data(members, seed)` gives the same workbook rows for the same arguments:
branches of about 100 members, teams of about 8, one team zone per team with a post zone
for every other member beneath it, and one area zone per branch above them (three levels).
"""

from __future__ import annotations

from ..rules import PLEDGE_CATEGORIES
from .people import People

Data = dict[str, list[dict[str, object]]]


def synthetic_data(members: int, seed: int = 1, quarters: int = 4,
                   branch_size: int = 100, team_size: int = 8, year: int = 2026) -> Data:
    people = People(seed)
    data: Data = {name: [] for name in ("单位", "支部", "班组", "党员", "责任区", "联系人",
                                        "承诺", "季度评分", "考核设置")}
    data["单位"] = [
        {"项目": "单位名称", "内容": "示例合成集团有限公司"},
        {"项目": "党委名称", "内容": "中共示例合成集团有限公司委员会"},
        {"项目": "年度", "内容": year},
        {"项目": "发文字号", "内容": f"合党发〔{year}〕1号"},
        {"项目": "成文日期", "内容": f"{year}-03-01"},
        {"项目": "监督电话", "内容": "0571-12345678"},
    ]
    branch_count = max(1, -(-members // branch_size))
    member_no = 0
    for b in range(1, branch_count + 1):
        branch_id = f"B{b:03d}"
        size = min(branch_size, members - member_no)
        ids = [f"M{member_no + i + 1:05d}" for i in range(size)]
        member_no += size
        data["支部"].append({"支部编号": branch_id, "支部名称": f"第{b}党支部",
                             "支部书记": ids[0], "联系电话": "0571-8800" + f"{b:04d}",
                             "档案号": f"DA-{year}-{b:03d}"})
        teams = [ids[i:i + team_size] for i in range(0, len(ids), team_size)]
        area_id = f"Z{branch_id}"
        data["责任区"].append({"责任区编号": area_id, "责任区名称": f"第{b}片区", "类型": "片区",
                               "所属支部": branch_id, "责任党员": ids[0],
                               "覆盖班组": [f"{branch_id}T{t + 1:02d}" for t in range(len(teams))],
                               "范围": f"第{b}党支部所辖全部班组"})
        for t, team_members in enumerate(teams, start=1):
            team_id = f"{branch_id}T{t:02d}"
            data["班组"].append({"班组编号": team_id, "班组名称": f"第{b}支部第{t}班组",
                                 "所属支部": branch_id, "职工人数": team_size * 3})
            team_zone = f"Z{team_id}"
            data["责任区"].append({"责任区编号": team_zone, "责任区名称": f"第{t}班组责任区",
                                   "类型": "班组", "所属支部": branch_id, "上级责任区": area_id,
                                   "责任党员": team_members[0], "覆盖班组": [team_id],
                                   "范围": f"第{t}班组全体职工", "公开电话": people.mobile()})
            for index, member_id in enumerate(team_members):
                _member(data, people, member_id, index, (branch_id, team_id, team_zone, t),
                        quarters, year)
    return data


def _member(data: Data, people: People, member_id: str, index: int, place: tuple[str, str, str, int],
            quarters: int, year: int) -> None:
    """One member's rows: the member, a post zone (but for the team's holder), contacts,
    pledges and scores."""
    branch_id, team_id, team_zone, t = place
    data["党员"].append({
        "党员编号": member_id, "姓名": people.name(), "性别": people.gender(),
        "所属支部": branch_id, "所在班组": team_id, "岗位": f"岗位{index + 1}",
        "入党日期": people.joined(), "手机": people.mobile(), "状态": "正式党员"})
    if index:
        data["责任区"].append({
            "责任区编号": f"Z{member_id}", "责任区名称": f"{member_id}岗位责任区",
            "类型": "岗位", "所属支部": branch_id, "上级责任区": team_zone,
            "责任党员": member_id, "范围": f"第{t}班组第{index + 1}岗位"})
    for c in range(2 + (index % 2)):
        data["联系人"].append({"党员编号": member_id, "联系人姓名": people.name(),
                               "类别": "入党积极分子" if c == 0 else "群众",
                               "所在班组": f"第{t}班组", "联系电话": people.mobile()})
    for category in PLEDGE_CATEGORIES[:4]:
        data["承诺"].append({"党员编号": member_id, "类别": category,
                             "内容": f"{category}：完成本岗位年度工作目标",
                             "完成时限": f"{year}年12月"})
    for quarter in range(1, quarters + 1):
        data["季度评分"].append({
            "季度": quarter, "党员编号": member_id, "自评": people.score(85),
            "互评": people.score(), "群众评议": people.score(),
            "组织考评": people.score()})
