"""Benchmarks: how fast a build feels, how it scales, what it costs in memory.

Usage: python bench/run.py [--quick]   (`make bench` runs it)

Reports medians of repeated runs with their min-max, as a table on stdout and as JSON in
output/bench.json. Benchmarks, not tests: nothing here passes or fails.

What is measured, each in a fresh process unless said otherwise:
- floor: `python -c "import reportlab.platypus"`, the least any build can cost;
- cold: `policybrief build` of the seed brief, from process start to PDF on disk; and with --pdfa;
- warm: a rebuild inside one process that has built once (what `watch` does);
- tagging: in one warm process, the seed rendered tagged (structure tree, XMP, the PDF/UA
  parts) and untagged, alternately: the time and the bytes that accessibility costs;
- scale: synthetic briefs of 1, 10, 50 and 100 times the seed's sections (time, pages, peak RSS);
- long lists: a brief whose one section is a list of 1,000 and of 10,000 bullets (time grows
  with length, not faster, since issue 12);
- batch: 20 briefs with -j 1 and with -j 2.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "briefs" / "us-pakistan-relations.yaml"
PYTHON = sys.executable
CLI = [PYTHON, "-m", "policybrief"]


def _time(command: list[str], runs: int, env: dict | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def _summary(times: list[float]) -> dict:
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "runs": len(times),
    }


def floor_and_cold(runs: int, tmp: Path) -> dict:
    out = str(tmp / "cold.pdf")
    return {
        "floor": _summary(_time([PYTHON, "-c", "import reportlab.platypus"], runs)),
        "cold": _summary(_time([*CLI, "build", str(SEED), "-o", out, "-q"], runs)),
        "cold_pdfa": _summary(_time([*CLI, "build", str(SEED), "-o", out, "-q", "--pdfa"], runs)),
    }


WARM = """
import json, sys, time
import policybrief
policybrief.build(sys.argv[1], sys.argv[2]).output
times = []
for _ in range(int(sys.argv[3])):
    start = time.perf_counter(); policybrief.build(sys.argv[1], sys.argv[2]).output
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


TAGGING = """
import json, sys, time
from policybrief.load import load_brief, load_theme
from policybrief.render import render_pdf
brief = load_brief(sys.argv[1]); theme = load_theme(brief.theme)
render_pdf(brief, theme); render_pdf(brief, theme, tagged=False)
found = {"tagged": [], "untagged": []}
sizes = {}
for _ in range(int(sys.argv[2])):
    for kind, tagged in (("tagged", True), ("untagged", False)):
        start = time.perf_counter(); pdf = render_pdf(brief, theme, tagged=tagged).pdf
        found[kind].append(time.perf_counter() - start); sizes[kind] = len(pdf)
print(json.dumps({"times": found, "sizes": sizes}))
"""


def tagging(runs: int) -> dict:
    result = subprocess.run(
        [PYTHON, "-c", TAGGING, str(SEED), str(runs)], check=True, capture_output=True, text=True
    )
    found = json.loads(result.stdout)
    tagged, untagged = (_summary(found["times"][k]) for k in ("tagged", "untagged"))
    return {
        "tagged": tagged,
        "untagged": untagged,
        "bytes": found["sizes"],
        "extra_time": tagged["median"] / untagged["median"] - 1,
        "extra_size": found["sizes"]["tagged"] / found["sizes"]["untagged"] - 1,
    }


def warm(runs: int, tmp: Path) -> dict:
    result = subprocess.run(
        [PYTHON, "-c", WARM, str(SEED), str(tmp / "warm.pdf"), str(runs)],
        check=True,
        capture_output=True,
        text=True,
    )
    return _summary(json.loads(result.stdout))


def synthetic(multiple: int, folder: Path) -> Path:
    """The seed brief with its sections repeated `multiple` times, headings numbered."""
    text = SEED.read_text(encoding="utf-8")
    head, rest = text.split("\nsections:\n", 1)
    sections, tail = rest.split("\nconclusion:\n", 1)
    copies = [
        sections.replace('  - heading: "', f'  - heading: "{n}. ')
        .replace("  - heading: Why", f"  - heading: {n}. Why")
        .replace("  - heading: The way", f"  - heading: {n}. The way")
        for n in range(1, multiple + 1)
    ]
    path = folder / f"synthetic-{multiple}x.yaml"
    path.write_text(
        head + "\nsections:\n" + "\n".join(copies) + "\nconclusion:\n" + tail, encoding="utf-8"
    )
    return path


SCALE = """
import json, resource, sys, time
from pypdf import PdfReader
import policybrief
start = time.perf_counter()
pdf = policybrief.build(sys.argv[1], sys.argv[2]).output
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "pages": len(PdfReader(pdf).pages),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _built(brief: Path, pdf: Path, runs: int) -> dict:
    """Time, pages and peak memory of building `brief`, each run in a fresh process."""
    results = [
        json.loads(
            subprocess.run(
                [PYTHON, "-c", SCALE, str(brief), str(pdf)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(runs)
    ]
    return {
        "seconds": _summary([r["seconds"] for r in results]),
        "pages": results[0]["pages"],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
    }


def scale(multiples: list[int], runs: int, tmp: Path) -> dict:
    rows = {}
    for multiple in multiples:
        rows[f"{multiple}x"] = _built(synthetic(multiple, tmp), tmp / f"s{multiple}.pdf", runs)
    per_page = _per_page(rows)
    return {"briefs": rows, **per_page}


def long_lists(lengths: list[int], runs: int, tmp: Path) -> dict:
    """A brief of one list of each length: the case that was quadratic before issue 12."""
    rows = {}
    for length in lengths:
        brief = tmp / f"list-{length}.yaml"
        items = "".join(f"          - Point number {n}, in a few words.\n" for n in range(length))
        brief.write_text(
            "title: A long list\ndate: 2026-01-01\nsummary:\n  - One point.\nsections:\n"
            "  - heading: The list\n    body:\n      - bullets:\n" + items,
            encoding="utf-8",
        )
        rows[f"{length} bullets"] = _built(brief, tmp / f"list-{length}.pdf", runs)
    return rows


def _per_page(rows: dict) -> dict:
    """Cost per added page: the slope between the smallest and largest brief."""
    first, last = (
        rows[min(rows, key=lambda k: int(k[:-1]))],
        rows[max(rows, key=lambda k: int(k[:-1]))],
    )
    slope = (last["seconds"]["median"] - first["seconds"]["median"]) / (
        last["pages"] - first["pages"]
    )
    return {"ms_per_added_page": slope * 1000}


def batch(count: int, runs: int, tmp: Path) -> dict:
    folder = tmp / "batch"
    folder.mkdir(exist_ok=True)
    briefs = []
    for n in range(count):
        path = folder / f"brief-{n:02d}.yaml"
        path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
        briefs.append(str(path))
    result = {}
    for jobs in (1, 2):
        times = _time(
            [*CLI, "build", *briefs, "--out-dir", str(tmp / "batch-out"), "-q", "-j", str(jobs)],
            runs,
        )
        result[f"j{jobs}"] = _summary(times)
    result["speedup_j2"] = result["j1"]["median"] / result["j2"]["median"]
    return result


def table(results: dict) -> str:
    def row(name: str, s: dict) -> str:
        return (
            f"{name:<28} {s['median'] * 1000:>9.0f} ms   "
            f"({s['min'] * 1000:.0f}-{s['max'] * 1000:.0f}, {s['runs']} runs)"
        )

    lines = ["policybrief benchmark", "-" * 72]
    lines.append(row("import reportlab (floor)", results["floor"]))
    lines.append(row("cold build, seed", results["cold"]))
    lines.append(row("cold build, seed --pdfa", results["cold_pdfa"]))
    lines.append(row("warm rebuild, seed", results["warm"]))
    if "tagging" in results:
        cost = results["tagging"]
        lines.append(row("render seed, tagged", cost["tagged"]))
        lines.append(row("render seed, untagged", cost["untagged"]))
        lines.append(
            f"{'  tagging costs':<28} {cost['extra_time'] * 100:>+8.1f} %    time, "
            f"{cost['extra_size'] * 100:+.1f} % size ({cost['bytes']['tagged']:,} bytes "
            f"against {cost['bytes']['untagged']:,})"
        )
    target = results["floor"]["median"] * 1.3 + 0.15
    lines.append(f"{'  target: cold within':<28} {target * 1000:>9.0f} ms   (1.3 x floor + 150 ms)")
    lines.append("-" * 72)
    for name, r in results["scale"]["briefs"].items():
        lines.append(
            f"{'synthetic ' + name:<28} {r['seconds']['median'] * 1000:>9.0f} ms   "
            f"{r['pages']:>4} pages  {r['peak_rss_mb']:>6.1f} MB peak"
        )
    lines.append(f"{'  cost per added page':<28} {results['scale']['ms_per_added_page']:>9.2f} ms")
    for name, r in results.get("long_lists", {}).items():
        lines.append(
            f"{'list of ' + name:<28} {r['seconds']['median'] * 1000:>9.0f} ms   "
            f"{r['pages']:>4} pages  {r['peak_rss_mb']:>6.1f} MB peak"
        )
    lines.append("-" * 72)
    lines.append(row("batch of 20, -j 1", results["batch"]["j1"]))
    lines.append(row("batch of 20, -j 2", results["batch"]["j2"]))
    lines.append(f"{'  speed-up with -j 2':<28} {results['batch']['speedup_j2']:>9.2f} x")
    return "\n".join(lines)


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 3 if quick else 7
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        results = floor_and_cold(runs, tmp)
        results["warm"] = warm(runs * 3, tmp)
        results["tagging"] = tagging(runs * 3)
        results["scale"] = scale([1, 10, 50, 100], 1 if quick else 3, tmp)
        results["long_lists"] = long_lists([1_000, 10_000], 1, tmp)
        results["batch"] = batch(20, 1 if quick else 3, tmp)
    results["machine"] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    out = ROOT / "output" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
