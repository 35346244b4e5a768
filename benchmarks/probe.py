"""`workbook generate` in stages, for a fresh process: `python benchmarks/probe.py PROFILE OUT.pdf`
prints one JSON object of {stage: [wall s, CPU s]}.

The stages are those of the command: the imports the command line makes, reading and checking
the content and profile, registering the fonts, the plan, laying out the book, and writing it.
Writing is ReportLab serialising the PDF (Canvas.save, timed by wrapping it here) plus writing the
file; packing is qpdf packing it into object streams (`workbook.compact`, wrapped likewise); layout
is the rest of the build. The layout passes are counted by wrapping the document
template's build, which multiBuild calls once a pass. The interpreter's own start is what the
caller's wall time has beyond these.
"""

from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter(), time.process_time()


def main() -> None:
    profile_path, out = sys.argv[1:3]
    stages: dict[str, list[float]] = {}
    mark = list(STARTED)

    def stage(name: str) -> None:
        now = time.perf_counter(), time.process_time()
        stages[name] = [now[0] - mark[0], now[1] - mark[1]]
        mark[:] = now

    from pathlib import Path

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.doctemplate import BaseDocTemplate

    import workbook.build
    import workbook.cli  # everything the command line imports
    from workbook.build import build_workbook, load_inputs, plan_for
    from workbook.files import write_atomic
    from workbook.options import Options
    from workbook.render.fonts import load_fonts

    stage("imports")
    library, pathway, profile = load_inputs(Path(profile_path), Options())
    stage("content")
    load_fonts()
    stage("fonts")
    plan = plan_for(pathway, profile)
    stage("plan")
    saving, packing, passes = [0.0, 0.0], [0.0, 0.0], [0]  # wall and CPU s; layout passes
    save, build, compact = Canvas.save, BaseDocTemplate.build, workbook.build.compact

    def timed(function, seconds: list[float]):
        def run(*args):
            wall, cpu = time.perf_counter(), time.process_time()
            result = function(*args)
            seconds[0] += time.perf_counter() - wall
            seconds[1] += time.process_time() - cpu
            return result

        return run

    def counted_build(document, *args, **kwargs) -> None:
        passes[0] += 1
        build(document, *args, **kwargs)

    Canvas.save, BaseDocTemplate.build = timed(save, saving), counted_build
    workbook.build.compact = timed(compact, packing)
    pdf = build_workbook(library, pathway, profile, Options(), profile_path, plan)
    stage("layout")
    stages["layout"] = [
        a - b - c for a, b, c in zip(stages["layout"], saving, packing, strict=True)
    ]
    stages["packing"] = packing
    write_atomic(Path(out), pdf)
    stage("writing")
    stages["writing"] = [stages["writing"][0] + saving[0], stages["writing"][1] + saving[1]]
    print(json.dumps({"stages": stages, "passes": passes[0], "bytes": len(pdf)}))


if __name__ == "__main__":
    main()
