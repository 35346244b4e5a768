"""Time, pages and size of each pathway's plan and workbook (run by hand; never in the tests)."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time

import pypdf

from workbook.build import build_workbook
from workbook.content import load_library
from workbook.options import Options
from workbook.plan import make_plan
from workbook.profile import Profile

RUNS = 3


def main() -> None:
    library = load_library()
    for pathway in library.pathways.values():
        for hours in (1, 3, 10, 12.5, 60, 80):
            profile = Profile(
                name="Bench Mark",
                pathway=pathway.id,
                start_date=dt.date(2027, 1, 4),
                hours_per_week=hours,
            )
            start = time.perf_counter()
            plan = make_plan(pathway, profile)
            planning = time.perf_counter() - start
            times, data = [], b""
            for _ in range(RUNS):
                start = time.perf_counter()
                data = build_workbook(library, pathway, profile, Options())
                times.append(time.perf_counter() - start)
            pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
            print(
                f"{pathway.id:45} {hours:5g} h/week  plan {planning * 1000:5.1f} ms  "
                f"{len(plan.working_weeks):4d} weeks  {statistics.median(times):6.2f} s  "
                f"{pages:4d} pages  {len(data) / 1024:7.0f} KiB"
            )


if __name__ == "__main__":
    main()
