"""Time gridscore against the read floor and the naive script; write the table to README.md.

    pip install -e ".[bench]" && python benchmarks/run.py [--runs 5]

Builds benchmarks/data/{street,district} when missing. Every figure is a whole process,
the median of --runs runs after one warm-up, all measured in this one run, and reported as
ratios, since the machines are shared and noisy. Peak memory is the largest single process
(ru_maxrss of the children, workers included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PY = sys.executable
GRIDSCORE = [PY, "-c", "from gridscore.cli import main; main()"]
MARK_BEGIN, MARK_END = "<!-- results:begin -->", "<!-- results:end -->"

PEAK = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _cpu() -> float:
    """CPU seconds (user + system) of the finished children, workers included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of `runs` runs after one warm-up. CPU time
    varies less than wall time with what else the machine runs."""
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return statistics.median(times), statistics.median(cpu)


def peak_mib(cmd: list[str]) -> float:
    """The largest resident set of any process the command started, in MiB."""
    out = subprocess.run([PY, "-c", PEAK, *cmd], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024  # ru_maxrss is in KiB on Linux


def ensure(scale: str) -> Path:
    folder = DATA / scale
    if not (folder / "roster.xlsx").exists():
        subprocess.run([PY, str(HERE / "generate.py"), scale], check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    street, district = ensure("street"), ensure("district")
    out = Path(tempfile.mkdtemp(prefix="gridscore-bench-"))
    year = [*GRIDSCORE, "year", "2020", "--out", str(out), "--force", "--in"]
    check = [*GRIDSCORE, "check", "--in"]
    floor = [PY, str(HERE / "floor.py")]
    t: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for name, cmd in {
        "floor (calamine, 2 processes), district": [*floor, str(district), "2"],
        "audit floor (calamine, 2 processes), district 2020-Q3": [*floor, str(district), "2", "2020-Q3"],
        "gridscore year, district": [*year, str(district)],
        "gridscore check, district": [*check, str(district)],
        "gridscore audit 2020-Q3, district": [
            *GRIDSCORE,
            "audit",
            "Q3",
            "--out",
            str(out),
            "--force",
            "--in",
            str(district),
        ],
        "gridscore year, street": [*year, str(street)],
        "gridscore --help": [*GRIDSCORE, "--help"],
        'python -c "import typer"': [PY, "-c", "import typer"],
    }.items():
        t[name], cpu[name] = timed(cmd, args.runs)
        print(f"{name}: {t[name]:.3f} s ({cpu[name]:.3f} s CPU)", flush=True)
    naive = "naive pandas + openpyxl, street"
    t[naive], cpu[naive] = timed(
        [PY, str(HERE / "naive.py"), str(street), str(out / "naive.xlsx")], max(1, args.runs // 2)
    )
    print(f"naive: {t[naive]:.3f} s", flush=True)
    peak = peak_mib([*year, str(district)])
    floor = "floor (calamine, 2 processes), district"
    audit_floor = "audit floor (calamine, 2 processes), district 2020-Q3"
    floor_t = t[floor]
    rows = [
        ("`gridscore year` / read floor, district", t["gridscore year, district"] / floor_t, "≤ 2.0×"),
        ("`gridscore check` / read floor, district", t["gridscore check, district"] / floor_t, "≤ 1.6×"),
        (
            "naive script / `gridscore year`, street",
            t["naive pandas + openpyxl, street"] / t["gridscore year, street"],
            "≥ 25×",
        ),
        (
            "`gridscore audit 2020-Q3` / its read floor, district (~230,000 events)",
            t["gridscore audit 2020-Q3, district"]
            / t["audit floor (calamine, 2 processes), district 2020-Q3"],
            "≤ 2.0×",
        ),
        (
            "`gridscore --help` / `import typer`",
            t["gridscore --help"] / t['python -c "import typer"'],
            "≤ 2.5×",
        ),
        (
            "`gridscore year`, district / street (10× the data)",
            t["gridscore year, district"] / t["gridscore year, street"],
            "≤ 11×",
        ),
    ]
    met = {
        "≤": lambda value, target: value <= target,
        "≥": lambda value, target: value >= target,
    }
    lines = [
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, median of {args.runs} runs after a warm-up "
        f"(the naive script: {max(1, args.runs // 2)}).",
        "",
        "| measure | ratio | target | met |",
        "|---|---|---|---|",
    ]
    for name, value, target in rows:
        ok = met[target[0]](value, float(target[2:-1]))
        lines.append(f"| {name} | {value:.2f}× | {target} | {'yes' if ok else '**no**'} |")
    ok = peak <= 150
    lines.append(
        f"| peak memory, `gridscore year`, district (largest process) | {peak:.0f} MiB | ≤ 150 MiB | {'yes' if ok else '**no**'} |"
    )
    lines += [
        "",
        "CPU time (user + system, all processes) against the floor's, which varies less with the",
        "machine's load: "
        + ", ".join(
            f"{name.split(',')[0]} {cpu[name] / cpu[floor]:.2f}×"
            for name in ("gridscore year, district", "gridscore check, district")
        )
        + f", gridscore audit {cpu['gridscore audit 2020-Q3, district'] / cpu[audit_floor]:.2f}× its floor's"
        + ".",
    ]
    lines += ["", "Times (seconds, wall / CPU; they vary with the machine's load):", ""]
    lines += [f"- {name}: {value:.2f} / {cpu[name]:.2f}" for name, value in t.items()]
    table = "\n".join(lines)
    print(table)
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    begin, end = text.index(MARK_BEGIN) + len(MARK_BEGIN), text.index(MARK_END)
    readme.write_text(text[:begin] + "\n" + table + "\n" + text[end:], encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
