"""Time and size of building each pathway's workbook (run by hand; never part of the tests)."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from workbook.build import build_workbook
from workbook.content import load_library
from workbook.options import Options
from workbook.profile import Profile

RUNS = 3


def main() -> None:
    library = load_library()
    for pathway in library.pathways.values():
        for hours in (1, 12.5, 80):
            profile = Profile(
                name="Bench Mark",
                pathway=pathway.id,
                start_date=dt.date(2027, 1, 4),
                hours_per_week=hours,
            )
            times, size = [], 0
            for _ in range(RUNS):
                start = time.perf_counter()
                size = len(build_workbook(library, pathway, profile, Options()))
                times.append(time.perf_counter() - start)
            print(
                f"{pathway.id:45} {hours:5g} h/week  {statistics.median(times):6.2f} s  "
                f"{size / 1024:7.0f} KiB"
            )


if __name__ == "__main__":
    main()
