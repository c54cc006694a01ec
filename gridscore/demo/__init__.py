"""A seeded demo data folder: a fictional street (青山街道) through the whole of 2020.

`gridscore init DIR` writes it for a newcomer, copied from the archive shipped in the
package (shipped.py: milliseconds, not the seconds generating takes); `python
examples/make_demo.py` regenerates examples/demo (the README's demo) and that archive.

The folder is the README's demo and the golden fixture of tests/test_demo_golden.py.
2020-Q3 carries three planted cases, checked with exact arithmetic before anything is
written: one vetoed grid that would otherwise be commended, an exact composite tie inside
the ranking, and one grid whose street bonus exceeds the cap.

data (the fixed street), street (generated from a seed), oracle (the independent check),
writers (the workbooks), events (the platform export), xlsx (a minimal workbook writer),
shipped (the archive `init` copies).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from gridscore.demo import events as demo_events
from gridscore.demo.data import BASE, BONUS, BONUS_CAP, DEPARTMENTS
from gridscore.demo.oracle import check_planted, plant
from gridscore.demo.shipped import files as shipped_files
from gridscore.demo.shipped import pack
from gridscore.demo.street import generate
from gridscore.demo.writers import layout, write_demo


def make() -> tuple[dict[str, bytes], str]:
    """Generate the demo: its files in memory by relative path, and a summary of them."""
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
    files = write_demo(demo)
    written = len(files)
    grids = [demo_events.Grid(g.grid_id, g.name, g.village, g.leader, tuple(g.members)) for g in demo.grids]
    events, events_summary = demo_events.files(grids)
    files.update(events)
    assert list(files) == layout(), "layout() names the files the demo writes"
    ranks = {r.grid.grid_id: r.rank for r in results}
    summary = (
        f"{written} files: {len(demo.villages)} villages, {len(demo.grids)} grids, "
        f"{len(items)} items, {len(DEPARTMENTS)} departments; Q3 veto {planted['veto'].grid_id} "
        f"(rank {ranks[planted['veto'].grid_id]}), tie {planted['tie_a'].grid_id}={planted['tie_b'].grid_id} "
        f"(rank {ranks[planted['tie_a'].grid_id]}), bonus over cap {planted['bonus'].grid_id}; "
        + events_summary
    )
    return files, summary


def contents() -> dict[str, bytes]:
    """What `gridscore init` writes, by relative path in layout() order: the shipped demo
    (examples/demo as packed by build()), not generated again."""
    files = shipped_files()
    names = layout()
    if set(files) != set(names):  # a stale archive: python examples/make_demo.py
        raise RuntimeError("the shipped demo archive does not hold the files layout() names")
    return {name: files[name] for name in names}


def build(out: Path, archive: Path | None = None) -> str:
    """Generate the demo into `out` (replacing an earlier demo there), and pack the same bytes
    into `archive` when given (the package's copy); returns a summary line."""
    if out.exists():
        if any(out.iterdir()) and not (out / "gridscore.toml").exists():
            raise FileExistsError(f"refusing to replace {out}: it does not look like a demo folder")
        shutil.rmtree(out)
    files, summary = make()
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    where = str(out)
    if archive is not None:
        archive.write_bytes(pack(files))
        where += f" and {archive}"
    return f"wrote to {where}: {summary}"
