"""Markdown rendering and sanitising (done once, at write time)."""

from content.markdown import LINK_REL, render_markdown

HOSTILE = (
    "Hello <script>alert('x')</script>\n\n"
    '<img src="https://example.com/a.png" onerror="alert(1)">\n\n'
    '[click](javascript:alert(2)) and <a href="javascript:alert(3)">this</a> '
    '<a href="https://example.com" onclick="steal()">ok</a>'
)


def test_hostile_markdown_is_sanitised():
    html = render_markdown(HOSTILE)
    lowered = html.lower()
    assert "<script" not in lowered
    assert "alert('x')" not in html
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert 'href="javascript:' not in lowered
    assert "example.com/a.png" not in html  # a foreign image source is dropped
    assert f'<a href="https://example.com" rel="{LINK_REL}">ok</a>' in html


def test_commonmark_code_blocks_and_tables_render():
    html = render_markdown("```python\nprint(1 < 2)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<pre><code class="language-python">print(1 &lt; 2)\n</code></pre>' in html
    assert "<table>" in html
    assert "<td>1</td>" in html
