"""Chinese labels of the closed vocabularies and report titles, for tables, exports and charts."""

from __future__ import annotations

from typing import Final

from matching.enums import (
    EmployerKind,
    PostingKind,
    ProposalStatus,
    ReasonCode,
    StationKind,
    WorkMode,
)

POSTING_KINDS: Final = {
    PostingKind.odd_job: "零工",
    PostingKind.part_time: "兼职",
    PostingKind.full_time: "全职",
    PostingKind.seasonal: "季节工",
}
WORK_MODES: Final = {
    WorkMode.on_site: "到岗工作",
    WorkMode.take_home: "居家计件",
    WorkMode.mobile: "流动作业",
}
EMPLOYER_KINDS: Final = {
    EmployerKind.micro_factory: "微工厂",
    EmployerKind.workshop: "手工坊",
    EmployerKind.shop: "商户",
    EmployerKind.household: "家庭雇主",
    EmployerKind.partner: "社区合伙人",
    EmployerKind.other: "其他用工主体",
}
STATION_KINDS: Final = {
    StationKind.gig_station: "零工驿站",
    StationKind.service_station: "就业服务驿站",
    StationKind.window: "零工服务窗口",
}
PROPOSAL_STATUSES: Final = {
    ProposalStatus.proposed: "已推荐",
    ProposalStatus.accepted: "求职者已接受",
    ProposalStatus.declined: "求职者拒绝",
    ProposalStatus.interviewed: "已面试",
    ProposalStatus.hired: "在岗",
    ProposalStatus.rejected: "用工方未录用",
    ProposalStatus.no_show: "未到岗",
    ProposalStatus.completed: "已完工",
    ProposalStatus.left_early: "提前离岗",
    ProposalStatus.withdrawn: "已撤回",
}
REASONS: Final = {
    ReasonCode.too_far: "路程太远",
    ReasonCode.pay: "工资待遇",
    ReasonCode.hours: "工作时间",
    ReasonCode.skills: "技能不符",
    ReasonCode.health: "身体原因",
    ReasonCode.found_other_work: "已找到其他工作",
    ReasonCode.other: "其他原因",
    ReasonCode.family: "家庭原因",
    ReasonCode.conditions: "工作条件",
    ReasonCode.transport: "交通不便",
}
TITLES: Final = {
    "summary": "就业帮扶总览",
    "placements": "上岗人数",
    "near_home": "不便外出人员就近就业",
    "facilities": "微工厂与驿站",
    "full_employment": "高质量充分就业社区",
    "vacancies": "岗位发布与招满",
    "outcomes": "推荐结果",
}


def enum_label(value: str) -> str:
    """The Chinese label of any posting kind, work mode, employer or station kind value."""
    for table in (POSTING_KINDS, WORK_MODES, EMPLOYER_KINDS, STATION_KINDS):
        for member, label in table.items():
            if member.value == value:
                return label
    return value


def outcome_label(status: str, reason: str | None) -> str:
    """``求职者拒绝 · 路程太远`` for a status and an optional reason."""
    label = PROPOSAL_STATUSES.get(ProposalStatus(status), status)
    if reason is None:
        return label
    return f"{label} · {REASONS.get(ReasonCode(reason), reason)}"
