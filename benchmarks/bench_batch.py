"""Time and peak memory of `workbook batch` on a generated roster (run by hand, not in tests).

python benchmarks/bench_batch.py 1000 --workers 2
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHWAYS = (
    "backend-developer-to-ai-product-manager",
    "backend-developer-to-ai-product-designer",
    "backend-developer-to-ai-operations-manager",
    "backend-developer-to-ai-architect",
)


def write_roster(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "pathway", "start_date", "hours_per_week"])
        for i in range(rows):
            writer.writerow([f"p{i:05d}", f"Person {i}", PATHWAYS[i % 4], "2027-01-04", 6 + i % 15])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        roster, out = Path(folder) / "roster.csv", Path(folder) / "out"
        write_roster(roster, args.rows)
        start = time.perf_counter()
        command = [
            sys.executable,
            "-m",
            "workbook",
            "batch",
            str(roster),
            "--out",
            str(out),
            "--workers",
            str(args.workers),
            "--quiet",
            "--merge",
            "--max-pages",
            "5000",
        ]
        subprocess.run(command, check=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in out.iterdir()) / 2**20
        print(
            f"{args.rows} rows, {args.workers} workers: {seconds:.0f} s "
            f"({seconds / args.rows:.2f} s a row), peak memory of one process {peak:.0f} MiB, "
            f"output {size:.0f} MiB"
        )


if __name__ == "__main__":
    main()
