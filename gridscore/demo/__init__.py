"""A seeded demo data folder: a fictional street (青山街道) through the whole of 2020.

`gridscore init DIR` writes it for a newcomer; `python examples/make_demo.py` regenerates
examples/demo (the README's demo).

The folder is the README's demo and the golden fixture of tests/test_demo_golden.py.
2020-Q3 carries three planted cases, checked with exact arithmetic before anything is
written: one vetoed grid that would otherwise be commended, an exact composite tie inside
the ranking, and one grid whose street bonus exceeds the cap.

data (the fixed street), street (generated from a seed), oracle (the independent check),
writers (the workbooks), events (the platform export), xlsx (a minimal workbook writer).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from gridscore.demo import events as demo_events
from gridscore.demo.data import BASE, BONUS, BONUS_CAP, DEPARTMENTS
from gridscore.demo.oracle import check_planted, plant
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
    """The demo's files in memory, by relative path: what `gridscore init` writes."""
    return make()[0]


def build(out: Path) -> str:
    """Generate the demo into `out` (replacing an earlier demo there); returns a summary line."""
    if out.exists():
        if any(out.iterdir()) and not (out / "gridscore.toml").exists():
            raise FileExistsError(f"refusing to replace {out}: it does not look like a demo folder")
        shutil.rmtree(out)
    files, summary = make()
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return f"wrote to {out}: {summary}"
