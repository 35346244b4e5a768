"""Cohort throughput and memory: `workbook batch` of a roster of typical plans (the pathways in
turn), with 1 and 2 workers.

Memory is each process's peak resident set (VmHWM in /proc/PID/status), read every 50 ms from
the batch process and every process under it. With one worker the batch process builds the books
itself, so it is the worker; with more, the pool's processes are the workers. The CPU time is the
batch process's and its workers' together: with two workers busy it nears twice the wall time.
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from cold import workbook_command
from common import TYPICAL, profile_data

POLL = 0.05


def write_roster(path: Path, rows: int, pathways: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *profile_data(pathways[0], TYPICAL)])
        for n in range(rows):
            row = profile_data(pathways[n % len(pathways)], TYPICAL, name=f"Person {n:05d}")
            writer.writerow([f"p{n:05d}", *row.values()])


def measure(rows: int, workers: int, pathways: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-cohort-") as folder:
        roster, out = Path(folder) / "roster.csv", Path(folder) / "out"
        write_roster(roster, rows, pathways)
        command = [workbook_command(), "batch", str(roster), "--out", str(out)]
        command += ["--workers", str(workers), "--quiet"]
        errors = Path(folder) / "stderr.txt"
        with errors.open("wb") as stderr:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
            peaks = _watch(process)
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if process.returncode:
            raise SystemExit(f"the batch failed:\n{errors.read_text()[-2000:]}")
        books = [p.stat().st_size for p in out.glob("p[0-9]*.pdf")]  # not the facilitator pack
        if len(books) != rows:
            raise SystemExit(f"the batch wrote {len(books)} workbooks for {rows} rows")
    main = peaks.pop(process.pid)
    worker_peaks = list(peaks.values()) if workers > 1 else [main]
    return {
        "rows": rows,
        "workers": workers,
        "seconds": seconds,
        "cpu_seconds": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "workbooks_per_second": len(books) / seconds,
        "books": len(books),
        "kb_per_workbook": sum(books) / len(books) / 1024,
        "peak_mib_batch_process": main,
        "peak_mib_per_worker": max(worker_peaks),
        "processes_under_batch": len(peaks),
    }


def _watch(process: subprocess.Popen) -> dict[int, float]:
    """Peak RSS in MiB of the process and each process under it, until it ends."""
    peaks: dict[int, float] = {}
    while process.poll() is None:
        for pid in [process.pid, *_descendants(process.pid)]:
            peak = _peak_mib(pid)
            if peak is not None:
                peaks[pid] = max(peak, peaks.get(pid, 0.0))
        time.sleep(POLL)
    return peaks


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def _peak_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
