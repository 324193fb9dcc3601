"""Mutation run: does the suite notice when the code is deliberately broken?

Usage: python scripts/mutants.py [NAME ...]   (`make mutants` runs them all; about 15 min)

Each mutation below changes one line of src/ in a copy of the tree (the text to replace must
occur exactly once) and runs the whole suite against the copy, stopping at the first failure.
A mutation the suite survives is a fault users could meet with every test green. The table
prints killed/survived per mutation; the exit code is the number that survived.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class Mutation(NamedTuple):
    name: str
    file: str  # under src/policybrief/
    old: str
    new: str


MUTATIONS = [
    # The seven an outside review found surviving the suite before issue 11.
    Mutation(
        "findings-title-untagged",
        "render/blocks.py",
        'title = user_paragraph(finding.title, "finding_title", ctx)',
        'title = user_paragraph(finding.title, "finding_title", ctx, ARTIFACT)',
    ),
    Mutation(
        "callout-title-untagged",
        "render/blocks.py",
        'user_paragraph(block.callout, "box_heading", ctx, new_tag(ctx, "H3"))',
        'user_paragraph(block.callout, "box_heading", ctx, ARTIFACT)',
    ),
    Mutation(
        "link-label-not-escaped",
        "render/shared.py",
        "{escape(label)}</a>",
        "{label}</a>",
    ),
    Mutation(
        "layout-error-position-not-recorded",
        "render/document.py",
        "self.current_source = flowable.source",
        "pass",
    ),
    Mutation(
        "every-citation-marker-an-anchor",
        "render/shared.py",
        """anchor = "" if number in numbering.anchored else f'<a name="cite-{number}"/>'""",
        """anchor = f'<a name="cite-{number}"/>'""",
    ),
    Mutation("pdf-written-0600", "pipeline.py", "os.chmod(temp, PDF_MODE)", "pass"),
    Mutation(
        "hyphenation-always-english",
        "render/context.py",
        "hyphenation_language(language)",
        'hyphenation_language("en")',
    ),
    Mutation(
        "image-checks-import-the-renderer",
        "load/images.py",
        "from policybrief.model.fields import FieldError\n",
        "from policybrief.model.fields import FieldError\nimport policybrief.render.fonts\n",
    ),
    # More of the same kind: each breaks a promise of the README or DESIGN.md.
    Mutation(
        "user-text-not-escaped",
        "text.py",
        '"text": lambda t: escape(t.content),',
        '"text": lambda t: t.content,',
    ),
    Mutation(
        "javascript-links-allowed",
        "text.py",
        'LINK_SCHEMES = ("http", "https", "mailto")',
        'LINK_SCHEMES = ("http", "https", "mailto", "javascript")',
    ),
    Mutation(
        "text-not-composed",
        "model/fields.py",
        'value = unicodedata.normalize("NFC", value)',
        "value = value",
    ),
    Mutation("no-did-you-mean", "errors.py", "n=1, cutoff=0.6)", "n=1, cutoff=0.999)"),
    Mutation(
        "table-header-without-scope",
        "render/evidence.py",
        'attributes={"O": "Table", "Scope": "Column"},',
        'attributes={"O": "Table"},',
    ),
    Mutation(
        "mcids-not-counted",
        "render/tagging.py",
        "node.kids.append(Mark(page, len(claimed)))",
        "node.kids.append(Mark(page, 0))",
    ),
    Mutation(
        "table-decorations-not-artifacts",
        "render/boxes.py",
        "callback = decorations_as_artifacts if decorated else None",
        "callback = None",
    ),
    Mutation(
        "no-spaces-at-line-ends",
        "render/tagging.py",
        "lines = [with_trailing_space(line) for line in lines[:spaced]] + lines[spaced:]",
        "lines = lines",
    ),
    Mutation(
        "no-actual-text",
        "render/tagging.py",
        "actual = _unbroken_text(self, lines) if self.tag is not None else None",
        "actual = None",
    ),
    Mutation(
        "figure-without-alt",
        "render/shared.py",
        'self.tag = new_tag(ctx, "Figure", alt=alt)',
        'self.tag = new_tag(ctx, "Figure")',
    ),
    Mutation(
        "headings-stranded",
        "render/boxes.py",
        "return CondPageBreak(ctx.theme.sizes.leading * lines + ctx.theme.sizes.heading * 4)",
        "return CondPageBreak(0)",
    ),
    Mutation(
        "source-date-epoch-ignored",
        "render/document.py",
        "return timestamp_at(None if epoch else day_seconds(day.year, day.month, day.day))",
        "return timestamp_at(day_seconds(day.year, day.month, day.day))",
    ),
    Mutation(
        "pdfa-profile-dated-now",
        "render/pdfa.py",
        "return profile[:24] + date + profile[36:]",
        "return profile",
    ),
]


def run(mutation: Mutation, work: Path) -> tuple[bool, float, str]:
    """Apply one mutation to a copy of the project and run its suite: (killed, seconds, why).

    Why a copy of everything: tests read the source tree (import rules) and the briefs
    relative to their own folder, and the shared folder beside it.
    """
    copy = work / "main"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "output", "__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache"
        ),
    )
    if not (work / "shared").exists():
        (work / "shared").symlink_to(ROOT.parent / "shared")
    src = copy / "src"
    target = src / "policybrief" / mutation.file
    text = target.read_text(encoding="utf-8")
    if text.count(mutation.old) != 1:
        raise SystemExit(
            f"{mutation.name}: the text to mutate occurs {text.count(mutation.old)}"
            f" times in {mutation.file}; update MUTATIONS"
        )
    target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_CACHE_HOME": str(work / "cache"),
    }
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    failed = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return result.returncode != 0, time.perf_counter() - start, (failed or [""])[0][:110]


def main(names: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not names or m.name in names]
    survived = 0
    with tempfile.TemporaryDirectory() as folder:
        for mutation in chosen:
            killed, seconds, why = run(mutation, Path(folder))
            survived += not killed
            verdict = "killed  " if killed else "SURVIVED"
            print(f"{verdict} {mutation.name:<38} {seconds:5.0f} s  {why}", flush=True)
    print(f"{len(chosen) - survived} of {len(chosen)} mutations killed")
    return survived


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
