"""eventfeed's extractor beside a naive baseline, both scored by `shared/gold/score.py`.

The baseline takes every date `dateparser.search_dates` finds in a post as an event titled by the
phrase it matched. Both are scored on the same posts and gold, and printed side by side:

    .venv/bin/python benchmarks/baseline_search_dates.py                 # the seeds
    .venv/bin/python benchmarks/baseline_search_dates.py tests/devset tests/devset/gold.jsonl

With `--baseline-only`, it prints the baseline's predictions as JSON instead (for score.py).
Not a test: it needs the shared scorer beside the checkout (`$EVENTFEED_SHARED`, default
`../shared`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from dateparser.search import search_dates

from extractor import extract
from extractor.posts import load_posts
from feeds.tables import event_to_dict

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EVENTFEED_SHARED", ROOT.parent / "shared"))

#: (label, path into score.py's --json report) of each line printed.
MEASURES = (
    ("precision", ("overall", "precision")),
    ("recall", ("overall", "recall")),
    ("F1", ("overall", "f1")),
    ("kind agreement", ("pairs", "kind_agreement")),
    ("title token-F1", ("pairs", "title_f1_mean")),
    ("time+zone agreement", ("pairs", "time_zone_agreement")),
    ("location agreement", ("pairs", "location_agreement")),
    ("url agreement", ("pairs", "url_agreement")),
)


def baseline(paths: list[str]) -> list[dict[str, Any]]:
    """Every date dateparser.search_dates finds, paragraph by paragraph, as a one-day event."""
    loaded = load_posts(paths)
    out = []
    for post in loaded.posts:
        base = dt.datetime.combine(post.date, dt.time(12, 0))
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
        for block in post.body.split("\n\n"):
            found = search_dates(block, languages=["en"], settings=settings) or []
            for phrase, moment in found:
                out.append(
                    {
                        "post": Path(post.path).name,
                        "kind": "event",
                        "title": phrase,
                        "start": moment.date().isoformat(),
                        "end": moment.date().isoformat(),
                    }
                )
    return out


def eventfeed(paths: list[str]) -> list[dict[str, Any]]:
    """What `eventfeed extract` prints for the posts."""
    return [event_to_dict(event) for event in extract(paths).events]


def score(gold: Path, predictions: list[dict[str, Any]], posts: str) -> dict[str, Any]:
    """score.py's --json report of `predictions` against `gold`."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(predictions, file)
    try:
        scorer = str(SHARED / "gold" / "score.py")
        run = subprocess.run(
            [sys.executable, scorer, str(gold), file.name, "--posts", posts, "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(file.name)
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def _measure(report: dict[str, Any], path: tuple[str, ...]) -> str:
    node: Any = report
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return f"{node:.3f}" if isinstance(node, int | float) else "-"


def side_by_side(reports: dict[str, dict[str, Any]]) -> str:
    """One line per measure, one column per extractor."""
    names = list(reports)
    width = max(len(label) for label, _ in MEASURES)
    lines = ["".ljust(width) + "".join(f"  {name:>14}" for name in names)]
    for label, path in MEASURES:
        cells = "".join(f"  {_measure(reports[name], path):>14}" for name in names)
        lines.append(label.ljust(width) + cells)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--baseline-only"]:
        json.dump(baseline(argv[1:] or ["seeds"]), sys.stdout, indent=1)
        return
    posts = argv[0] if argv else "seeds"
    gold = Path(argv[1]) if len(argv) > 1 else SHARED / "gold" / "seeds.jsonl"
    files = [str(p) for p in sorted(Path(posts).glob("*.md")) if p.name != "README.md"]
    reports = {
        "eventfeed": score(gold, eventfeed(files), posts),
        "search_dates": score(gold, baseline(files), posts),
    }
    sys.stdout.write(f"{posts} scored against {gold}\n")
    sys.stdout.write(side_by_side(reports))


if __name__ == "__main__":
    main(sys.argv[1:])
