"""The naive way, for comparison: pandas.read_excel (openpyxl engine) on every sheet of the
year, then the same sums, weighting, ranking and one output workbook. Floats, no validation.

    python benchmarks/naive.py DATA_DIR OUT.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def read(path: Path, **options) -> dict[str, pd.DataFrame]:
    return pd.read_excel(path, sheet_name=None, header=1, engine="openpyxl", **options)


def main(root: Path, out: Path) -> None:
    checklist = next(iter(read(root / "checklist.xlsx").values()))
    kind = dict(zip(checklist["编号"], checklist["类型"].fillna("基础"), strict=True))
    sign = {code: (-1 if k == "扣分" else 0 if k == "否决" else 1) for code, k in kind.items()}
    composites: dict[str, list[float]] = {}
    for quarter in range(1, 5):
        self_scores: dict[str, list[float]] = {}
        for month in range(3 * quarter - 2, 3 * quarter + 1):
            for path in sorted((root / "self" / f"2020-{month:02d}").glob("*.xlsx")):
                for frame in read(path).values():
                    frame = frame.set_index("编号")
                    signs = frame.index.map(sign)
                    for grid in (c for c in frame.columns if c not in ("考核内容", "分值")):
                        self_scores.setdefault(grid, []).append(float((frame[grid].fillna(0) * signs).sum()))
        street: dict[str, float] = {}
        for path in sorted((root / "street" / f"2020-Q{quarter}").glob("*.xlsx")):
            frame = next(iter(read(path).values())).set_index("网格编号")
            for column in frame.columns:
                code = str(column).split(" ")[0]
                if sign.get(code):
                    for grid, value in frame[column].fillna(0).items():
                        street[grid] = street.get(grid, 0.0) + sign[code] * float(value)
        for grid, totals in self_scores.items():
            composite = 0.2 * round(sum(totals) / len(totals), 2) + 0.8 * round(street.get(grid, 0.0), 2)
            composites.setdefault(grid, []).append(round(composite, 2))
    result = pd.DataFrame(
        [(grid, *values, round(sum(values) / len(values), 2)) for grid, values in composites.items()],
        columns=["网格编号", "Q1", "Q2", "Q3", "Q4", "年度综合得分"],
    )
    result["排名"] = result["年度综合得分"].rank(ascending=False, method="min").astype(int)
    result.sort_values("排名").to_excel(out, index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
