"""The benchmark suite of issue 11 (run by hand, never in the tests):

    python benchmarks/run.py [--quick] [--json out.json] [--only warm,cold,cohort,size,baseline]

Prints tables of medians with [lowest-highest] over the repeats, and writes every measurement as
JSON. See benchmarks/README.md for what each figure means and the targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import baseline
import cohort
import cold
import warm
from common import AI_PM, PLANS, TYPICAL, short_id, spread

import workbook
from workbook.content import load_library

PARTS = ("warm", "cold", "cohort", "size", "baseline")
TARGETS = {
    "warm_over_baseline": 1.5,
    "generate_ms": 500,
    "version_and_help_ms": 150,
    "workbooks_per_second": 30,
    "peak_mib_per_worker": 150,
    "kb_per_workbook": 250,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, plans and rows")
    parser.add_argument("--json", type=Path, help="write every measurement to this file")
    parser.add_argument("--only", default=",".join(PARTS), help="of " + ",".join(PARTS))
    parser.add_argument("--rows", help="cohort sizes, comma-separated (default 100,1000; quick 20)")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if not parts <= set(PARTS):
        parser.error(f"--only takes {', '.join(PARTS)}")
    rows = [int(n) for n in (args.rows or ("20" if args.quick else "100,1000")).split(",")]
    repeats = 2 if args.quick else 5
    plans = (TYPICAL,) if args.quick else tuple(PLANS)
    pathways = sorted(load_library().pathways)
    results: dict = {"machine": _machine(), "quick": args.quick, "repeats": repeats}

    if parts & {"warm", "size", "baseline"}:
        books = warm.measure(repeats if "warm" in parts else 0, plans)
        results["books"] = books
        _print_books(books, "warm" in parts)
    if "baseline" in parts:
        typical = _typical_pm(results["books"])
        results["baseline"] = baseline.measure(typical["pages"], repeats)
        _print_baseline(results["baseline"], typical if "warm" in parts else None, results)
    if "cold" in parts:
        chosen = [AI_PM] if args.quick else pathways
        results["cold"] = cold.measure(chosen, repeats)
        _print_cold(results["cold"], chosen)
    if "cohort" in parts:
        results["cohort"] = []
        print("\nCohort: workbook batch of typical plans, the pathways in turn")
        print(f"{'rows':>6} {'workers':>7} {'seconds':>8} {'CPU s':>7} {'books/s':>8}", end="")
        print(f" {'MiB/worker':>11} {'MiB batch':>10} {'KB/book':>8}")
        for count in rows:
            runs = [cohort.measure(count, workers, pathways) for workers in (1, 2)]
            for run in runs:
                print(
                    f"{count:6d} {run['workers']:7d} {run['seconds']:8.1f} "
                    f"{run['cpu_seconds']:7.1f} {run['workbooks_per_second']:8.2f} "
                    f"{run['peak_mib_per_worker']:11.0f} {run['peak_mib_batch_process']:10.0f} "
                    f"{run['kb_per_workbook']:8.0f}"
                )
            speedup = runs[1]["workbooks_per_second"] / runs[0]["workbooks_per_second"]
            runs[1]["speedup_over_one_worker"] = speedup
            print(f"{'':14} 2 workers: {speedup:.2f}x one's rate", flush=True)
            results["cohort"] += runs
    results["targets"] = _targets(results)
    print(
        "\nTargets (issue 11): "
        + "; ".join(
            f"{name} {t['measured']:.2f} (target {t['target']}) {'met' if t['met'] else 'NOT met'}"
            for name, t in results["targets"].items()
        )
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        print(f"\nwritten: {args.json}")


def _targets(results: dict) -> dict:
    """Each target measured in this run: the measured value, the target, whether it is met."""
    measured = {}
    if "warm_over_baseline" in results:
        measured["warm_over_baseline"] = results["warm_over_baseline"]["cpu"]
    if "cold" in results:
        measured["generate_ms"] = results["cold"][AI_PM]["generate_wall_ms"]["median"]
        measured["version_and_help_ms"] = max(
            results["cold"][flag]["wall_ms"]["median"] for flag in ("--version", "--help")
        )
    if "cohort" in results:
        two = [run for run in results["cohort"] if run["workers"] == 2]
        measured["workbooks_per_second"] = min(run["workbooks_per_second"] for run in two)
        peaks = [run["peak_mib_per_worker"] for run in results["cohort"]]
        measured["peak_mib_per_worker"] = max(peaks)
    if "books" in results:
        measured["kb_per_workbook"] = max(
            book["bytes"] / 1024 for book in results["books"] if book["plan"] == TYPICAL
        )
    return {
        name: {
            "measured": value,
            "target": TARGETS[name],
            "met": value >= TARGETS[name]
            if name == "workbooks_per_second"
            else value <= TARGETS[name],
        }
        for name, value in measured.items()
    }


def _machine() -> dict:
    """What was measured, and on what."""
    root = Path(workbook.__file__).resolve().parent.parent
    git = ["git", "-C", str(root)]
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "workbook", "content"], capture_output=True, text=True
    )
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "workbook": str(root),
        "version": workbook.__version__,
        "commit": commit.stdout.strip() or None,
        "uncommitted_changes": bool(changed.stdout.strip()),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }


def _typical_pm(books: list[dict]) -> dict:
    return next(b for b in books if b["pathway"] == AI_PM and b["plan"] == TYPICAL)


def _print_books(books: list[dict], timed: bool) -> None:
    print("\nBuilds in one process (ms; median [lowest-highest]; CPU is process time)")
    print(f"{'pathway':24} {'plan':8} {'weeks':>5} {'pages':>5} {'KB':>5} {'first ms':>9}", end="")
    print(f" {'warm ms':>18} {'warm CPU ms':>12} {'ms/page':>14} {'CPU/page':>9}" if timed else "")
    for book in books:
        line = (
            f"{short_id(book['pathway']):24} {book['plan']:8} {book['weeks']:5d} "
            f"{book['pages']:5d} {book['bytes'] / 1024:5.0f} "
            f"{book['first_ms']['wall']['median']:9.0f}"
        )
        if timed:
            per_page = book["warm_ms_per_page"]
            line += (
                f" {spread(book['warm_ms']['wall']):>18} {book['warm_ms']['cpu']['median']:12.0f}"
                f" {spread(per_page['wall'], 1):>14} {per_page['cpu']['median']:9.1f}"
            )
        print(line)


def _print_baseline(base: dict, typical: dict | None, results: dict) -> None:
    per_page = base["ms_per_page"]
    print(
        f"\nCanvas baseline, {base['pages']} pages, {base['bytes'] / 1024:.0f} KB: "
        f"{spread(base['ms']['wall'])} ms, {spread(per_page['wall'], 2)} ms/page "
        f"(CPU {per_page['cpu']['median']:.2f})"
    )
    if typical:
        ratio = {
            kind: typical["warm_ms_per_page"][kind]["median"] / per_page[kind]["median"]
            for kind in ("wall", "cpu")
        }
        results["warm_over_baseline"] = ratio
        print(
            f"Warm typical AI PM book ÷ baseline, per page: {ratio['wall']:.1f}x wall, "
            f"{ratio['cpu']:.1f}x CPU (target ≤ {TARGETS['warm_over_baseline']}x)"
        )


def _print_cold(results: dict, pathways: list[str]) -> None:
    print("\nCold, each a fresh process (ms, median [lowest-highest])")
    for flag in ("--version", "--help"):
        times = results[flag]
        print(f"  workbook {flag:10} {spread(times['wall_ms']):>16}  CPU {spread(times['cpu_ms'])}")
    for pathway in pathways:
        run = results[pathway]
        print(
            f"  generate {short_id(pathway):24} {spread(run['generate_wall_ms'])} "
            f"(CPU {run['generate_cpu_ms']['median']:.0f}), {run['layout_passes']} layout passes"
        )
        print(
            "    "
            + ", ".join(
                f"{name} {stats['median']:.0f}" for name, stats in run["stages_wall_ms"].items()
            )
        )
    top = list(results["imports_ms"].items())[:8]
    print("  imports by package (ms, -X importtime): " + ", ".join(f"{p} {t:.0f}" for p, t in top))


if __name__ == "__main__":
    sys.exit(main())
