"""Cold starts, each in a fresh process: `workbook --version`, `workbook --help`, `workbook
generate` of a typical plan, the same build split into stages (probe.py), and the imports by package
(`python -X importtime`)."""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import TYPICAL, summary, write_profile

PROBE = Path(__file__).with_name("probe.py")
STAGES = ("interpreter", "imports", "content", "fonts", "plan", "layout", "packing", "writing")


def workbook_command() -> str:
    """The installed console script, as a person runs it."""
    found = shutil.which("workbook", path=str(Path(sys.executable).parent))
    if not found:
        sys.exit("the workbook command is not installed next to this Python")
    return found


def run(command: list[str]) -> tuple[float, float, str]:
    """(wall s, CPU s of the child and its children, stdout) of one command, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.stdout


def measure(pathways: list[str], repeats: int) -> dict:
    command = workbook_command()
    results: dict = {}
    for flag in ("--version", "--help"):
        results[flag] = _repeated(repeats, lambda flag=flag: run([command, flag])[:2])
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as folder:
        for pathway in pathways:
            profile = write_profile(Path(folder) / f"{pathway}.yaml", pathway, TYPICAL)
            results[pathway] = _generate(command, profile, Path(folder), repeats)
    results["imports_ms"] = imports_by_package()
    return results


def _repeated(repeats: int, once) -> dict:
    runs = [once() for _ in range(repeats)]
    return {
        "wall_ms": summary([wall * 1000 for wall, _ in runs]),
        "cpu_ms": summary([cpu * 1000 for _, cpu in runs]),
    }


def _generate(command: str, profile: Path, folder: Path, repeats: int) -> dict:
    """`workbook generate`, then the probe, `repeats` times each (alternating, so both see the
    same load); the stages' medians."""
    generate, stages = [], defaultdict(list)
    for n in range(repeats):
        out = folder / f"generate-{n}.pdf"
        generate.append(run([command, "generate", "--profile", str(profile), "--out", str(out)]))
        wall, _, output = run([sys.executable, str(PROBE), str(profile), str(folder / "probe.pdf")])
        probe = json.loads(output)
        stages["interpreter"].append(wall - sum(w for w, _ in probe["stages"].values()))
        for name, (stage_wall, _) in probe["stages"].items():
            stages[name].append(stage_wall)
    return {
        "generate_wall_ms": summary([wall * 1000 for wall, _, _ in generate]),
        "generate_cpu_ms": summary([cpu * 1000 for _, cpu, _ in generate]),
        "stages_wall_ms": {name: summary([s * 1000 for s in stages[name]]) for name in STAGES},
        "layout_passes": probe["passes"],
    }


LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def imports_by_package() -> dict[str, float]:
    """Milliseconds of each top-level package's own import time (its modules' self times, so the
    packages add up to the whole) when `generate` imports its machinery, largest first, from
    1 ms."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import workbook.cli, workbook.build"],
        capture_output=True,
        text=True,
        check=True,
    )
    totals: dict[str, float] = defaultdict(float)
    for match in LINE.finditer(done.stderr):
        totals[match.group(4).split(".")[0]] += int(match.group(1)) / 1000
    return {name: ms for name, ms in sorted(totals.items(), key=lambda item: -item[1]) if ms >= 1}
