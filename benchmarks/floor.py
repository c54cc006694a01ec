"""The read floor: every cell of every workbook `gridscore year` reads (the checklist, the
roster, the self-assessment and street workbooks; not the event logs), read with
python-calamine and nothing else.

python benchmarks/floor.py DATA_DIR [WORKERS]
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def read_all(path: Path) -> int:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(len(workbook.get_sheet_by_name(name).to_python()) for name in workbook.sheet_names)


if __name__ == "__main__":
    root, workers = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2
    paths = sorted(p for p in root.rglob("*.xlsx") if "events" not in p.relative_to(root).parts)
    with ProcessPoolExecutor(workers) as pool:
        rows = sum(pool.map(read_all, paths, chunksize=16))
    print(f"{len(paths)} files, {rows} rows")
