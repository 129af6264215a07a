"""eventfeed's extractor: markdown posts in, dated events and deadlines out.

>>> from extractor import extract
>>> result = extract(["seeds"])
>>> result.events[0].title
"""

from extractor.pipeline import extract, extract_post

__all__ = ["extract", "extract_post"]
