"""What every measurement shares: the plans, the profiles, and medians with their spread."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

AI_PM = "backend-developer-to-ai-product-manager"
START = dt.date(2027, 1, 4)
# plan name → hours a week: a short plan, the typical one the targets are about, a long one
PLANS = {"short": 60, "typical": 12, "long": 3}
TYPICAL = "typical"


def profile_data(pathway: str, plan: str, name: str = "Bench Mark") -> dict:
    """A profile as a file or a roster row gives it (letter paper, no weeks off)."""
    return {
        "name": name,
        "pathway": pathway,
        "start_date": START.isoformat(),
        "hours_per_week": PLANS[plan],
    }


def write_profile(path: Path, pathway: str, plan: str) -> Path:
    path.write_text(yaml.safe_dump(profile_data(pathway, plan)), encoding="utf-8")
    return path


def short_id(pathway: str) -> str:
    """'backend-developer-to-ai-architect' → 'ai-architect', for narrow tables."""
    return pathway.rsplit("-to-", 1)[-1]


@dataclass(frozen=True)
class Sample:
    """One timed run: wall-clock and CPU seconds."""

    wall: float
    cpu: float


def timed(action: Callable[[], object]) -> tuple[Sample, object]:
    """Run `action` once: its wall and CPU time (this process), and what it returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return Sample(time.perf_counter() - wall, time.process_time() - cpu), result


def summary(values: list[float]) -> dict:
    """Median, lowest and highest of repeated measurements, and every value (for the JSON)."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
        "values": values,
    }


def samples_summary(samples: list[Sample], scale: float = 1.0) -> dict:
    """{'wall': summary, 'cpu': summary} of timed runs, each value multiplied by `scale`."""
    return {
        "wall": summary([s.wall * scale for s in samples]),
        "cpu": summary([s.cpu * scale for s in samples]),
    }


def spread(stats: dict, digits: int = 0) -> str:
    """'median [min-max]' of a summary, e.g. '1234 [1200-1300]'."""
    form = f"{{:.{digits}f}}"
    median, low, high = (form.format(stats[key]) for key in ("median", "min", "max"))
    return median if stats["n"] == 1 else f"{median} [{low}-{high}]"
