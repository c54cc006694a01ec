"""The read floor: every cell of every workbook a command reads, read with python-calamine
and nothing else, in WORKERS processes.

python benchmarks/floor.py DATA_DIR [WORKERS]           what `gridscore year` reads: the
    checklist, the roster, the self-assessment and street workbooks (not the event logs)
python benchmarks/floor.py DATA_DIR WORKERS 2020-Q3     what `gridscore audit 2020-Q3` reads:
    the checklist, the roster, the quarter's self-assessment workbooks and event logs
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def read_all(path: Path) -> int:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(len(workbook.get_sheet_by_name(name).to_python()) for name in workbook.sheet_names)


def year_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.xlsx") if "events" not in p.relative_to(root).parts)


def audit_files(root: Path, quarter: str) -> list[Path]:
    year, q = int(quarter[:4]), int(quarter[-1])
    months = [f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]
    found = [root / "checklist.xlsx", root / "roster.xlsx"]
    for sub in ("self", "events"):
        found += sorted(p for m in months for p in (root / sub / m).glob("*.xlsx"))
    return found


if __name__ == "__main__":
    root, workers = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2
    paths = audit_files(root, sys.argv[3]) if len(sys.argv) > 3 else year_files(root)
    audit = len(sys.argv) > 3
    if audit:  # the largest first, one at a time: an event log is 30 self-assessment files
        paths.sort(key=lambda p: p.stat().st_size, reverse=True)
    with ProcessPoolExecutor(workers) as pool:
        rows = sum(pool.map(read_all, paths, chunksize=1 if audit else 16))
    print(f"{len(paths)} files, {rows} rows")
