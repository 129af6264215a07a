"""The markdown walker: blocks with plain text, links, heading trail, parents and file lines."""

from __future__ import annotations

import pytest

from extractor.walker import site_markup, walk

POST = """\
# Community Events

**[OpenInfra Summit](https://summit.example/)**

* [](https://summit.example/)17-19 October | *Paris*, FR
* [Submit a Talk](https://summit.example/cfp) | The deadline is 13 June
  * nested `code` item

| Date | Event |
|------|-------|
| 1 May | [Foo](https://foo.example) |

When: 5 May
Where: Lyon
"""


def test_blocks_in_document_order_with_file_lines() -> None:
    blocks = walk(POST, line_offset=10)
    assert [(b.kind, b.line) for b in blocks] == [
        ("heading", 10),
        ("paragraph", 12),
        ("item", 14),
        ("item", 15),
        ("item", 16),
        ("row", 20),
        ("paragraph", 22),
    ]


def test_text_is_plain_and_links_keep_their_place() -> None:
    blocks = walk(POST)
    item = blocks[3]
    assert item.text == "Submit a Talk | The deadline is 13 June"
    (link,) = item.links
    assert (link.text, link.href) == ("Submit a Talk", "https://summit.example/cfp")
    assert item.text[link.start : link.end] == "Submit a Talk"
    assert blocks[2].text == "17-19 October | Paris, FR"
    assert blocks[2].links[0].start == blocks[2].links[0].end == 0  # an empty-text link


def test_bold_link_paragraph_acts_as_a_heading() -> None:
    blocks = walk(POST)
    trail = [h.text for h in blocks[2].headings]
    assert trail == ["Community Events", "OpenInfra Summit"]
    assert blocks[2].heading is not None
    assert blocks[2].heading.pseudo
    assert blocks[2].heading.url == "https://summit.example/"


def test_nested_items_know_their_parents() -> None:
    blocks = walk(POST)
    nested = blocks[4]
    assert nested.text == "nested code item"
    assert [p.text for p in nested.parents] == [blocks[3].text]
    assert blocks[3].children == ("nested code item",)


def test_table_rows_keep_header_and_cells() -> None:
    row = walk(POST)[5]
    assert row.columns == ("Date", "Event")
    assert row.cells == ("1 May", "Foo")
    assert row.text == "1 May | Foo"
    assert row.links[0].href == "https://foo.example"


def test_soft_breaks_stay_line_breaks() -> None:
    assert walk(POST)[6].text == "When: 5 May\nWhere: Lyon"


def test_code_blocks_and_html_scripts_are_not_text() -> None:
    body = (
        "```\n2026-03-01 deploy\n```\n\n<script>let d = '5 May';</script>\n\n"
        "<!-- 6 May -->\n\nplain <b>x</b>\n"
    )
    assert [b.text for b in walk(body)] == ["plain x"]


HTML_POST = """\
Intro.

<table>
  <thead>
    <tr><th>Date (Eastern Time)</th><th>Speaker</th></tr>
  </thead>
  <tbody>
    <tr>
      <td>Sept. 3<br>12pm - 1pm</td>
      <td><a href="https://example.org/ada">Ada &amp; Grace</a></td>
    </tr>
  </tbody>
</table>

<div>
<h3>Office hours</h3>
<p>Every first <em>Tuesday</em>, see <a href="/oh">the page</a>.</p>
<ul><li>5 May: spring edition<ul><li>child item</li></ul></li></ul>
</div>
"""


def test_html_blocks_are_read_like_markdown() -> None:
    blocks = walk(HTML_POST)
    assert [(b.kind, b.text, b.line) for b in blocks] == [
        ("paragraph", "Intro.", 1),
        ("row", "Sept. 3 12pm - 1pm | Ada & Grace", 8),
        ("heading", "Office hours", 16),
        ("paragraph", "Every first Tuesday, see the page.", 17),
        ("item", "5 May: spring edition", 18),
        ("item", "child item", 18),
    ]
    row = blocks[1]
    assert row.columns == ("Date (Eastern Time)", "Speaker")
    assert row.cells == ("Sept. 3 12pm - 1pm", "Ada & Grace")
    link = row.links[0]
    assert (row.text[link.start : link.end], link.href) == (
        "Ada & Grace",
        "https://example.org/ada",
    )
    assert blocks[3].headings[-1].text == "Office hours"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '{{< link title="10/28/2020 9:00 AM" url="https://example.org/s" >}} | Talk',
            "[10/28/2020 9:00 AM](https://example.org/s) | Talk",
        ),
        ("Next: {% post_link motm-9 MotM-9 %} at noon", "Next: MotM-9 at noon"),
        (
            "[x]({% post_url 2015-10-21-a %}) {% include f.html %}.",
            "[x]({% post_url 2015-10-21-a %}) .",
        ),
        ('{{< tweet 123 >}}\n[y]({{< relref "a.md" >}})', '\n[y]({{< relref "a.md" >}})'),
        ("No tags here: {x}", "No tags here: {x}"),
    ],
)
def test_site_markup_is_read_as_a_reader_sees_it(body: str, expected: str) -> None:
    """Hugo shortcodes and Jekyll tags: a link shortcode is its link, other tags are left out,
    and every line stays where it was."""
    assert site_markup(body) == expected
    assert site_markup(body).count("\n") == body.count("\n")
