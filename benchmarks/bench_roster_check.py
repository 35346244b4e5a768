"""Time and peak memory of `workbook batch --check` as a roster grows (run by hand)."""

from __future__ import annotations

import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHWAY = "backend-developer-to-ai-product-manager"


def roster(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "pathway", "start_date", "hours_per_week"])
        for n in range(rows):
            writer.writerow([f"Person {n}", PATHWAY, "2027-01-04", str(5 + n % 30)])


def main() -> None:
    for rows in (10_000, 100_000, 300_000):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "cohort.csv"
            roster(path, rows)
            start = time.perf_counter()
            command = [sys.executable, "-m", "workbook", "batch", str(path), "--check"]
            subprocess.run(command, capture_output=True, check=False)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{rows:8d} rows  {seconds:6.1f} s  peak child RSS so far {peak:6.0f} MiB")


if __name__ == "__main__":
    main()
