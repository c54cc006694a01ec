"""The words of the reports, zh and en: severities, summaries, the audit, its signals."""

from __future__ import annotations

REPORT_TEXT: dict[str, tuple[str, str]] = {
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.note": ("提示", "note"),
    "what.checklist": ("责任清单", "checklist"),
    "what.roster": ("网格花名册", "roster"),
    "what.self": ("村自考", "self-assessment"),
    "what.street": ("街道考核", "street assessment"),
    # What a sheet is not when it has no key header (sheet_skipped), and what a workbook holds
    # once (table_twice): the table kinds of gridscore/validate/score_tables.py.
    "table.score": ("评分表", "a score table"),
    "table.checklist": ("责任清单", "the checklist"),
    "table.roster": ("网格花名册", "the roster"),
    "table.events": ("事件记录表", "an event log"),
    # The fix a folder_missing problem ends with: create the folder, or rename the one that
    # was most plausibly meant (suggested, never read: which period it holds is the clerk's call).
    "folder.create": ("请建立该文件夹并放入本期的表格。", "Create it and put this period's workbooks in it."),
    "folder.rename": (
        "如果是，请把它改名为“{period}”（名称读不出期间的文件夹不会被当作本期读取）。",
        "If so, rename it to '{period}' (a folder whose name spells no period is never read as one).",
    ),
    "check.ok": ("检查通过：{period} 的数据没有错误。", "check passed: no errors in {period}."),
    "check.failed": (
        "发现 {errors} 个错误、{warnings} 个警告。请按提示修改后重新运行。",
        "{errors} errors and {warnings} warnings found. Fix them and run again.",
    ),
    "problems.none": ("没有发现问题。", "no problems found."),
    "summary.title": ("{period} 网格考核结果", "{period} grid assessment results"),
    "summary.counts": (
        "共 {grids} 个网格；表彰 {commended} 个，提醒谈话 {interviewed} 个，一票否决 {vetoed} 个。",
        "{grids} grids; {commended} commended, {interviewed} for interview, {vetoed} vetoed.",
    ),
    "summary.top": ("前 {n} 名", "top {n}"),
    "summary.bottom": ("后 {n} 名", "bottom {n}"),
    "summary.written": ("已写入：", "written:"),
    "summary.folder": ("文件都在这个文件夹：{folder}", "the files are in: {folder}"),
    "summary.longer_list": (
        "{list}因名次并列共 {n} 个网格（规定 {limit} 个）。",
        "the {list} has {n} grids because of a tie (limit {limit}).",
    ),
    "period.invalid": (
        "期间“{value}”无效。季度写作 Q3 或 2020-Q3，月份写作 2020-07。",
        "period '{value}' is invalid. Write a quarter as Q3 or 2020-Q3, a month as 2020-07.",
    ),
    "period.year_clash": (
        "gridscore.toml 中的年度是 year = {rules_year}，但数据中还有更新的 {data_year} 年的 {quarter}。"
        "请写明要哪一年：{data_year}-{quarter} 或 {rules_year}-{quarter}（或加 --year）；"
        "新的一年请删除 gridscore.toml 中的 year 一行。",
        "gridscore.toml sets year = {rules_year}, but the data also holds {quarter} of the later year"
        " {data_year}. Say which: {data_year}-{quarter} or {rules_year}-{quarter} (or --year);"
        " for a new year, remove the year line from gridscore.toml.",
    ),
    "template.written": ("已生成 {n} 份空白表，在 {folder}：", "{n} blank forms written to {folder}:"),
    "template.next": (
        "下发填写 → 收回后放进数据文件夹的同名期间文件夹 → {prog} check --period {period}{options} → 计算结果。",
        "send them out → put the filled forms in the data folder's period folder →"
        " {prog} check --period {period}{options} → compute the results.",
    ),
    "init.done": (
        "已在 {folder} 写入示例数据（{n} 个文件：责任清单、网格花名册、2020 年 12 个月的村自考表、"
        "4 个季度的街道考核表和规则文件 gridscore.toml）。接下来可以试试：\n"
        "  {prog} check --in {folder_arg}\n"
        "  {prog} quarter Q3 --in {folder_arg}\n"
        "  {prog} year 2020 --in {folder_arg}\n"
        "  {prog} template --in {folder_arg} --period 2021-01",
        "wrote the example data to {folder} ({n} files: checklist, roster, twelve months of"
        " self-assessment, four quarters of street assessment, and gridscore.toml). Try next:\n"
        "  {prog} check --in {folder_arg}\n"
        "  {prog} quarter Q3 --in {folder_arg}\n"
        "  {prog} year 2020 --in {folder_arg}\n"
        "  {prog} template --in {folder_arg} --period 2021-01",
    ),
    "init.launcher": (
        "在 Windows 上也可以双击 {path}：先检查数据，再计算您输入的季度。",
        "on Windows, double-click {path} instead: it checks the data, then computes the quarter you type.",
    ),
    "init.working": ("正在写入示例数据……", "writing the example data..."),
    "problems.notes": (
        "另有 {n} 条提示（如跳过的填表说明工作表），用 --format json 可查看全部。",
        "{n} notes not shown (such as skipped instruction sheets); --format json lists them all.",
    ),
    "audit.title": ("{period} 网格数据核查", "{period} data authenticity audit"),
    "audit.totals": (
        "采集信息 {records} 条，上报事件 {events} 件，网格内办结率 {rate}；发现核查线索 {flags} 条。",
        "{records} records, {events} events reported, {rate} resolved within the grid; {flags} flags.",
    ),
    "audit.evidence": (
        "核查标记是需要核实的线索，不是扣分依据；确属弄虚作假的，请通过责任清单的扣分项目记录扣分。",
        "Flags are evidence to check, never a deduction: record a confirmed case through a 扣分 item.",
    ),
    "audit.signal_count": ("{signal}（{n}）", "{signal} ({n})"),
    "audit.col.grid": ("网格", "Grid"),
    "audit.col.person": ("人员", "Person"),
    "audit.col.month": ("月份", "Month"),
    "audit.col.detail": ("依据", "Evidence"),
    "loading": ("正在读取表格", "reading workbooks"),
    "col.rank": ("排名", "Rank"),
    "col.grid_id": ("网格编号", "Grid id"),
    "col.village": ("村(社区)", "Village"),
    "col.grid_name": ("网格名称", "Grid"),
    "col.leader": ("网格长", "Grid leader"),
    "col.members": ("网格员", "Grid members"),
    "col.self": ("村自考得分", "Self"),
    "col.street": ("街道考核得分", "Street"),
    "col.composite": ("综合得分", "Composite"),
    "col.grade": ("等次", "Grade"),
    "col.reason": ("原因", "Reason"),
    "col.remark": ("备注", "Remark"),
    "col.flags": ("标记", "Flags"),
    "col.where": ("位置", "Where"),
    "col.severity": ("级别", "Severity"),
    "col.code": ("代码", "Code"),
    "col.message": ("说明", "Message"),
    "reason.veto": ("一票否决", "veto"),
    "reason.top": ("综合排名前{n}名", "top {n} by composite"),
    "reason.bottom": ("综合排名后{n}名", "bottom {n} by composite"),
    "flag.veto": ("一票否决", "vetoed"),
    "flag.month_missing": ("自考缺月", "self-assessment month missing"),
    "flag.bonus_capped": ("加分超上限", "bonus over the cap"),
    "flag.rank_drop": ("名次大幅下降", "rank fell sharply"),
    "flag.interview_twice": ("连续两季度提醒谈话", "interview list two quarters running"),
    "flag.partial": ("未满四个季度", "fewer than four quarters"),
    "list.commend": ("表彰名单", "commendation list"),
    "list.interview": ("提醒谈话名单", "interview list"),
    "what.events": ("事件记录", "event log"),
    "signal.burst": ("集中办结", "burst of closures"),
    "signal.rush": ("突击录入", "month's records rushed in"),
    "signal.silent": ("只打卡无记录", "check-ins only"),
    "signal.impossible": ("办结时间异常", "impossible closing time"),
    "signal.straight_line": ("评分雷同", "straight-line scoring"),
}
