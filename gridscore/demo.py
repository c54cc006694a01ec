"""A seeded demo data folder: a fictional street (青山街道) through the whole of 2020.

`gridscore init DIR` writes it for a newcomer; `python examples/make_demo.py` regenerates
examples/demo (the README's demo).

The folder is the README's demo and the golden fixture of tests/test_demo_golden.py.
2020-Q3 carries three planted cases, checked with exact arithmetic before anything is
written: one vetoed grid that would otherwise be commended, an exact composite tie inside
the ranking, and one grid whose street bonus exceeds the cap.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gridscore import demo_events

YEAR = 2020
STREET_NAME = "青山街道"
BONUS_CAP = Fraction(5)
COMMEND_TOP = 10
INTERVIEW_BOTTOM = 5
PLANT_QUARTER = 3
STAMP = datetime(2020, 1, 1)

RULES_TOML = """\
# gridscore 规则文件。所有设置都可省略，省略时按考核办法的默认做法计算。
# 去掉行首的 # 即可启用一项设置；详见 README 的“规则文件”一节。

street_name = "青山街道"
# year = 2020                   # 不写时，“Q3”指数据中有第三季度的最近一年
# total_points = 100            # 责任清单基础项分值合计

# [weights]
# self = 0.2                    # 村自考占 20%
# street = 0.8                  # 街道考核占 80%，两者之和必须为 1

# [ranking]
# decimals = 2                  # 保留两位小数，四舍五入
# method = "competition"        # 并列后跳号（1,2,2,4）；"dense" 为中国式排名（1,2,2,3）
# tie_break = []                # 如 ["street", "self"]：综合得分相同时依次比较

# [[grades]]                    # 等次（可选），最低一档 min 必须为 0
# name = "优秀"
# min = 90
# [[grades]]
# name = "合格"
# min = 0

# [lists]
# commend_top = 10              # 表彰前 10 名
# interview_bottom = 5          # 后 5 名提醒谈话
# veto_to_interview = true      # 一票否决的网格列入提醒谈话
# rank_drop_flag = 5            # 名次比上季度下降 5 名及以上时标记

# [self]
# raters = "mean"               # "trimmed"：去掉一个最高分和一个最低分
# trimmed_min_raters = 5
# allow_missing_months = false

[street]
bonus_cap = 5                   # 加分最多计 5 分

[notice]
days = 5                        # 公示期（天）
contact = "街道网格办（电话 025-00000000）"
"""

BASE, BONUS, DEDUCTION, VETO = "基础", "加分", "扣分", "否决"

# (category, code prefix, item type, items); an item is
# (short name, content, department, points, scoring standard).
CHECKLIST = [
    ("党建引领", "DJ", BASE, [
        ("组织建设", "网格党支部（党小组）组织健全，党员编入网格", "党建办", "2",
         "组织健全、党员全部编入网格得满分，每缺一项扣0.5分"),
        ("党员联户", "落实党员联系服务群众“党员联户”制度", "党建办", "2",
         "每名党员联系不少于10户，台账缺失一户扣0.1分"),
        ("组织生活", "网格党小组按时开展“三会一课”等组织生活", "党建办", "1.5",
         "每月至少一次，缺一次扣0.5分"),
        ("阵地建设", "网格服务站阵地规范，标识标牌统一", "党政办", "1.5",
         "阵地、标识、公示栏齐全得满分，缺一项扣0.5分"),
        ("队伍管理", "网格员考勤、例会、培训制度落实", "党政办", "2", "考勤记录完整，缺席例会一次扣0.5分"),
        ("台账资料", "网格工作台账完整规范、及时归档", "党政办", "1", "台账不全或归档不及时酌情扣分"),
        ("志愿服务", "组织网格志愿服务队开展活动", "党建办", "1", "每季度至少开展两次活动，少一次扣0.5分"),
        ("宣传报道", "网格工作信息宣传报送及时", "党政办", "1", "每季度报送信息不少于2篇，少一篇扣0.5分"),
    ]),
    ("综治维稳", "ZZ", BASE, [
        ("平安创建", "开展平安网格创建活动", "政法委(综治办)", "2", "创建方案、活动记录齐全得满分"),
        ("治安巡防", "组织网格治安巡逻，落实群防群治", "派出所", "2", "每周巡逻不少于3次，少一次扣0.5分"),
        ("重点人员", "社区矫正、刑满释放等重点人员排查管控", "司法所", "2", "底数清、情况明，漏管一人扣1分"),
        ("流动人口", "流动人口和出租房屋信息登记管理", "派出所", "2",
         "登记率达95%以上得满分，每低1个百分点扣0.2分"),
        ("特殊人群", "严重精神障碍患者等特殊人群走访服务", "政法委(综治办)", "2",
         "每月走访一次，漏访一人次扣0.5分"),
        ("视频监控", "雪亮工程视频监控点位巡查维护", "政法委(综治办)", "1", "故障未及时上报一处扣0.5分"),
        ("反诈宣传", "防范电信网络诈骗宣传入户", "派出所", "1.5", "入户宣传覆盖率达90%以上得满分"),
        ("扫黑除恶", "涉黑涉恶线索摸排上报", "政法委(综治办)", "1", "线索摸排记录完整得满分"),
    ]),
    ("矛盾纠纷化解", "MD", BASE, [
        ("排查调处", "矛盾纠纷每周排查，及时调处化解", "司法所", "2.5",
         "化解率达98%以上得满分，每低1个百分点扣0.5分"),
        ("信访化解", "信访事项及时就地化解", "信访办", "2.5", "按期办结率100%得满分，超期一件扣0.5分"),
        ("人民调解", "网格调解员配备及调解记录规范", "司法所", "2", "调解卷宗规范完整得满分"),
        ("普法宣传", "开展法治宣传进网格活动", "司法所", "1", "每季度至少一次，未开展不得分"),
        ("信访稳控", "重点信访人员稳控责任落实", "信访办", "2", "稳控措施落实到人，失控一人次扣1分"),
        ("家事调解", "婚姻家庭、邻里纠纷调处", "社会事务办", "1.5", "纠纷调处记录完整得满分"),
    ]),
    ("信息采集", "XX", BASE, [
        ("人口信息", "实有人口信息采集准确、更新及时", "政法委(综治办)", "2.5",
         "抽查准确率95%以上得满分，每低1个百分点扣0.2分"),
        ("房屋信息", "实有房屋（出租屋）信息采集", "规划建设办", "2",
         "房屋信息与实地一致得满分，错漏一处扣0.2分"),
        ("单位信息", "辖区单位和个体工商户信息采集", "市场监管所", "2",
         "新增单位一周内录入，逾期一户扣0.2分"),
        ("事件上报", "网格事件及时发现、上报、处置", "政法委(综治办)", "3", "事件按时办结率95%以上得满分"),
        ("平台使用", "一体化平台日常登录、巡查打卡", "党政办", "2", "每月巡查打卡不少于20天，少一天扣0.1分"),
        ("民情日志", "网格员民情日志记录完整", "政法委(综治办)", "1", "日志缺记一周扣0.2分"),
        ("经济信息", "经济普查及统计信息协助采集", "经济发展办", "1", "按时完成采集任务得满分"),
    ]),
    ("便民服务", "BM", BASE, [
        ("代办服务", "为群众代办民生事项", "社会事务办", "2", "代办事项按时办结得满分，群众投诉一次扣0.5分"),
        ("低保救助", "低保、特困对象动态走访", "民政办", "2", "每季度走访全覆盖，漏访一户扣0.2分"),
        ("养老服务", "高龄、空巢老人走访关爱", "民政办", "1.5", "每月走访一次，漏访一人次扣0.1分"),
        ("残疾人服务", "残疾人帮扶与信息更新", "社会事务办", "1", "信息准确、帮扶到位得满分"),
        ("优抚服务", "退役军人及优抚对象走访服务", "退役军人服务站", "2", "重要节日走访全覆盖得满分"),
        ("就业社保", "就业援助和社保政策宣传", "社会事务办", "1.5", "宣传入户并有记录得满分"),
        ("涉农服务", "惠农政策宣传及农业生产服务", "农业农村办", "1", "政策宣传到户得满分"),
    ]),
    ("综合执法", "ZF", BASE, [
        ("违建巡查", "违法建设早发现、早报告、早制止", "综合执法局", "3", "新增违建未及时上报一处扣1分"),
        ("占道经营", "协助整治占道经营、乱堆乱放", "综合执法局", "2", "发现问题未上报一处扣0.5分"),
        ("市容秩序", "户外广告、店招店牌规范管理", "综合执法局", "1", "巡查发现问题及时上报得满分"),
        ("食品安全", "食品安全隐患巡查上报", "市场监管所", "2", "每月巡查一次，漏查一户扣0.2分"),
        ("耕地保护", "乱占耕地建房巡查", "规划建设办", "2", "发现问题未及时上报一处扣1分"),
    ]),
    ("安全生产", "AQ", BASE, [
        ("隐患排查", "网格内安全生产隐患排查上报", "应急管理办", "3", "隐患未及时上报一处扣0.5分"),
        ("消防安全", "“九小场所”消防安全巡查", "应急管理办", "2", "每月巡查全覆盖，漏查一处扣0.2分"),
        ("燃气安全", "瓶装燃气使用安全检查", "应急管理办", "1.5", "检查记录完整得满分"),
        ("防汛防台", "汛期巡查与转移预案落实", "应急管理办", "2", "预案落实到户得满分"),
        ("危房排查", "农村危房、老旧房屋安全排查", "规划建设办", "1", "排查台账完整得满分"),
        ("交通安全", "电动车、农村道路交通安全宣传", "派出所", "1", "每季度宣传不少于一次"),
    ]),
    ("环境整治", "HJ", BASE, [
        ("人居环境", "村庄（小区）人居环境整治", "农业农村办", "2.5", "检查发现脏乱差一处扣0.5分"),
        ("垃圾分类", "生活垃圾分类宣传与督导", "环保办", "2", "分类知晓率达90%以上得满分"),
        ("秸秆禁烧", "秸秆禁烧巡查", "环保办", "1.5", "发现火点一处扣0.5分"),
        ("河道管护", "河长制巡河及水环境保护", "环保办", "1.5", "巡河记录完整得满分"),
        ("污染巡查", "散乱污企业及污染源巡查上报", "环保办", "2", "发现问题未上报一处扣0.5分"),
    ]),
    ("疫情防控", "YQ", BASE, [
        ("人员排查", "返乡人员、重点地区来人排查登记", "卫健办", "3", "排查全覆盖，漏报一人扣1分"),
        ("卡口值守", "小区（村组）卡口值守和测温登记", "卫健办", "2", "值守到位、登记完整得满分"),
        ("健康宣传", "防疫知识和爱国卫生宣传", "卫健办", "2", "宣传入户全覆盖得满分"),
        ("居家观察", "居家观察人员服务保障", "卫健办", "1.5", "服务保障到位、无脱管得满分"),
    ]),
    ("加分项", "JF", BONUS, [
        ("先进典型", "网格工作获市级以上表彰或经验推广", "党政办", "3", "市级表彰加2分，省级以上加3分"),
        ("见义勇为", "网格员见义勇为、协助破案等突出事迹", "派出所", "2", "经认定每件加1分，最多加2分"),
        ("创新工作", "网格治理创新做法被上级采纳推广", "政法委(综治办)", "2.5",
         "区级采纳加1.5分，市级以上加2.5分"),
    ]),
    ("扣分项", "KF", DEDUCTION, [
        ("数据失实", "网格信息数据造假、虚报瞒报", "政法委(综治办)", "5", "查实一次扣2分，最多扣5分"),
        ("督查通报", "网格工作被上级督查通报批评", "党政办", "5", "通报一次扣2分，最多扣5分"),
        ("越级上访", "因网格工作不到位引发越级上访", "信访办", "5", "发生一起扣1分，最多扣5分"),
    ]),
    ("否决项", "FJ", VETO, [
        ("重大事故", "发生重大安全生产责任事故", "应急管理办", None, "发生即实行一票否决"),
        ("群体事件", "发生群体性事件或进京赴省非正常上访", "信访办", None, "发生即实行一票否决"),
    ]),
]  # fmt: skip

# Base items of these categories leave 类型 blank, which means 基础.
BLANK_TYPE_CATEGORIES = {"信息采集", "环境整治", "疫情防控"}

DEPARTMENTS = [
    "党政办", "党建办", "政法委(综治办)", "派出所", "司法所", "信访办", "民政办",
    "社会事务办", "综合执法局", "应急管理办", "环保办", "市场监管所", "卫健办",
    "经济发展办", "规划建设办", "农业农村办", "退役军人服务站",
]  # fmt: skip

# Street departments that score base items in steps of 0.1 instead of 0.5.
FINE_STEP_DEPARTMENTS = {"派出所", "卫健办"}

# (name, id prefix, grids, raters, grid columns headed by 网格名称 instead of 网格编号)
VILLAGES = [
    ("青山村", "QS", 7, 3, False),
    ("东坝村", "DB", 6, 6, False),
    ("淳溪社区", "CX", 8, 4, False),
    ("桃园村", "TY", 5, 1, True),
    ("丹湖社区", "DH", 7, 5, False),
    ("石桥村", "SQ", 9, 2, False),
    ("新河村", "XH", 6, 3, False),
    ("杨家湾村", "YJW", 5, 4, False),
    ("凤栖社区", "FQ", 7, 5, True),
    ("双塘村", "ST", 6, 3, False),
    ("长乐社区", "CL", 8, 2, False),
    ("西岗村", "XG", 5, 4, True),
    ("固城社区", "GC", 6, 3, False),
]

CN_NUMBERS = "一二三四五六七八九十"
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
VILLAGE_ROLES = ["村书记", "党员代表", "老干部", "村民代表", "党员代表", "村监委主任"]
COMMUNITY_ROLES = ["社区书记", "党员代表", "老干部", "居民代表", "党员代表", "社区监委主任"]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹熊白孟秦邱侯江尹薛段雷黎史陶贺顾毛郝龚邵"
)
GIVEN_NAMES = " ".join(
    [
        "建国 志强 秀英 桂英 玉兰 海燕 丽 军 伟 芳 敏 静 磊 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚",
        "桂兰 春梅 文华 红梅 国华 建华 小红 晓东 德明 永刚 立新 卫东 淑珍 美华 金龙 宏伟 爱民 振华",
        "丽萍 俊 斌 鹏 慧 燕 玲 凤英 国强 学军 兰英 长青 家宝 福生 庆华 荣 辉",
    ]
).split()


@dataclass
class Item:
    code: str
    category: str
    short: str
    content: str
    department: str
    points: Fraction | None
    kind: str
    type_cell: str | None
    standard: str


@dataclass
class Grid:
    grid_id: str
    name: str
    village: str
    leader: str
    members: list[str]
    quality: float


@dataclass
class Village:
    name: str
    grids: list[Grid]
    raters: list[tuple[str, float, bool]]  # (sheet name, bias, scores in 0.1 steps)
    by_name: bool


@dataclass
class Demo:
    items: list[Item]
    villages: list[Village]
    # self_scores[month][village][rater sheet][grid_id][code] -> score or None (blank)
    self_scores: dict[int, dict[str, dict[str, dict[str, dict[str, Fraction | None]]]]]
    # street[quarter][grid_id][code] -> score, None (blank), or a veto cell text
    street: dict[int, dict[str, dict[str, Fraction | str | None]]]
    notes: dict[int, dict[str, dict[str, list[str]]]] = field(default_factory=dict)

    @property
    def grids(self) -> list[Grid]:
        return [g for v in self.villages for g in v.grids]


def build_items() -> list[Item]:
    items = []
    for category, prefix, kind, rows in CHECKLIST:
        for n, (short, content, dept, points, standard) in enumerate(rows, start=1):
            type_cell = None if kind == BASE and category in BLANK_TYPE_CATEGORIES else kind
            items.append(
                Item(
                    code=f"{prefix}-{n:02d}",
                    category=category,
                    short=short,
                    content=content,
                    department=dept,
                    points=Fraction(points) if points else None,
                    kind=kind,
                    type_cell=type_cell,
                    standard=standard,
                )
            )
    return items


class Names:
    """Hands out unique, plausible Chinese personal names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)
            if name not in self.used:
                self.used.add(name)
                return name


def build_villages(rng: random.Random) -> list[Village]:
    names = Names(rng)
    villages = []
    for vname, prefix, n_grids, n_raters, by_name in VILLAGES:
        village_level = rng.uniform(-0.04, 0.04)
        grids = []
        for i in range(1, n_grids + 1):
            quality = min(0.95, max(0.66, rng.uniform(0.70, 0.93) + village_level))
            members = [names() for _ in range(rng.randint(1, 3))]
            grids.append(
                Grid(
                    f"{prefix}{i:02d}", f"{vname}第{CN_NUMBERS[i - 1]}网格", vname, names(), members, quality
                )
            )
        roles = COMMUNITY_ROLES if vname.endswith("社区") else VILLAGE_ROLES
        raters = []
        for r in range(n_raters):
            # The veteran cadres (老干部) like to score in tenths.
            raters.append((f"{roles[r]}-{names()}", rng.uniform(-0.03, 0.04), roles[r] == "老干部"))
        villages.append(Village(vname, grids, raters, by_name))
    return villages


def quantize(value: float, points: Fraction, step: Fraction) -> Fraction:
    """The nearest multiple of step to value, kept within 0..points."""
    n = int(value / float(step) + 0.5)
    return min(points, max(Fraction(0), n * step))


def base_score(rng: random.Random, quality: float, points: Fraction, step: Fraction) -> Fraction:
    frac = min(1.0, max(0.45, rng.gauss(quality, 0.07)))
    return quantize(frac * float(points), points, step)


def generate(rng: random.Random) -> Demo:
    items = build_items()
    villages = build_villages(rng)
    demo = Demo(items, villages, {}, {})
    scored = [it for it in items if it.kind != VETO]
    for month in range(1, 13):
        per_village = demo.self_scores[month] = {}
        for v in villages:
            sheets = per_village[v.name] = {}
            for sheet, bias, fine in v.raters:
                cols = sheets[sheet] = {}
                for g in v.grids:
                    # Villages rate themselves a little more generously than the street does.
                    quality = g.quality + 0.05 + bias + rng.uniform(-0.02, 0.02)
                    cells = cols[g.grid_id] = {}
                    for it in scored:
                        if it.kind == BASE:
                            step = Fraction(1, 10) if fine and rng.random() < 0.3 else Fraction(1, 2)
                            cells[it.code] = base_score(rng, quality, it.points, step)
                        elif it.kind == BONUS:
                            roll = rng.random()
                            cells[it.code] = (
                                None
                                if roll < 0.75
                                else Fraction(0)
                                if roll < 0.85
                                else Fraction(1)
                                if roll < 0.95
                                else Fraction(2)
                            )
                        else:
                            cells[it.code] = Fraction(rng.randint(1, 3)) if rng.random() < 0.04 else None
    for quarter in range(1, 5):
        table = demo.street[quarter] = {}
        notes = demo.notes[quarter] = {}
        for g in demo.grids:
            quality = g.quality + rng.uniform(-0.02, 0.02)
            cells = table[g.grid_id] = {}
            for it in items:
                if it.kind == BASE:
                    step = Fraction(1, 10) if it.department in FINE_STEP_DEPARTMENTS else Fraction(1, 2)
                    cells[it.code] = base_score(rng, quality, it.points, step)
                elif it.kind == BONUS:
                    value = rng.choice(["1", "1.5", "2"]) if rng.random() < 0.06 else None
                    cells[it.code] = Fraction(value) if value else None
                    if value:
                        note = f"{it.code}：{it.short}，加{value}分"
                        notes.setdefault(it.department, {}).setdefault(g.grid_id, []).append(note)
                elif it.kind == DEDUCTION:
                    value = rng.choice([1, 2, 2, 3, 5]) if rng.random() < 0.03 else None
                    cells[it.code] = Fraction(value) if value else None
                    if value:
                        note = f"{it.code}：{it.short}，扣{value}分"
                        notes.setdefault(it.department, {}).setdefault(g.grid_id, []).append(note)
                else:
                    # 应急管理办 writes 否 in every veto cell; 信访办 leaves them blank.
                    cells[it.code] = "否" if it.department == "应急管理办" else None
    return demo


# ---------------------------------------------------------------- exact scoring


def half_up(x: Fraction) -> Fraction:
    """Round to 2 decimals, halves away from zero (四舍五入)."""
    sign = -1 if x < 0 else 1
    return sign * Fraction(int(abs(x) * 100 + Fraction(1, 2)), 100)


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


@dataclass
class Result:
    grid: Grid
    self_score: Fraction
    street: Fraction
    composite: Fraction
    raw_bonus: Fraction
    vetoed: bool
    rank: int = 0
    commended: bool = False
    interviewed: bool = False


def score_quarter(demo: Demo, quarter: int) -> tuple[list[Result], dict[str, int]]:
    """Results in rank order, and how many self-score roundings hit an exact half."""
    kinds = {it.code: it.kind for it in demo.items}
    halves = {"monthly": 0, "quarter": 0}
    months = range(3 * quarter - 2, 3 * quarter + 1)
    results = []
    for v in demo.villages:
        for g in v.grids:
            monthly = []
            for m in months:
                totals = []
                for sheet in demo.self_scores[m][v.name].values():
                    total = Fraction(0)
                    for code, value in sheet[g.grid_id].items():
                        value = value or Fraction(0)
                        total += -value if kinds[code] == DEDUCTION else value
                    totals.append(half_up(total))
                monthly.append(half_up(mean(totals)))
                halves["monthly"] += (mean(totals) * 1000) % 10 == 5
            halves["quarter"] += (mean(monthly) * 1000) % 10 == 5
            self_score = half_up(mean(monthly))
            sums = {BASE: Fraction(0), BONUS: Fraction(0), DEDUCTION: Fraction(0)}
            vetoed = False
            for code, value in demo.street[quarter][g.grid_id].items():
                if kinds[code] == VETO:
                    vetoed = vetoed or value == "是"
                elif value is not None:
                    sums[kinds[code]] += value
            street = half_up(max(Fraction(0), sums[BASE] + min(sums[BONUS], BONUS_CAP) - sums[DEDUCTION]))
            composite = half_up(Fraction(1, 5) * self_score + Fraction(4, 5) * street)
            results.append(Result(g, self_score, street, composite, sums[BONUS], vetoed))
    results.sort(key=lambda r: (-r.composite, r.grid.grid_id))
    for r in results:
        r.rank = 1 + sum(o.composite > r.composite for o in results)
    eligible = [r for r in results if not r.vetoed]
    commend_rank = eligible[COMMEND_TOP - 1].rank
    interview_rank = results[-INTERVIEW_BOTTOM].rank
    for r in results:
        r.commended = not r.vetoed and r.rank <= commend_rank
        r.interviewed = r.vetoed or r.rank >= interview_rank
    return results, halves


def boundaries(results: list[Result]) -> tuple[int, int]:
    eligible = [r for r in results if not r.vetoed]
    return eligible[COMMEND_TOP - 1].rank, results[-INTERVIEW_BOTTOM].rank


# ---------------------------------------------------------------- planting


def plant(demo: Demo) -> dict[str, Grid]:
    q = PLANT_QUARTER
    months = range(3 * q - 2, 3 * q + 1)
    by_id = {g.grid_id: g for g in demo.grids}
    results, _ = score_quarter(demo, q)

    # 1. A tie: the mid-ranked grid's twin in the same village gets identical Q3 cells.
    tie_a = results[len(results) // 2].grid
    village = next(v for v in demo.villages if v.name == tie_a.village)
    tie_b = min((g for g in village.grids if g is not tie_a), key=lambda g: abs(g.quality - tie_a.quality))
    for m in months:
        for sheet in demo.self_scores[m][village.name].values():
            sheet[tie_b.grid_id] = dict(sheet[tie_a.grid_id])
    demo.street[q][tie_b.grid_id] = dict(demo.street[q][tie_a.grid_id])
    for per_grid in demo.notes[q].values():
        per_grid.pop(tie_b.grid_id, None)
        if tie_a.grid_id in per_grid:
            per_grid[tie_b.grid_id] = list(per_grid[tie_a.grid_id])

    # 2. Bonus over the cap: 2 + 2 + 2.5 = 6.5 > 5, on a grid around rank 25.
    taken = {tie_a.grid_id, tie_b.grid_id}
    bonus = next(r.grid for r in results[24:] if r.grid.grid_id not in taken)
    awards = {"JF-01": "2", "JF-02": "2", "JF-03": "2.5"}
    items = {it.code: it for it in demo.items}
    for code, value in awards.items():
        demo.street[q][bonus.grid_id][code] = Fraction(value)
        dept_notes = demo.notes[q].setdefault(items[code].department, {})
        dept_notes[bonus.grid_id] = [f"{code}：{items[code].short}，加{value}分"]
    taken.add(bonus.grid_id)

    # 3. A veto on a grid that would be commended: the second-ranked one.
    results, _ = score_quarter(demo, q)
    veto = next(r.grid for r in results[1:] if r.grid.grid_id not in taken)
    demo.street[q][veto.grid_id]["FJ-02"] = "是"
    demo.notes[q].setdefault("信访办", {})[veto.grid_id] = ["FJ-02：2020年8月发生群体性上访事件，一票否决"]
    return {"veto": by_id[veto.grid_id], "tie_a": tie_a, "tie_b": tie_b, "bonus": bonus}


def check_planted(demo: Demo, planted: dict[str, Grid]) -> list[Result]:
    results, halves = score_quarter(demo, PLANT_QUARTER)
    by_id = {r.grid.grid_id: r for r in results}
    commend_rank, interview_rank = boundaries(results)
    vetoed = [r for r in results if r.vetoed]
    assert [r.grid for r in vetoed] == [planted["veto"]], "exactly one vetoed grid"
    assert vetoed[0].rank <= COMMEND_TOP, "the vetoed grid would otherwise be commended"
    a, b = by_id[planted["tie_a"].grid_id], by_id[planted["tie_b"].grid_id]
    assert a.composite == b.composite and a.rank == b.rank, "planted tie"
    assert commend_rank < a.rank < interview_rank, "planted tie is inside the ranking"
    bonus = by_id[planted["bonus"].grid_id]
    assert bonus.raw_bonus > BONUS_CAP, "bonus over the cap"
    assert halves["monthly"] + halves["quarter"] > 0, "some self score rounds an exact half"
    return results


# ---------------------------------------------------------------- writing


def number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = STREET_NAME + "网格办"
    wb.properties.created = wb.properties.modified = STAMP
    return wb


def title_row(ws, text: str, width: int) -> None:
    ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 24


def header_row(ws, headers: list[str], row: int = 2) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def set_widths(ws, widths: list[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def write_checklist(demo: Demo, path: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "责任清单"
    headers = ["编号", "类别", "考核内容", "责任部门", "分值", "类型", "评分标准"]
    title_row(ws, f"{STREET_NAME}{YEAR}年度网格化社会治理工作责任清单", len(headers))
    header_row(ws, headers)
    for it in demo.items:
        points = number(it.points) if it.points is not None else None
        ws.append([it.code, it.category, it.content, it.department, points, it.type_cell, it.standard])
    set_widths(ws, [9, 14, 40, 16, 7, 7, 44])
    ws.freeze_panes = "A3"
    wb.save(path)


def write_roster(demo: Demo, path: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "网格花名册"
    headers = ["网格编号", "网格名称", "村(社区)", "网格长", "网格员"]
    title_row(ws, f"{STREET_NAME}网格及网格员花名册（{YEAR}年）", len(headers))
    header_row(ws, headers)
    for g in demo.grids:
        ws.append([g.grid_id, g.name, g.village, g.leader, "、".join(g.members)])
    set_widths(ws, [10, 20, 12, 10, 24])
    ws.freeze_panes = "A3"
    wb.save(path)


SELF_INSTRUCTIONS = [
    "月度自考填表说明",
    "1. 每位评分人使用一张工作表，工作表名称为“职务-姓名”，请勿改动表头。",
    "2. 基础项目按评分标准打分，分值不得超过该项满分；加分项目、扣分项目无则留空。",
    "3. 否决项目不参与村（社区）自考，由街道考核认定。",
    "4. 分数请填写数字，可保留一位小数，不要填写“优”“良”等文字。",
    "5. 每月5日前将上月评分表报送街道网格办。",
]


def write_self(demo: Demo, month: int, village: Village, path: Path) -> None:
    wb = new_workbook()
    guide = wb.active
    guide.title = "填表说明"
    for line in SELF_INSTRUCTIONS:
        guide.append([line])
    guide.column_dimensions["A"].width = 80
    scored = [it for it in demo.items if it.kind != VETO]
    columns = [g.name if village.by_name else g.grid_id for g in village.grids]
    headers = ["编号", "类别", "考核内容", "分值", *columns]
    for sheet_name, _bias, _fine in village.raters:
        ws = wb.create_sheet(sheet_name)
        title_row(ws, f"{village.name}{YEAR}年{month}月网格化工作月度自考评分表", len(headers))
        header_row(ws, headers)
        sheet = demo.self_scores[month][village.name][sheet_name]
        for it in scored:
            cells = [sheet[g.grid_id][it.code] for g in village.grids]
            ws.append(
                [
                    it.code,
                    it.category,
                    it.content,
                    number(it.points),
                    *[c if c is None else number(c) for c in cells],
                ]
            )
        set_widths(ws, [8, 12, 36, 6, *[16 if village.by_name else 8] * len(columns)])
        ws.freeze_panes = "E3"
    wb.save(path)


def write_street(demo: Demo, quarter: int, dept: str, path: Path) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "考核评分"
    owned = [it for it in demo.items if it.department == dept]
    headers = ["网格编号", "网格名称", "村(社区)", *[f"{it.code} {it.short}" for it in owned], "备注"]
    title_row(ws, f"{YEAR}年{QUARTER_NAMES[quarter]}网格化工作考核评分表（{dept}）", len(headers))
    header_row(ws, headers)
    notes = demo.notes[quarter].get(dept, {})
    for g in demo.grids:
        cells = demo.street[quarter][g.grid_id]
        values = []
        for it in owned:
            value = cells[it.code]
            values.append(number(value) if isinstance(value, Fraction) else value)
        ws.append([g.grid_id, g.name, g.village, *values, "；".join(notes.get(g.grid_id, [])) or None])
    set_widths(ws, [10, 20, 12, *[11] * len(owned), 36])
    ws.freeze_panes = "D3"
    wb.save(path)


def write_demo(demo: Demo, out: Path) -> int:
    if out.exists():
        if any(out.iterdir()) and not (out / "gridscore.toml").exists():
            raise FileExistsError(f"refusing to replace {out}: it does not look like a demo folder")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "gridscore.toml").write_text(RULES_TOML, encoding="utf-8")
    write_checklist(demo, out / "checklist.xlsx")
    write_roster(demo, out / "roster.xlsx")
    files = 3
    for month in range(1, 13):
        folder = out / "self" / f"{YEAR}-{month:02d}"
        folder.mkdir(parents=True)
        for village in demo.villages:
            write_self(demo, month, village, folder / f"{village.name}.xlsx")
            files += 1
    for quarter in range(1, 5):
        folder = out / "street" / f"{YEAR}-Q{quarter}"
        folder.mkdir(parents=True)
        for dept in DEPARTMENTS:
            write_street(demo, quarter, dept, folder / f"{dept}.xlsx")
            files += 1
    return files


def build(out: Path) -> str:
    """Generate the demo into `out` (replacing an earlier demo there); returns a summary line."""
    rng = random.Random(2020)
    demo = generate(rng)
    items = demo.items
    assert len(items) == 64 and len({it.code for it in items}) == 64
    assert sum(it.points for it in items if it.kind == BASE) == 100
    assert sum(it.points for it in items if it.kind == BONUS) > BONUS_CAP
    assert {it.department for it in items} == set(DEPARTMENTS) and len(DEPARTMENTS) == 17
    assert len(demo.grids) >= 80 and len({g.name for g in demo.grids}) == len(demo.grids)
    planted = plant(demo)
    results = check_planted(demo, planted)
    files = write_demo(demo, out)
    events = demo_events.build(out)
    ranks = {r.grid.grid_id: r.rank for r in results}
    return (
        f"wrote {files} files to {out}: {len(demo.villages)} villages, {len(demo.grids)} grids, "
        f"{len(items)} items, {len(DEPARTMENTS)} departments; Q3 veto {planted['veto'].grid_id} "
        f"(rank {ranks[planted['veto'].grid_id]}), tie {planted['tie_a'].grid_id}={planted['tie_b'].grid_id} "
        f"(rank {ranks[planted['tie_a'].grid_id]}), bonus over cap {planted['bonus'].grid_id}\n{events}"
    )
