"""The sample master workbook in inputs/: a fictional city bus group, written to exercise
every sheet — three branches, teams, zones of all four kinds nested on three levels, roles,
contacts, pledges of every category, two scored quarters with a missing rater, a bonus and a
deduction, a transferred member, and two members both called 张伟.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from ..workbook.writer import write_workbook
from .people import People
from .synthetic import Data

YEAR = 2026
COMPANY = "滨江公共交通集团有限公司"
COMMITTEE = "中共滨江公共交通集团有限公司委员会"

BRANCHES = (
    ("B01", "第一运营分公司党支部", (("T101", "101路车队", 46), ("T102", "102路车队", 38),
                                     ("T103", "夜班线路车队", 24), ("T104", "调度班", 12))),
    ("B02", "第二运营分公司党支部", (("T201", "201路车队", 41), ("T202", "202路车队", 35),
                                     ("T203", "场站服务班", 18), ("T204", "维修一班", 20))),
    ("B03", "机关党支部", (("T301", "票务结算班", 9), ("T302", "安全监察班", 7))),
)
MEMBERS_PER_BRANCH = 15
POSTS = ("驾驶员", "驾驶员", "安全员", "调度员", "修理工", "站务员", "票务员", "驾驶员")

PLEDGE_TEXTS = {
    "年度目标": "全年安全行车无责任事故，服务投诉为零",
    "争优措施": "每月带头开展一次车厢文明服务互查",
    "承诺事项": "对联系的职工做到思想有波动必谈、家庭有困难必访",
    "岗位职责": "按规程做好出车前检查，发现隐患当班整改",
    "帮带计划": "结对帮带一名新入职驾驶员，年内独立顶岗",
    "临时任务": "完成支部安排的节假日客流保障值守",
}


def sample_data() -> Data:
    people = People(YEAR)
    data: Data = {
        "单位": [
            {"项目": "单位名称", "内容": COMPANY},
            {"项目": "党委名称", "内容": COMMITTEE},
            {"项目": "年度", "内容": YEAR},
            {"项目": "发文字号", "内容": f"滨公交党发〔{YEAR}〕8号"},
            {"项目": "成文日期", "内容": f"{YEAR}-03-05"},
            {"项目": "主送", "内容": "各基层党支部"},
            {"项目": "抄送", "内容": "集团公司纪委、工会、团委"},
            {"项目": "印发机关", "内容": COMMITTEE.removeprefix("中共") + "办公室"},
            {"项目": "印发日期", "内容": f"{YEAR}-03-06"},
            {"项目": "监督电话", "内容": "0571-86001234"},
        ],
        "领导小组": [
            {"姓名": "陆建国", "小组职务": "组长", "单位职务": "党委书记、董事长"},
            {"姓名": "韩立新", "小组职务": "副组长", "单位职务": "党委副书记、纪委书记"},
            {"姓名": "丁秀兰", "小组职务": "成员", "单位职务": "党委办公室主任"},
            {"姓名": "邓海燕", "小组职务": "成员", "单位职务": "人力资源部部长"},
            {"姓名": "方志红", "小组职务": "成员", "单位职务": "工会主席"},
        ],
        "任务": [
            {"任务编号": "T1", "任务名称": "宣传教育",
             "任务要求": "经常向联系职工讲解党的方针政策和集团的重要决定，"
                         "了解思想动态，及时反映意见和要求。"},
            {"任务编号": "T2", "任务名称": "营运服务",
             "任务要求": "带头安全行车、优质服务，及时纠正身边的违章行为，责任区内重大情况及时报告支部。"},
            {"任务编号": "T3", "任务名称": "文明建设",
             "任务要求": "带头参加文明线路、文明车厢创建，带动身边职工完成文明建设目标。"},
            {"任务编号": "T4", "任务名称": "廉政建设",
             "任务要求": "严守廉洁从业规定，在责任区内发挥示范和监督作用。"},
            {"任务编号": "T5", "任务名称": "培养联系",
             "任务要求": "联系培养入党积极分子，帮助他们提高认识、早日成熟。"},
            {"任务编号": "T6", "任务名称": "其他交办", "任务要求": "完成支部和党委交办的其他工作。"},
        ],
        "支部": [], "班组": [], "党员": [], "责任区": [], "责任区分工": [], "联系人": [],
        "承诺": [], "季度评分": [],
        "考核设置": [{"项目": "自评权重", "内容": 10}, {"项目": "互评权重", "内容": 20},
                     {"项目": "群众评议权重", "内容": 30}, {"项目": "组织考评权重", "内容": 40}],
    }
    for b, (branch_id, branch_name, teams) in enumerate(BRANCHES, start=1):
        ids = [f"M{b}{i:02d}" for i in range(1, MEMBERS_PER_BRANCH + 1)]
        data["支部"].append({"支部编号": branch_id, "支部名称": branch_name, "支部书记": ids[0],
                             "联系电话": f"0571-8600{b}00{b}", "档案号": f"DJ-{YEAR}-0{b}"})
        for team_id, team_name, staff in teams:
            data["班组"].append({"班组编号": team_id, "班组名称": team_name,
                                 "所属支部": branch_id, "职工人数": staff})
        area = f"Z{b}00"
        data["责任区"].append({
            "责任区编号": area, "责任区名称": f"{branch_name.removesuffix('党支部')}片区",
            "类型": "片区", "所属支部": branch_id, "责任党员": ids[0],
            "覆盖班组": [t[0] for t in teams], "范围": "本支部所辖全部班组和场站",
            "任务": ["T1", "T3", "T4", "T6"], "公开电话": f"0571-8600{b}00{b}"})
        _members(data, people, b, branch_id, teams, ids, area)
    _public_zones(data)
    _special_cases(data)
    return data


def _members(data: Data, people: People, b: int, branch_id: str,
             teams: tuple[tuple[str, str, int], ...], ids: list[str], area: str) -> None:
    team_cycle = [t[0] for t in teams]
    for index, member_id in enumerate(ids):
        team_id = "" if (b == 3 and index < 3) else team_cycle[index % len(team_cycle)]
        role = "支部书记" if index == 0 else ("支部委员" if index < 3 else "")
        data["党员"].append({
            "党员编号": member_id, "姓名": people.name(), "性别": people.gender(),
            "所属支部": branch_id, "所在班组": team_id,
            "岗位": "机关干部" if not team_id else POSTS[index % len(POSTS)],
            "党内职务": role, "入党日期": people.joined(), "手机": people.mobile(),
            "状态": "预备党员" if index == 14 else "正式党员"})
        for c in range(2 + index % 2):
            data["联系人"].append({
                "党员编号": member_id, "联系人姓名": people.name(),
                "类别": ("入党积极分子", "群众", "困难职工")[c],
                "所在班组": next((t[1] for t in teams if t[0] == team_id), "机关"),
                "联系电话": people.mobile(), "联系频次": "每月" if c else "每半月"})
        categories = list(PLEDGE_TEXTS)
        for category in categories[index % 2: index % 2 + 4] + ["临时任务"][: index % 3 == 0]:
            data["承诺"].append({
                "党员编号": member_id, "类别": category, "内容": PLEDGE_TEXTS[category],
                "完成时限": f"{YEAR}年12月" if category != "临时任务" else f"{YEAR}年10月",
                "一季度": "已按计划推进" if category == "年度目标" else "",
            })
        for quarter in (1, 2):
            data["季度评分"].append({
                "季度": ("一季度", "第二季度")[quarter - 1], "党员编号": member_id,
                "自评": people.score(85), "互评": people.score(), "群众评议": people.score(),
                "组织考评": people.score()})
    # Zones: a team zone per team (held by a committee member or cadre), post zones below.
    holders = {}
    for t, (team_id, team_name, _) in enumerate(teams):
        holder = ids[1 + t % 2] if t < 2 else ids[3 + t]
        holders[team_id] = f"Z{b}{t + 1}0"
        data["责任区"].append({
            "责任区编号": holders[team_id], "责任区名称": f"{team_name}责任区", "类型": "班组",
            "所属支部": branch_id, "上级责任区": area, "责任党员": holder,
            "覆盖班组": [team_id], "范围": f"{team_name}全体职工和所属车辆",
            "公开电话": f"0571-8600{b}{t + 1}{t + 1}0"})
    for index, member in enumerate(data["党员"][-len(ids):]):
        team_id = str(member.get("所在班组") or "")
        if not team_id or index in (0, 1, 2) or member["党员编号"] in _team_holders(data, ids):
            continue
        data["责任区"].append({
            "责任区编号": f"Z{member['党员编号']}", "责任区名称": f"{member['岗位']}示范岗",
            "类型": "岗位", "所属支部": branch_id, "上级责任区": holders[team_id],
            "责任党员": member["党员编号"], "覆盖班组": [team_id],
            "范围": f"本人所在{member['岗位']}岗位及结对职工", "任务": ["T1", "T2", "T5"]})


def _team_holders(data: Data, ids: list[str]) -> set[str]:
    return {z["责任党员"] for z in data["责任区"] if z["类型"] == "班组" and z["责任党员"] in ids}


def _public_zones(data: Data) -> None:
    """Public-area zones (区域) held by the office cadres of 机关党支部, with six roles each."""
    places = (("Z901", "同心广场站台绿化", "M301", "同心广场公交站台及周边绿地"),
              ("Z902", "中心路站点环卫", "M302", "中心路沿线8个公交站点的环境卫生"),
              ("Z903", "怡馨园首末站便民服务", "M303", "怡馨园首末站候车亭及便民服务点"))
    for zone_id, name, holder, scope in places:
        data["责任区"].append({"责任区编号": zone_id, "责任区名称": name, "类型": "区域",
                               "所属支部": "B03", "责任党员": holder, "范围": scope,
                               "任务": ["T1", "T3", "T6"], "公开电话": "0571-86009" + zone_id[1:]})
        for role, person, phone in (("业务带头人", "吕春林", "0571-86005501"),
                                    ("社区书记", "史雪梅", "0571-86005502"),
                                    ("联络员", "贺思源", ""),
                                    ("志愿者代表", "黎晓东", ""),
                                    ("监督员", "孔德胜", "0571-86001234")):
            data["责任区分工"].append({"责任区编号": zone_id, "姓名": person, "角色": role,
                                       "联系电话": phone})


def _special_cases(data: Data) -> None:
    members = {m["党员编号"]: m for m in data["党员"]}
    # Two members of the same name in different branches.
    members["M105"]["姓名"] = "张伟"
    members["M206"]["姓名"] = "张伟"
    # A member who moved to another company this year: no documents, no zone.
    moved = members["M215"]
    moved["状态"] = "转出"
    data["责任区"] = [z for z in data["责任区"] if z["责任党员"] != "M215"]
    data["季度评分"] = [s for s in data["季度评分"]
                        if not (s["党员编号"] == "M215" and s["季度"] == "第二季度")]
    # A photo for the branch secretary of B01.
    members["M101"]["照片"] = "照片/M101.png"
    scores = {(s["季度"], s["党员编号"]): s for s in data["季度评分"]}
    scores[("一季度", "M103")]["群众评议"] = None
    scores[("一季度", "M103")]["备注"] = "群众评议未回收"
    scores[("一季度", "M107")].update({"加分": 3, "备注": "见义勇为受到市级表彰"})
    scores[("第二季度", "M208")].update({"扣分": 5, "备注": "发生一起有责投诉"})
    scores[("第二季度", "M110")].update({"自评": 90, "互评": 90, "群众评议": 89.9, "组织考评": 90})


def write_sample(folder: Path) -> Path:
    """Write the sample workbook and its photo into `folder`; returns the workbook path."""
    path = folder / "主台账.xlsx"
    write_workbook(path, sample_data())
    photo = folder / "照片" / "M101.png"
    photo.parent.mkdir(parents=True, exist_ok=True)
    if not photo.exists():  # a photo the user put there is theirs
        photo.write_bytes(_portrait_png())
    return path


def _portrait_png(width: int = 90, height: int = 120) -> bytes:
    """A plain placeholder portrait (head and shoulders in grey on light blue)."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            head = (x - width / 2) ** 2 + (y - height * 0.38) ** 2 < (width * 0.22) ** 2
            body = y > height * 0.68 and abs(x - width / 2) < width * 0.38
            row += b"\x80\x80\x80" if head or body else b"\xd6\xe6\xf5"
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
