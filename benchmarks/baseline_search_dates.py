"""The naive baseline: every date dateparser.search_dates finds in a post, as an event.

Prints predictions as JSON for `shared/gold/score.py`, so eventfeed's extractor can be compared
with a general date finder on the same posts:

    .venv/bin/python benchmarks/baseline_search_dates.py seeds > /tmp/baseline.json
    python3 ../shared/gold/score.py ../shared/gold/seeds.jsonl /tmp/baseline.json --posts seeds
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from dateparser.search import search_dates

from extractor.posts import load_posts


def main(paths: list[str]) -> None:
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
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:] or ["seeds"])
