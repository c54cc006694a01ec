"""The command line's words, zh and en: help screens, usage errors, rules-file and OS errors."""

from __future__ import annotations

# --- The command line: help screens, usage errors, rules-file and OS errors (issue #11) ---
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
