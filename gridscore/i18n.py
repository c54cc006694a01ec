"""User-facing text in Simplified Chinese (default) and English."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from gridscore.problems import Code

# Each problem message says what is wrong and what to do, and echoes the value seen.
PROBLEMS: dict[Code, tuple[str, str]] = {
    Code.RULES_UNREADABLE: (
        "规则文件无法读取{at}：{error}",
        "the rules file cannot be read{at}: {error}",
    ),
    Code.RULES_INVALID: (
        "设置项 {key} 无效{at}：{error}",
        "setting {key}{at} is invalid: {error}",
    ),
    Code.RULES_UNKNOWN_KEY: (
        "没有名为 {key} 的设置项{at}。请检查拼写，或删除这一项（可用的设置见 README 的规则说明）。",
        "there is no setting called {key}{at}. Check the spelling or remove it (see the README's rules).",
    ),
    Code.NOT_A_DATA_FOLDER: (
        "在文件夹 {folder} 中没有找到责任清单 {checklist} 和网格花名册 {roster}，这里不像是数据文件夹。"
        "请用 --in 指定数据文件夹，如：{example}",
        "neither the checklist {checklist} nor the roster {roster} is in the folder {folder}: it does"
        " not look like a data folder. Name the data folder with --in, e.g. {example}",
    ),
    Code.NO_PERIOD_FOLDERS: (
        "数据文件夹 {folder} 的 {self}/ 和 {street}/ 中没有任何期间文件夹（如 {self}/2020-07、{street}/2020-Q3）。"
        "请把收回的表格放进对应期间的文件夹；空白表可用 {template} 生成。",
        "the data folder {folder} has no period folders under {self}/ or {street}/ (such as"
        " {self}/2020-07 or {street}/2020-Q3). Put the returned forms in their period's folder;"
        " {template} writes blank ones.",
    ),
    Code.RULES_ENCODING: (
        "规则文件是以 {encoding} 编码保存的（记事本的“ANSI”），已按 {encoding} 读取。建议用记事本打开它，"
        "点“文件 → 另存为”，把下方的“编码”选为 UTF-8 后保存。",
        "the rules file is saved as {encoding} (Notepad's 'ANSI') and was read as such. Open it in"
        " Notepad, choose File → Save As, set Encoding to UTF-8 and save.",
    ),
    Code.FILE_MISSING: (
        "找不到{what}文件 {path}。请把它放到数据文件夹中，或在 gridscore.toml 的 [paths] 中指定。",
        "the {what} file {path} is missing. Put it in the data folder or set it under [paths].",
    ),
    Code.FILE_UNREADABLE: (
        "文件无法读取（{error}）。请用 Excel 或 WPS 打开后另存为 .xlsx 再试。",
        "the file cannot be read ({error}). Open it in Excel or WPS and save it as .xlsx.",
    ),
    Code.FILE_SKIPPED: (
        "不是支持的表格文件（.xlsx .xlsm .xls .ods .csv），已跳过。",
        "not a supported spreadsheet (.xlsx .xlsm .xls .ods .csv); skipped.",
    ),
    Code.FOLDER_MISSING: (
        "找不到{what}文件夹 {path}。{fix}",
        "the {what} folder {path} is missing. {fix}",
    ),
    Code.PERIOD_FOLDER_TWICE: (
        "{first} 和 {other} 是同一期间 {period} 的两个文件夹，没有读取。请把表格放进其中一个文件夹，删除另一个。",
        "{first} and {other} are two folders for the same period {period}; neither was read."
        " Put the workbooks in one of them and remove the other.",
    ),
    Code.PERIOD_FOLDER_UNREADABLE: (
        "文件夹“{name}”看起来像期间，但读不出是哪个月或哪个季度，没有读取。"
        "月份写作 2020-07 或 2020年7月，季度写作 2020-Q3 或 2020年第三季度。",
        "the folder '{name}' looks like a period but names no month or quarter; not read."
        " Write a month as 2020-07 or 2020年7月, a quarter as 2020-Q3 or 2020年第三季度.",
    ),
    Code.SHEET_SKIPPED: (
        "工作表没有“{key}”列，不是评分表，已跳过。",
        "the sheet has no '{key}' column, so it is not a score table; skipped.",
    ),
    Code.HEADER_KEY_MISSING: (
        "这张表是评分表（表中有 {sample}），但本应写表头“{key}”的这个单元格是空的，整张表没有读取。"
        "请在这个单元格填上“{key}”。",
        "this sheet is a score table (it holds {sample}), but this cell, where the '{key}' header"
        " belongs, is blank, so the sheet was not read. Enter '{key}' in this cell.",
    ),
    Code.HEADER_KEY_WRONG: (
        "这张表是评分表（表中有 {sample}），但本应写表头“{key}”的这个单元格写的是“{value}”，整张表没有读取。"
        "请把“{value}”改为“{key}”。",
        "this sheet is a score table (it holds {sample}), but this cell, where the '{key}' header"
        " belongs, reads '{value}', so the sheet was not read. Change '{value}' to '{key}'.",
    ),
    Code.HEADER_KEY_LOW: (
        "表头“{key}”在第 {low} 行，比其他列的表头（第 {row} 行）低了一行；已把这两行当作同一个表头读取。"
        "请把“{key}”移到第 {row} 行，与其他表头对齐。",
        "the '{key}' header is on row {low}, one row below the other headers (row {row}); the two"
        " rows were read as one header. Move '{key}' up to row {row}.",
    ),
    Code.HEADER_KEY_BESIDE: (
        "表头“{key}”下面的这一列是空的，{sample} 等写在旁边表头空着的 {column} 列（多半是合并了表头单元格）；"
        "已按 {column} 列是“{key}”读取。请取消合并，把“{key}”写在 {column} 列的表头。",
        "the column under the '{key}' header is empty, and {sample} are in column {column} beside it,"
        " whose header is blank (the header cells were probably merged); column {column} was read as"
        " '{key}'. Unmerge the cells and put '{key}' over column {column}.",
    ),
    Code.SHEET_BLANK: (
        "这张评分表一个分数也没有填（可能是还没填写的空白表），没有计入。请填好分数，或把这个工作表（文件）"
        "移出本期文件夹。",
        "this score sheet has no score filled in at all (a blank form, not yet filled); it is not"
        " counted. Fill in the scores, or move the sheet (or file) out of the period folder.",
    ),
    Code.RATER_MISSING: (
        "{village}在本季度其他月份（{months}）有评分人“{rater}”的工作表，这个月的工作簿里没有。"
        "该村各网格本月的自考得分会少一位评分人；如漏交，请补上这张工作表。",
        "{village} has a sheet for rater '{rater}' in the quarter's other months ({months}) but not"
        " in this month's workbook, so this month's self scores rest on one rater fewer. Add the"
        " sheet if it was left out.",
    ),
    Code.RATER_COUNT_DIFFERS: (
        "{village}各月的评分人数不同（{counts}），各月自考得分由不同人数的评分人组成。请核对各月的评分人工作表。",
        "{village} has a different number of raters from month to month ({counts}), so its"
        " monthly self scores rest on different panels. Check each month's rater sheets.",
    ),
    Code.NO_TABLE: (
        "没有找到含“{key}”列的工作表。请确认表头行中有“{key}”。",
        "no sheet has a '{key}' column. Make sure the header row holds '{key}'.",
    ),
    Code.COLUMN_MISSING: (
        "表头缺少必填列“{column}”。请在表头行中加上这一列。",
        "the header lacks the required column '{column}'. Add it to the header row.",
    ),
    Code.VALUE_MISSING: (
        "“{column}”为空。请填写。",
        "'{column}' is empty. Fill it in.",
    ),
    Code.NOT_A_NUMBER: (
        "“{value}”不是数字。请只填写数字（如 8 或 7.5），不要带单位或文字。",
        "'{value}' is not a number. Enter a plain number (e.g. 8 or 7.5), no units or words.",
    ),
    Code.POINTS_INVALID: (
        "分值“{value}”无效。基础、加分、扣分项的分值须为正数。",
        "points '{value}' are invalid: base, bonus and deduction items need positive points.",
    ),
    Code.TYPE_INVALID: (
        "类型“{value}”无效。请填写 基础、加分、扣分 或 否决（留空为基础）。",
        "type '{value}' is invalid. Use 基础, 加分, 扣分 or 否决 (blank means 基础).",
    ),
    Code.POINTS_TOTAL: (
        "基础项分值合计为 {total}，应为 {expected}。请核对责任清单各项分值。",
        "the base items' points add up to {total}, not {expected}. Check the checklist points.",
    ),
    Code.DUPLICATE_ITEM: (
        "编号 {code} 重复（首次出现在 {first}）。每个考核项目的编号必须唯一。",
        "item code {code} is repeated (first at {first}). Each item code must be unique.",
    ),
    Code.DUPLICATE_GRID: (
        "网格编号 {grid} 重复（首次出现在 {first}）。每个网格编号必须唯一。",
        "grid id {grid} is repeated (first at {first}). Each grid id must be unique.",
    ),
    Code.DUPLICATE_ROW: (
        "{code} 在本表中出现两次（首次在 {first}）。请删除重复的行。",
        "{code} appears twice on this sheet (first at {first}). Delete the repeated row.",
    ),
    Code.DUPLICATE_COLUMN: (
        "网格 {grid} 在本表中出现两次（首次在 {first}）。请删除重复的列或行。",
        "grid {grid} appears twice on this sheet (first at {first}). Delete the repeat.",
    ),
    Code.UNKNOWN_GRID: (
        "网格“{value}”不在网格花名册中。请使用花名册中的网格编号或网格名称。",
        "grid '{value}' is not in the roster. Use a grid id or grid name from the roster.",
    ),
    Code.GRID_NAME_AMBIGUOUS: (
        "网格名称“{value}”在花名册中不唯一。请改用网格编号。",
        "grid name '{value}' is not unique in the roster. Use the grid id instead.",
    ),
    Code.UNKNOWN_ITEM: (
        "“{value}”不是责任清单中的考核项目。请使用清单中的编号（如 DJ-01）。",
        "'{value}' is not a checklist item. Use a checklist item code (e.g. DJ-01).",
    ),
    Code.SCORE_OUT_OF_RANGE: (
        "{code} 得分 {value} 超出范围 0～{max}。请改为 0 到 {max} 之间的数。",
        "{code} score {value} is outside 0..{max}. Enter a number from 0 to {max}.",
    ),
    Code.SCORE_MISSING: (
        "网格 {grid} 的 {code} 未评分。基础项必须逐项评分。",
        "grid {grid} has no score for {code}. Every base item must be scored.",
    ),
    Code.ROW_MISSING: (
        "缺少考核项目 {code}（{content}）的行。每位评分人都要为本表各网格逐项评分，请补上这一行。",
        "the row for item {code} ({content}) is missing. Each rater scores every base item.",
    ),
    Code.ITEM_NOT_SCORED: (
        "没有任何街道考核表为 {code}（{content}）评分。请向责任部门 {department} 收取考核表。",
        "no street workbook scores {code} ({content}). Collect the form from {department}.",
    ),
    Code.GRID_NOT_SCORED: (
        "网格 {grid} 不在任何街道考核表中。请在各部门考核表中加上这个网格。",
        "grid {grid} is in no street workbook. Add it to the departments' forms.",
    ),
    Code.VETO_INVALID: (
        "{code} 否决项填写“{value}”无效。请填 是/否（或 1/0），不否决可留空。",
        "veto {code}: '{value}' is invalid. Enter 是/否 (or 1/0); blank means no veto.",
    ),
    Code.VETO_IN_SELF: (
        "否决项 {code} 不参加村自考，本行已忽略。",
        "veto item {code} is not self-assessed; this row is ignored.",
    ),
    Code.GRID_IN_TWO_WORKBOOKS: (
        "本工作簿和 {other} 都有 {count} 个网格（{grids}）的本月自考。一个网格每月只在一个工作簿中自考："
        "如果其中一个是副本，请删除它；否则请删除重复的网格列。",
        "this workbook and {other} both hold this month's self-assessment of {count} grid(s)"
        " ({grids}). A grid is self-assessed in one workbook a month: delete the copy, or the"
        " repeated grid columns.",
    ),
    Code.SCORED_TWICE: (
        "网格 {grid} 的 {code} 本季度被评分两次（另见 {first}）。每项只能由一个部门评分一次，请删除其一。",
        "grid {grid} item {code} is scored twice this quarter (also {first}). Keep one.",
    ),
    Code.MONTH_MISSING: (
        "网格 {grid} 缺少 {month} 的村自考。请补交该月自考表（规则 self.allow_missing_months = true"
        " 时缺月不算错误，按已有月份计算并标记）。",
        "grid {grid} has no self-assessment for {month}. Add that month's workbook (with"
        " self.allow_missing_months = true a missing month is allowed, and flagged).",
    ),
    Code.OTHER_DEPARTMENT: (
        "{code} 的责任部门是 {owner}，却由 {department} 评分。请确认是否填错了表。",
        "{code} belongs to {owner} but was scored by {department}. Check the right form was used.",
    ),
    Code.TOTAL_MISMATCH: (
        "合计行的数值 {value} 与逐项相加的 {expected} 不符（合计行不参与计算）。请核对。",
        "the total row holds {value} but the cells add up to {expected} (totals are not used).",
    ),
    Code.YEAR_UNKNOWN: (
        "无法确定年度（数据中的年度：{found}）。请用 --year 指定，或在规则中设置 year。",
        "cannot tell the year (years in the data: {found}). Pass --year or set year in the rules.",
    ),
    Code.QUARTER_MISSING: (
        "找不到 {period} 的考核数据。年度结算需要四个季度；只结算已有季度请加 --partial。",
        "no data for {period}. The year needs four quarters; use --partial to settle those present.",
    ),
    Code.PREVIOUS_UNUSABLE: (
        "上一季度 {period} 的数据有错误，本季度不显示名次变化。可先运行 gridscore check --period {period}。",
        "the previous quarter {period} has input errors, so rank changes are not shown."
        " Run gridscore check --period {period}.",
    ),
    Code.ISSUER_MISSING: (
        "公示没有落款：规则文件中既没有 street_name，也没有 [notice] issuer。"
        '请在 gridscore.toml 中写上 street_name = "某某街道"，或在 [notice] 中写 issuer = "发文单位"。',
        "the notice has no issuer (落款): the rules set neither street_name nor [notice] issuer."
        ' Add street_name = "..." to gridscore.toml, or issuer = "..." under [notice].',
    ),
    Code.EVENT_DUPLICATE: (
        "事件编号 {event} 重复（首次出现在 {first}）。每个事件编号只能出现一次，请删除重复的行。",
        "event id {event} is repeated (first at {first}). Each event id appears once: delete the repeat.",
    ),
    Code.TIME_INVALID: (
        "“{column}”的值“{value}”不是有效的日期和时间。请填写如 2020-07-03 14:05 或 2020/7/3 14:05:00 的日期和时间。",
        "'{column}' holds '{value}', which is not a date and time. Enter e.g. 2020-07-03 14:05 or 2020/7/3 14:05:00.",
    ),
    Code.REPORTED_MISSING: (
        "已填写办结时间 {closed}，但上报时间为空。请补填该事件的上报时间。",
        "the event was closed at {closed} but has no reported time. Fill in its 上报时间.",
    ),
    Code.EVENT_OUTSIDE_MONTH: (
        "上报时间 {value} 不在文件夹 {month} 的月份内，核查时按上报时间计入 {actual}。请把该事件放到 {actual} 的文件夹中，或核对上报时间。",
        "reported at {value}, outside the folder's month {month}; it counts for {actual}."
        " Move it to the {actual} folder or check the time.",
    ),
    Code.FILE_EMPTY: (
        "文件是空的（0 字节），可能下载或复制没有完成。请重新获取这个文件。",
        "the file is empty (0 bytes): the download or copy did not finish. Get the file again.",
    ),
    Code.FILE_WRONG_TYPE: (
        "文件内容不是 Excel/WPS 工作簿，而是 {actual} 格式（可能是改了扩展名，或从网页系统导出）。"
        "请用 Excel 或 WPS 打开它，另存为 .xlsx（Excel 工作簿）后放回。",
        "the file is not an Excel/WPS workbook but {actual} (renamed, or exported from a web system)."
        " Open it in Excel or WPS and save it as an .xlsx workbook.",
    ),
    Code.FILE_ENCRYPTED: (
        "文件设置了打开密码（已加密），无法读取。请在 Excel/WPS 中打开，取消打开密码后保存，再放回。",
        "the workbook is encrypted (it has a password to open). Open it in Excel/WPS, remove the"
        " password, save it and put it back.",
    ),
    Code.FILE_TOO_LARGE: (
        "文件解压后过大或压缩比异常（{detail}），可能是损坏或恶意构造的文件，为安全起见没有读取。"
        "请确认文件来源，在 Excel/WPS 中打开后另存为新的 .xlsx。",
        "the file expands too much ({detail}): damaged or crafted, so it was not read. Check where"
        " it came from; open it in Excel/WPS and save it as a new .xlsx.",
    ),
    Code.FILE_UNSAFE: (
        "文件中的 {part} 含有 DOCTYPE（实体声明），Excel、WPS 不会写出这种内容，为安全起见没有读取。"
        "请确认文件来源，在 Excel/WPS 中另存为新的 .xlsx。",
        "{part} in the file holds a DOCTYPE (entity declarations), which Excel and WPS never write;"
        " it was not read. Check where it came from and save it as a new .xlsx in Excel/WPS.",
    ),
    Code.FORMAT_UNSUPPORTED: (
        "不支持 {format} 格式。请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后放回。",
        "the {format} format is not supported. Open it in Excel or WPS and save it as an .xlsx workbook.",
    ),
    Code.RANGE_TOO_LARGE: (
        "工作表的已用区域延伸到 {far}（{rows} 行 × {cols} 列），超过 {limit} 个单元格的上限，没有读取。"
        "通常是远处误输入的单元格：在 Excel/WPS 中按 Ctrl+End 找到它，删除多余的行和列，保存后再试；"
        "若确实有这么多数据（如全区一个月的事件记录导出），请分成几个文件放在同一文件夹中。",
        "the sheet's used range reaches {far} ({rows} rows × {cols} columns), over the limit of"
        " {limit} cells; not read. Usually a stray cell: press Ctrl+End in Excel/WPS to find it,"
        " delete the extra rows and columns, and save; if the data really is that large (a whole"
        " district's month of events), split it into several files in the same folder.",
    ),
    Code.FORMULA_NOT_CALCULATED: (
        "单元格是公式 {formula}，但文件中没有保存计算结果（文件由其他程序生成，从未在 Excel/WPS 中打开）。"
        "请用 Excel 或 WPS 打开此文件并保存，再运行。",
        "the cell holds the formula {formula} but the file has no calculated value for it (written"
        " by a program, never opened in Excel/WPS). Open the file in Excel or WPS, save it, and run again.",
    ),
    Code.FORMULA_ERROR: (
        "单元格的值是错误 {value}（公式无法计算）。请改正公式或它引用的数据，在 Excel/WPS 中保存后再试。",
        "the cell's value is the error {value} (the formula cannot be calculated). Fix the formula"
        " or the data it uses, save in Excel/WPS, and run again.",
    ),
    Code.SCORE_IS_DATE: (
        "“{value}”是日期，不是分数：单元格可能被设成了日期格式。请把单元格格式改为“常规”或“数值”，重新输入分数。",
        "'{value}' is a date, not a score: the cell is probably formatted as a date. Set the"
        " format to General or Number and enter the score again.",
    ),
    Code.HIDDEN_ROWS: (
        "第 {rows} 行是隐藏行，其中的数据照常计算。如果是多余的副本，请删除该行（隐藏不等于删除）。",
        "row(s) {rows} are hidden and are counted like the others. If one is a stray copy,"
        " delete it (hiding is not deleting).",
    ),
    Code.HIDDEN_COLUMNS: (
        "第 {columns} 列是隐藏列，其中的数据照常计算。如果是多余的副本，请删除该列（隐藏不等于删除）。",
        "column(s) {columns} are hidden and are counted like the others. If one is a stray copy,"
        " delete it (hiding is not deleting).",
    ),
    Code.SHEET_HIDDEN: (
        "工作表是隐藏的，没有读取（其中有“{key}”表格）。如果它应当计入，请取消隐藏。",
        "the sheet is hidden and was not read (it holds a '{key}' table). Unhide it if it should count.",
    ),
    Code.NO_ROWS: (
        "表头下面没有任何数据行。请把内容填在“{key}”表头下面，或确认选对了文件。",
        "there are no rows under the header. Fill the table under '{key}', or check it is the right file.",
    ),
    Code.RATERS_UNEVEN: (
        "这位评分人的表中没有网格 {grids}，而同一工作簿的其他评分人评了。每位评分人都应给本村每个网格评分，"
        "否则各网格的平均分由不同的评分人组成。",
        "this rater did not score grids {grids}, which other raters of the workbook did. Every rater"
        " should score every grid, or the grids' means rest on different raters.",
    ),
    Code.NO_SELF_SCORE: (
        "网格 {grid} 在 {months} 都没有村自考，无法计算自考得分。请补交至少一个月的自考表。",
        "grid {grid} has no self-assessment in any of {months}, so it has no self score."
        " Add at least one month's workbook.",
    ),
    Code.OUTPUT_EXISTS: (
        "{path} 已存在，没有覆盖。要覆盖请加 --force，或换一个输出文件夹。",
        "{path} exists and was not replaced. Use --force to replace it, or choose another folder.",
    ),
    Code.OUTPUT_FAILED: (
        "无法写入{what} {path}：{reason}",
        "cannot write to the {what} {path}: {reason}",
    ),
}

# Near misses and root causes (issue #11). A problem whose params hold a `suggestion` (the
# closest known name, gridscore/near.py) says 是否为“…”？ after its first sentence.
SUGGESTION = ("是否为“{suggestion}”？", "Did you mean '{suggestion}'?")
PROBLEMS |= {
    Code.DEDUCTION_NEGATIVE: (
        "扣分项 {code} 填写了 {value}。扣分项填写扣除的分数，用正数：扣 {points} 分就填 {points}，"
        "不要加负号（本项最多扣 {max} 分）。",
        "deduction item {code} holds {value}. A deduction is entered as the points deducted, a"
        " positive number: enter {points} for {points} points off, without a minus sign (at most {max}).",
    ),
    Code.SCORED_IN_TWO_WORKBOOKS: (
        "本工作簿中的 {count} 个评分（项目 {codes}；网格 {grids}）在 {other} 中已经评过。每项只能由一个部门"
        "评分一次：如果其中一个是副本或重报的表，请删除它；否则请删除重复的列。",
        "{count} scores of this workbook (items {codes}; grids {grids}) are already scored in"
        " {other}. Each item is scored once: delete the copy or the earlier submission, or the"
        " repeated columns.",
    ),
    Code.UNKNOWN_DEPARTMENT: (
        "文件名“{value}”不是责任清单中的责任部门。街道考核表以文件名作为提交部门，"
        "请把文件改名为部门名称（如“{example}.xlsx”）。",
        "the file name '{value}' is not a checklist department. A street workbook is named after"
        " the department that submits it: rename it (e.g. '{example}.xlsx').",
    ),
}

TEXT: dict[str, tuple[str, str]] = {
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.note": ("提示", "note"),
    "what.checklist": ("责任清单", "checklist"),
    "what.roster": ("网格花名册", "roster"),
    "what.self": ("村自考", "self-assessment"),
    "what.street": ("街道考核", "street assessment"),
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
    "init.working": ("正在生成示例数据（几秒钟）……", "writing the example data (a few seconds)..."),
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


@dataclass(frozen=True)
class Phrase:
    """A message inside a message's parameters, put into words in the language of the whole
    (so a problem can carry a cause without choosing its language)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


def _words(value: Any, lang: str) -> Any:
    if isinstance(value, Phrase):
        return text(value.key, lang, **{k: _words(v, lang) for k, v in value.params.items()})
    return value


def language(explicit: str | None = None) -> str:
    """The language asked for: --lang, else GRIDSCORE_LANG, else Chinese."""
    lang = (explicit or os.environ.get("GRIDSCORE_LANG") or "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, /, lang: str = "zh", **params: Any) -> str:
    return template(key, lang).format(**params)


def template(key: str, lang: str = "zh") -> str:
    """The message itself, its {placeholders} unfilled."""
    zh, en = TEXT[key]
    return en if lang == "en" else zh


def problem_message(code: Code, lang: str, params: dict[str, Any]) -> str:
    zh, en = PROBLEMS[code]
    message = (en if lang == "en" else zh).format(**{k: _words(v, lang) for k, v in params.items()})
    if params.get("suggestion"):
        end = ". " if lang == "en" else "。"
        first, found, rest = message.partition(end)
        hint = SUGGESTION[lang == "en"].format(suggestion=params["suggestion"])
        message = (
            f"{first}{found}{hint}{' ' if lang == 'en' and rest else ''}{rest}"
            if found
            else f"{message} {hint}"
        )
    return message


# --- The command line: help screens, usage errors, rules-file and OS errors (issue #11) ---
LANGUAGES = ("zh", "en")

CLI_TEXT: dict[str, tuple[str, str]] = {
    # Help screens. A command's help, then its parameters' (help.<command>.<param> first).
    "help.app": (
        "网格化工作考核计算：村自考 20% + 街道考核 80%，排名公示、表彰与提醒谈话名单。",
        "Grid assessment scoring: self-assessment 20% + street assessment 80%, a ranked public"
        " notice, commendation and interview lists.",
    ),
    "help.cmd.check": (
        "检查数据，列出全部问题，不写任何文件。",
        "Validate the data and report every problem; writes nothing.",
    ),
    "help.cmd.quarter": (
        "计算一个季度的考核结果，写出公示、表彰名单、提醒谈话名单和明细。",
        "A quarter's results: the public notice, the lists and the detail workbook.",
    ),
    "help.cmd.year": (
        "年度结算：四个季度综合得分的平均数，排名、表彰与提醒谈话。",
        "The annual settlement: the mean of the four quarters' composites, ranked and listed.",
    ),
    "help.cmd.audit": (
        "数据核查：从平台事件记录和自考表中找出造假线索（不扣分）。",
        "Authenticity flags from the event log and the self-assessment sheets (never a deduction).",
    ),
    "help.cmd.template": (
        "生成空白填报表：每村一份月度自考表，或每部门一份季度考核表。",
        "Blank fill-in workbooks: one per village (a month) or per department (a quarter).",
    ),
    "help.cmd.init": (
        "生成一个完整的示例数据文件夹（示例街道 2020 年全年）。",
        "Write a complete example data folder (an example street, the whole of 2020).",
    ),
    "help.help": ("显示本帮助并退出。", "Show this message and exit."),
    "help.version": ("显示版本号并退出。", "Show the version and exit."),
    "help.lang": (
        "界面语言：zh（默认）或 en；也可设环境变量 GRIDSCORE_LANG。可写在命令前或命令后。",
        "Language: zh (default) or en; or set GRIDSCORE_LANG. Before or after the command.",
    ),
    "help.in_dir": ("数据文件夹（默认为当前文件夹）。", "The data folder (default: the current folder)."),
    "help.out_dir": (
        "输出文件夹，默认为数据文件夹中的 out。",
        "Where the outputs go (default: out in the data folder).",
    ),
    "help.template.out_dir": (
        "空白表写到这里（按数据文件夹的结构），默认为数据文件夹中的 templates。",
        "Where the blank forms go, laid out as the data folder (default: templates in the data folder).",
    ),
    "help.force": ("覆盖已有的输出文件。", "Replace existing outputs."),
    "help.fmt": (
        "输出格式：table（表格，默认）或 json（供脚本读取）。",
        "table (default) or json (for scripts).",
    ),
    "help.year": (
        "年度，如 2020；默认取数据中含该季度的最近年度。",
        "The year, e.g. 2020; default: the latest year with that quarter.",
    ),
    "help.quarter.period": ("季度，如 Q3 或 2020-Q3。", "The quarter, e.g. Q3 or 2020-Q3."),
    "help.audit.period": ("季度，如 Q3 或 2020-Q3。", "The quarter, e.g. Q3 or 2020-Q3."),
    "help.check.period": (
        "期间，如 2020-Q3 或 2020-07；默认检查数据中的每个季度。",
        "A period, e.g. 2020-Q3 or 2020-07; default: every quarter in the data.",
    ),
    "help.template.period": ("月份 2020-07 或季度 2020-Q3。", "A month (2020-07) or a quarter (2020-Q3)."),
    "help.the_year": ("年度，如 2020。", "The year, e.g. 2020."),
    "help.partial": (
        "不足四个季度时只结算已有季度。",
        "Settle the quarters present when there are fewer than four.",
    ),
    "help.folder": ("要新建的示例数据文件夹。", "The folder to create."),
    "metavar.in_dir": ("文件夹", "DIR"),
    "metavar.out_dir": ("文件夹", "DIR"),
    "metavar.folder": ("文件夹", "DIR"),
    "metavar.period": ("期间", "PERIOD"),
    "metavar.the_year": ("年度", "YEAR"),
    "metavar.year": ("年度", "YEAR"),
    "metavar.fmt": ("table|json", "table|json"),
    "metavar.lang": ("zh|en", "zh|en"),
    # typer's own words (its gettext calls) and the usage line.
    "usage.section.arguments": ("参数", "Arguments"),
    "usage.section.options": ("选项", "Options"),
    "usage.section.commands": ("命令", "Commands"),
    "usage.default": ("默认：{default}", "default: {default}"),
    "usage.required": ("必填", "required"),
    "usage.envvar": ("环境变量：{var}", "env var: {var}"),
    "usage.dynamic": ("（动态）", "(dynamic)"),
    "usage.aborted": ("已中止。", "Aborted."),
    "usage.missing_command": ("缺少命令。", "Missing command."),
    "usage.prefix": ("用法：", "Usage: "),
    "usage.options_metavar": ("[选项]", "[OPTIONS]"),
    "usage.commands_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "usage.try_help": ("运行 {command} --help 查看帮助。", "Try '{command} --help' for help."),
    "usage.error": ("错误：{message}", "Error: {message}"),
    # Usage errors (exit 2).
    "usage.missing_argument": ("缺少参数 {name}：{help}", "missing argument {name}: {help}"),
    "usage.missing_option": ("缺少选项 {name}：{help}", "missing option {name}: {help}"),
    "usage.no_such_option": ("没有选项 {name}。", "there is no option {name}."),
    "usage.no_such_command": ("没有命令“{name}”。", "there is no command '{name}'."),
    "usage.did_you_mean": ("是否为 {close}？", " Did you mean {close}?"),
    "usage.commands": ("可用的命令：{commands}。", " The commands: {commands}."),
    "usage.or": (" 或 ", " or "),
    "usage.list_sep": ("、", ", "),
    "usage.option_needs_value": ("选项 {name} 后面要写一个值：{help}", "option {name} needs a value: {help}"),
    "usage.flag_takes_no_value": ("选项 {name} 后面不带值。", "option {name} takes no value."),
    "usage.extra_arguments": (
        '多余的参数：{args}。路径中有空格时请加英文引号，如 --in "D:\\考核 数据"。',
        'unexpected argument(s): {args}. Quote a path with spaces, e.g. --in "D:\\my data".',
    ),
    "usage.bad_choice": (
        "{name} 的值“{value}”无效，只能是 {choices}。",
        "{name}: '{value}' is not valid; use {choices}.",
    ),
    "usage.bad_value": ("{name} 的值“{value}”无效。", "{name}: '{value}' is not valid."),
    "usage.what.folder": ("文件夹", "folder"),
    "usage.what.path": ("路径", "path"),
    "usage.path_missing": (
        "{name} 指定的{what}“{path}”不存在。请检查路径的拼写，或先建立该{what}。",
        "{name}: the {what} '{path}' does not exist. Check the spelling, or create it first.",
    ),
    "usage.path_is_file": (
        "{name} 需要一个文件夹，而“{path}”是一个文件。",
        "{name} needs a folder, but '{path}' is a file.",
    ),
    "usage.generic": ("命令行写法有误。", "the command line is not valid."),
    "usage.lang_invalid": (
        "语言“{value}”无效（{source}）：只能是 zh（中文）或 en（英文）。",
        "language '{value}' is not valid ({source}): use zh (Chinese) or en (English).",
    ),
    "usage.lang_missing": ("--lang 后面要写 zh 或 en。", "--lang needs a value: zh or en."),
    "usage.year_invalid": (
        "年度“{value}”无效。请写四位数的年份，如 2020（2000～2100）。",
        "year '{value}' is not valid. Write a four-digit year, e.g. 2020 (2000 to 2100).",
    ),
    "usage.period_invalid": (
        "期间“{value}”无效。季度写作 Q3 或 2020-Q3（Q1～Q4），月份写作 2020-07（01～12 月）。",
        "period '{value}' is not valid. Write a quarter as Q3 or 2020-Q3 (Q1 to Q4), a month as"
        " 2020-07 (01 to 12).",
    ),
    "usage.quarter_invalid": (
        "季度“{value}”无效。请写作 Q3 或 2020-Q3（Q1～Q4）。",
        "quarter '{value}' is not valid. Write Q3 or 2020-Q3 (Q1 to Q4).",
    ),
    "usage.quarter_not_month": (
        "“{value}”是月份，这里要写季度，如 Q3 或 2020-Q3。",
        "'{value}' is a month; a quarter is needed here, e.g. Q3 or 2020-Q3.",
    ),
    "example.data_folder": ("数据文件夹", "DATA_FOLDER"),
    # check over several periods: a heading each, the shared problems once, one verdict.
    "check.shared": (
        "各期间共同的问题（规则文件、责任清单、网格花名册）：",
        "Problems shared by every period (the rules, the checklist, the roster):",
    ),
    "check.period": ("{period}：", "{period}:"),
    "check.period_ok": ("  没有发现问题。", "  no problems found."),
    "check.period_warnings": ("  没有错误，{warnings} 个警告。", "  no errors, {warnings} warnings."),
    "check.verdict_failed": ("{periods} 有 {errors} 个错误", "{periods}: {errors} error(s)"),
    "check.verdict_passed": ("{periods} 通过", "{periods} passed"),
    "check.verdict_shared": (
        "共同问题中有 {errors} 个错误，{periods} 都无法通过",
        "{errors} error(s) shared by every period, so {periods} cannot pass",
    ),
    "check.verdict_sep": ("；", "; "),
    "check.verdict_end": ("。", "."),
    "check.verdict_fix": ("请按提示修改后重新运行。", " Fix them and run again."),
    "check.no_periods": ("数据中没有找到任何期间。", "no periods found in the data."),
    "col.rank_change": ("名次变化", "Change"),
    "summary.audit_flags": (
        "事件记录核查：发现 {n} 条核查线索，已写入明细表 {file}（不扣分）；查看详情：{prog} audit {period}",
        "audit of the event log: {n} flags written to the detail workbook {file} (never a deduction);"
        " details: {prog} audit {period}",
    ),
    # Rules-file errors: where, and the likely cause.
    "rules.at_line": ("（第 {line} 行）", " at line {line}"),
    "rules.cause.chinese_quotes": (
        '用了中文引号 {found}。TOML 只认英文引号，请改为 "…"（在英文输入法下输入）：{text}',
        'Chinese quotes {found} are used; TOML needs straight quotes "…" (type them in English input mode): {text}',
    ),
    "rules.cause.full_width": (
        "有全角符号“{found}”，请在英文输入法下改为半角的 {ascii}：{text}",
        "the full-width '{found}' must be the plain {ascii} (type it in English input mode): {text}",
    ),
    "rules.cause.unquoted": (
        '文字 {value} 没有加引号。文字要写在英文双引号中，如 {key} = "{value}"',
        'the text {value} has no quotes. Text goes in straight double quotes, e.g. {key} = "{value}"',
    ),
    "rules.cause.chinese_number": (
        "这里要写阿拉伯数字（不加引号），如 {example}；现在是 {value}",
        "this needs a number in digits (no quotes), e.g. {example}; found {value}",
    ),
    "rules.cause.unclosed": (
        '引号没有配对：文字两边各要一个英文双引号，如 "示例街道"：{text}',
        'a quote is not closed: text needs a straight double quote on each side, e.g. "Main St": {text}',
    ),
    "rules.cause.unit": (
        "数字后面不要带单位或文字，请写 {key} = {number}（现在是 {value}）",
        "a number takes no unit or words: write {key} = {number} (not {value})",
    ),
    "rules.cause.syntax": (
        "这一行的写法不符合 TOML 格式，请检查引号、等号和方括号：{text}",
        "this line is not valid TOML; check its quotes, '=' and brackets: {text}",
    ),
    "rules.cause.encoding": (
        "文件既不是 UTF-8 也不是 GBK 编码。请用记事本打开它，点“文件 → 另存为”，把下方的“编码”选为 UTF-8 后保存，再运行。",
        "the file is neither UTF-8 nor GBK. Open it in Notepad, choose File → Save As, set Encoding"
        " to UTF-8, save, and run again.",
    ),
    "rules.cause.weights_sum": (
        "self 与 street 之和为 {sum}，应为 1，如 self = 0.2、street = 0.8。",
        "self + street is {sum}; they must add up to 1, e.g. self = 0.2 and street = 0.8.",
    ),
    "rules.cause.grades_same_min": (
        "有两个等次的 min 相同。每个等次的最低分 min 应各不相同。",
        "two grades have the same min; each grade needs its own min.",
    ),
    "rules.cause.grades_no_zero": (
        "最低的等次 min = {min}，低于它的分数没有等次。请把最低等次设为 min = 0。",
        "the lowest grade has min = {min}, so lower scores have no grade; give the lowest grade min = 0.",
    ),
    "rules.expect.int": (
        "应为整数（不加引号），如 {example}；现在是 {found}。",
        "expected a whole number (no quotes), e.g. {example}; found {found}.",
    ),
    "rules.expect.number": (
        "应为数字（不加引号），如 {example}；现在是 {found}。",
        "expected a number (no quotes), e.g. {example}; found {found}.",
    ),
    "rules.expect.bool": (
        "应为 true 或 false（英文小写，不加引号），如 {example}；现在是 {found}。",
        "expected true or false (lower case, no quotes), e.g. {example}; found {found}.",
    ),
    "rules.expect.text": (
        "应为加英文双引号的文字，如 {example}；现在是 {found}。",
        "expected text in straight double quotes, e.g. {example}; found {found}.",
    ),
    "rules.expect.list": (
        "应为方括号中的列表，如 {example}；现在是 {found}。",
        "expected a list in square brackets, e.g. {example}; found {found}.",
    ),
    "rules.expect.date": (
        "应为日期（不加引号），如 {example}；现在是 {found}。",
        "expected a date (no quotes), e.g. {example}; found {found}.",
    ),
    "rules.expect.choice": (
        "只能是 {choices} 之一；现在是 {found}。",
        "expected one of {choices}; found {found}.",
    ),
    "rules.expect.ge": ("应不小于 {limit}；现在是 {found}。", "must be at least {limit}; found {found}."),
    "rules.expect.gt": ("应大于 {limit}；现在是 {found}。", "must be more than {limit}; found {found}."),
    "rules.expect.le": ("应不大于 {limit}；现在是 {found}。", "must be at most {limit}; found {found}."),
    "rules.expect.lt": ("应小于 {limit}；现在是 {found}。", "must be less than {limit}; found {found}."),
    "rules.expect.section": (
        "{key} 是一节设置，应写成 [{key}] 下面的若干行，而不是一个值（现在是 {found}）。",
        "{key} is a section: write it as lines under [{key}], not as one value (found {found}).",
    ),
    "rules.expect.missing": ("缺少这一项，请补上。", "this is required; add it."),
    "rules.expect.not_empty": ("不能为空。", "must not be empty."),
    "rules.expect.other": (
        "值 {found} 不符合要求，请按 README 的规则说明修改。",
        "the value {found} is not accepted; see the README's rules.",
    ),
    # OS errors in words: what happened to the file or folder, and what to do.
    "what.file": ("文件", "file"),
    "what.folder": ("文件夹", "folder"),
    "os.busy": (
        "文件正被其他程序占用（多半是在 Excel 或 WPS 中打开着）。请关闭该文件后重试。",
        "the file is in use by another program (most likely open in Excel or WPS). Close it and try again.",
    ),
    "os.permission_file": (
        "没有写入这个文件的权限，或它正在 Excel/WPS 中打开。请关闭该文件后重试；仍不行时用 --out 换一个输出文件夹。",
        "no permission to write this file, or it is open in Excel/WPS. Close it and try again;"
        " failing that, choose another output folder with --out.",
    ),
    "os.permission_folder": (
        "没有在这个文件夹中写入的权限。请用 --out 换一个自己的文件夹（如 --out D:\\考核结果），或请管理员开放权限。",
        "no permission to write in this folder. Choose a folder of your own with --out, or ask"
        " an administrator for access.",
    ),
    "os.permission_read": (
        "没有读取的权限。请确认文件没有被其他程序独占打开，或请管理员开放权限。",
        "no permission to read it. Check no other program holds it, or ask an administrator for access.",
    ),
    "os.disk_full": (
        "磁盘空间已满。请清理磁盘，或用 --out 换到有空间的磁盘。",
        "the disk is full. Free some space, or choose a folder on another disk with --out.",
    ),
    "os.too_long": (
        "路径太长（{n} 个字符；Windows 通常最多 260 个）。请把数据或输出文件夹放到较短的路径下，如 --out D:\\结果。",
        "the path is too long ({n} characters; Windows usually allows 260). Use a shorter folder,"
        " e.g. --out D:\\results.",
    ),
    "os.read_only": (
        "所在的磁盘是只读的（如光盘或打开了写保护的U盘）。请用 --out 换一个可以写入的文件夹。",
        "the disk is read-only (a CD, or a write-protected USB stick). Choose a writable folder with --out.",
    ),
    "os.not_found": (
        "路径中的文件夹不存在或已被移走。请检查路径。",
        "a folder on the path does not exist or was moved. Check the path.",
    ),
    "os.not_a_folder": (
        "路径中有一个同名的文件挡住了文件夹。请删除或改名该文件，或用 --out 换一个文件夹。",
        "a file of the same name stands where a folder is needed. Rename or remove it, or use --out.",
    ),
    "os.is_a_folder": (
        "这里是一个文件夹，不是文件。请删除或改名该文件夹。",
        "a folder stands where the file should be. Rename or remove it.",
    ),
    "os.other": (
        "操作系统拒绝了这次操作（错误号 {errno}）。请检查磁盘和权限后重试，或用 --out 换一个文件夹。",
        "the operating system refused (error {errno}). Check the disk and permissions, or use --out.",
    ),
}
TEXT.update(CLI_TEXT)
