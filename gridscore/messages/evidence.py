"""The words of an audit flag's evidence, zh and en (the workbook's are always the zh ones)."""

from __future__ import annotations

EVIDENCE_TEXT: dict[str, tuple[str, str]] = {
    "evidence.span": ("{start} 至 {end}", "{start} to {end}"),
    "evidence.sep": ("、", ", "),
    "evidence.burst": ("{span} 办结{kinds} {count} 起", "{count} {kinds} closures {span}"),
    "evidence.burst_window": (
        "，其中 {span} {minutes} 分钟内 {count} 起",
        ", {count} of them within {minutes} minutes ({span})",
    ),
    "evidence.burst_whole": ("，用时 {minutes} 分钟", ", in {minutes} minutes"),
    "evidence.burst_threshold": (
        "（阈值：{minutes} 分钟内 {count} 起）",
        " (threshold: {count} within {minutes} minutes)",
    ),
    "evidence.burst_grids": ("；涉及网格 {grids}", "; grids involved: {grids}"),
    "evidence.rush": (
        "{span} 上报 {count} 条，占本月 {records} 条记录（打卡签到除外）的 {share}"
        "（阈值：{hours} 小时内 {threshold}）",
        "{count} of the month's {records} records (check-ins aside), {share}, reported {span}"
        " (threshold: {threshold} within {hours} hours)",
    ),
    "evidence.silent_checkins": (
        "{month} 只有打卡签到 {checkins} 次（{people}），没有采集或上报任何信息",
        "{month}: check-ins only, {checkins} ({people}), no record collected or reported",
    ),
    "evidence.silent_nothing": (
        "{month} 平台上没有任何记录（连打卡签到也没有）",
        "{month}: no record on the platform, not even a check-in",
    ),
    "evidence.person_times": ("{person} {n} 次", "{person} {n}"),
    "evidence.example": (
        "{event_id} 上报 {reported}，办结 {closed}",
        "{event_id} reported {reported}, closed {closed}",
    ),
    "evidence.example_sep": ("；", "; "),
    "evidence.more": ("；……", "; …"),
    "evidence.closed_before_reported": (
        "{count} 起事件办结时间早于上报时间：{examples}",
        "{count} event(s) closed before they were reported: {examples}",
    ),
    "evidence.too_fast": (
        "{count} 起{kinds}上报后不到 {minutes} 分钟即办结：{examples}",
        "{count} {kinds} closed less than {minutes} minutes after they were reported: {examples}",
    ),
    "evidence.full_marks": (
        "{file} 中评分人“{rater}”的工作表给全部 {grids} 个网格的 {items} 项基础项都打了满分",
        "{file}: rater '{rater}' gives all {grids} grids full marks on all {items} base items",
    ),
    "evidence.same_scores": (
        "{file} 中评分人“{rater}”的工作表给全部 {grids} 个网格的 {items} 项基础项逐项打了完全相同的分",
        "{file}: rater '{rater}' gives all {grids} grids the very same score on each of {items} base items",
    ),
}
