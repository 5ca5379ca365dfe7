"""Warnings about a roster that reads correctly but leaves the programme incomplete.

These never stop a build (unless `--strict`); each names the row to look at.
"""

from __future__ import annotations

from ..filing import contents_date
from ..model import Roster
from ..problems import Problems
from ..rules import RATER_KEYS, SIGN_ROLES_LIMIT, SIGN_SCOPE_LIMIT, sign_roles
from . import sheets as S


def check_roster(roster: Roster, problems: Problems) -> None:
    _filing_date(roster, problems)
    _coverage(roster, problems)
    _sign_text(roster, problems)
    _contacts_and_pledges(roster, problems)
    _scores(roster, problems)


def _filing_date(roster: Roster, problems: Problems) -> None:
    set_date = roster.company.filing_date
    if set_date is None:
        return
    latest = contents_date(roster)
    if latest is not None and set_date < latest:
        problems.warning(f"立卷日期早于卷内最晚的文件（{latest.isoformat()}），档案卷不应早于其中的文件",
                         S.COMPANY.name, None, "内容（立卷日期）", set_date.isoformat())


def _coverage(roster: Roster, problems: Problems) -> None:
    for member in roster.members.values():
        zones = roster.zones_of(member.id)
        if member.active and not zones:
            problems.warning("这名党员没有承担任何责任区（应做到党员全覆盖）",
                             S.MEMBERS.name, member.row, "党员编号", member.id)
        if not member.active:
            for zone in zones:
                problems.warning(f"责任党员 {member.name} 已转出，请为这个责任区另定责任党员",
                                 S.ZONES.name, zone.row, "责任党员", member.id)
    covered = {team for zone in roster.zones.values() for team in zone.team_ids}
    for team in roster.teams.values():
        if team.id not in covered:
            problems.warning("这个班组没有被任何责任区覆盖（应做到无盲点）",
                             S.TEAMS.name, team.row, "班组编号", team.id)
    for branch in roster.branches.values():
        if not branch.secretary_id:
            problems.warning("这个支部没有填支部书记", S.BRANCHES.name, branch.row, "支部书记")
    for zone in roster.zones.values():
        home = roster.branches.get(zone.branch_id)
        if not zone.phone and not (home and home.phone):  # the sign falls back on the branch's
            problems.warning("没有公开电话，所在支部也没有填联系电话：标志牌上将不印公开电话",
                             S.ZONES.name, zone.row, "公开电话")
        holder = roster.members.get(zone.member_id)
        if holder is not None and holder.branch_id != zone.branch_id:
            problems.warning(f"责任党员 {holder.name} 不属于这个责任区所在的支部",
                             S.ZONES.name, zone.row, "责任党员", zone.member_id)


def _sign_text(roster: Roster, problems: Problems) -> None:
    for zone in roster.zones.values():
        if len(zone.scope) > SIGN_SCOPE_LIMIT:
            problems.warning(f"范围有 {len(zone.scope)} 字，标志牌只印得下 {SIGN_SCOPE_LIMIT} 字，"
                             f"超出部分会以“…”截去；请精简到 {SIGN_SCOPE_LIMIT} 字以内",
                             S.ZONES.name, zone.row, "范围", zone.scope)
        roles = roster.roles_of(zone.id)
        text = sign_roles([(r.role, r.name, r.phone) for r in roles])
        if len(text) > SIGN_ROLES_LIMIT:
            first = roles[0]
            problems.warning(f"责任区 {zone.id} 的分工共 {len(roles)} 人、{len(text)} 字，标志牌只印得下 "
                             f"{SIGN_ROLES_LIMIT} 字，超出部分会以“…”截去；请减少角色或省去电话",
                             S.ROLES.name, first.row, "责任区编号", zone.id)


def _contacts_and_pledges(roster: Roster, problems: Problems) -> None:
    low, high = roster.settings.contacts_min, roster.settings.contacts_max
    for member in roster.active_members():
        count = len(roster.contacts_of(member.id))
        if count < low:
            problems.warning(f"只有 {count} 名重点联系人，应不少于 {low} 名",
                             S.MEMBERS.name, member.row, "党员编号", member.id)
        elif count > high:
            problems.warning(f"有 {count} 名重点联系人，超过上限 {high} 名",
                             S.MEMBERS.name, member.row, "党员编号", member.id)
        if not roster.pledges_of(member.id):
            problems.warning("这名党员还没有填写承诺事项",
                             S.MEMBERS.name, member.row, "党员编号", member.id)


def _scores(roster: Roster, problems: Problems) -> None:
    for score in roster.scores:
        for rater in RATER_KEYS:
            if score.ratings.get(rater) is None:
                problems.warning("未评分，总分按其余评分折算，表中标注“缺项”",
                                 S.SCORES.name, score.row, rater)
    scored = {(s.quarter, s.member_id) for s in roster.scores}
    for quarter in sorted({s.quarter for s in roster.scores}):
        for member in roster.active_members():
            if (quarter, member.id) not in scored:
                problems.warning(f"第{quarter}季度没有这名党员的评分，考核表中列为“未考核”",
                                 S.MEMBERS.name, member.row, "党员编号", member.id)
