"""Peak memory of `workbook batch` as a roster grows, for rosters of 10k, 100k and 1M rows (run
by hand: `python benchmarks/bench_batch_memory.py [ROWS ...]`).

Three runs per size, each in its own process so its peak RSS is its own:
- `check`: `workbook batch --check` on valid rows;
- `invalid`: a real batch of rows that all fail their check (no PDF is built);
- `valid`: a real batch of valid rows, with a stub builder that returns a one-page PDF, so the
  batch's own bookkeeping (names, notes, plans, manifest, facilitator pack) is what is measured;
  up to 100k rows, as each row's plan takes about 10 ms.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHWAY = "backend-developer-to-ai-product-manager"
SIZES = (10_000, 100_000, 1_000_000)
VALID_AT_MOST = 100_000  # a valid row costs its plan (about 10 ms) even with the stub builder

# Runs the command line in this process with the renderer replaced by a constant tiny PDF, and
# prints the process's peak RSS (Linux reports it in KiB) when the batch ends.
RUNNER = """
import io, json, resource, sys
import pypdf
from workbook import batch
writer = pypdf.PdfWriter()
writer.add_blank_page(width=200, height=200)
buffer = io.BytesIO()
writer.write(buffer)
batch.build_workbook = lambda *args: buffer.getvalue()
from workbook.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def roster(path: Path, rows: int, *, valid: bool) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "pathway", "start_date", "hours_per_week"])
        for n in range(rows):
            hours = str(5 + n % 30) if valid else "0"
            writer.writerow([f"p{n}", f"Person {n}", PATHWAY, "2027-01-04", hours])


def measure(path: Path, out: Path, *extra: str) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one batch."""
    command = [sys.executable, "-c", RUNNER, "batch", str(path), "--out", str(out)]
    command += ["--workers", "1", "--quiet", *extra]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        sys.exit(f"the batch failed:\n{done.stderr[-2000:]}")
    return seconds, int(lines[-1]) / 1024


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or SIZES
    print(f"{'rows':>9}  {'run':8} {'seconds':>8} {'peak RSS':>9}")
    for rows in sizes:
        for label, valid, extra in (
            ("check", True, ["--check"]),
            ("invalid", False, []),
            ("valid", True, []),
        ):
            if valid and not extra and rows > VALID_AT_MOST:
                continue
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "cohort.csv"
                roster(path, rows, valid=valid)
                seconds, peak = measure(path, Path(folder) / "out", *extra)
            print(f"{rows:9d}  {label:8} {seconds:8.1f} {peak:6.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
