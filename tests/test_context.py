"""What a post's title and a block's surroundings name: the post subject, lead labels, names."""

from __future__ import annotations

import pytest

from extractor.context import post_subject
from extractor.text import looks_like_name

BODY = (
    "Kubernetes PuPPy Larch Tern BerlinJS Fedora Forgejo Lisbon Lyon PostgreSQL Rust Spring Open "
    "Infrastructure Weekly"
)

# post title → the project or event it is about (None: the title names nobody)
SUBJECTS = [
    ("Kubernetes v1.39 release cycle: schedule and key deadlines", "Kubernetes v1.39"),
    ("PuPPy's spring 2026 season: talks and a sprint", "PuPPy"),
    ("Looking back at 2025, and the Larch roadmap for 2026", "Larch"),
    ("Hackathon season at the Tern project", "Tern"),
    ("BerlinJS digest: December edition", "BerlinJS"),
    ("Fedora Linux 44: release party, elections and Flock 2026", "Fedora Linux 44"),
    ("Forgejo v14.0 is available", "Forgejo v14.0"),
    ("Spring meetups: docs sprints and a new chapter in Lisbon", None),
    ("News from the Lyon office", None),
    ("Notes from upgrading three clusters to PostgreSQL 17", None),
    ("This Week in Rust 631", None),
    ("Inside Open Infrastructure: April 2025", None),
    ("How we cut our CI time in half", None),
    ("Acme Conf 2026: the schedule is out", None),  # not named in the body
]


@pytest.mark.parametrize(("title", "subject"), SUBJECTS)
def test_post_subject(title: str, subject: str | None) -> None:
    assert post_subject(title, BODY) == subject


NAMES = [
    ("Flock to Fedora 2026", True),
    ("PyLadies pop-ups", True),
    ("FOSDEM", True),
    ("Elections for the F45 cycle", True),
    ("Practical information", False),
    ("Before the year ends", False),
    ("Talk submissions for the January meetup", False),
    ("Monthly meetup", False),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_looks_like_name(text: str, name: bool) -> None:
    assert looks_like_name(text) is name
