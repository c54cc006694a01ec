"""Each problem code's message, zh and en: what is wrong, what to do, the value seen."""

from __future__ import annotations

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
        "工作表没有“{key}”列，不是{what}，已跳过。",
        "the sheet has no '{key}' column, so it is not {what}; skipped.",
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
    Code.TABLE_TWICE: (
        "工作表“{first}”和“{other}”都有“{key}”表格，而{what}只能有一份：不能确定该用哪一份，两个都没有读取。"
        "请只保留一份：删除或隐藏另一个工作表（隐藏的工作表不读取），或把两张表合到一个工作表里。",
        "the sheets '{first}' and '{other}' both hold a '{key}' table, and a workbook holds {what} once:"
        " which one is meant is unclear, so neither was read. Keep one: delete or hide the other sheet"
        " (a hidden sheet is not read), or put both tables on one sheet.",
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
# closest known name, gridscore/validate/near.py) says 是否为“…”？ after its first sentence.
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
