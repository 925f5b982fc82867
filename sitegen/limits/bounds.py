"""The bounds: each a named constant with the measurement that chose it."""

from __future__ import annotations

# --- The bounds ------------------------------------------------------------------------------

# Ordinary pages cost 0.6 s a MB (a 1 MB concatenation of the benchmark corpus: 0.63 s).
MAX_TEXT_CHARS = 1_000_000

# Lists and quotes nested n deep: RecursionError from 249 list levels ('- x' indented 4 more on
# each line: 4 frames a level in the block parser), 496 on one line ('- - - x'); quotes alone stop
# nesting near 300 by themselves, but lists inside them do not. 20 leave a margin of more than 10
# for a caller deep in its own stack (the tests convert 300 frames deep); real pages nest 3.
MAX_NESTING = 20

# Emphasis opened n times and closed at the end nests n elements: RecursionError from 993 ('*x '
# n times, then 'a* ' n times), 497 with '**x *y'. 100 open marks stay far from both.
MAX_OPEN_EMPHASIS = 100

# HTML tags left open nest: nh3 takes time quadratic in the depth (10,000 nested <div>: 0.2 s,
# 100,000: 22 s; <ul><li> 10,000 deep: 0.8 s). Void elements and those whose end tag may be left
# out (<p>, <li>, <td>...) are not counted, so the real depth is at most about 4 times this.
MAX_HTML_NESTING = 100

# Each block, list item, table cell, tag, link or mark costs the converter 1 to 100 µs. A weight
# is the cost of one in units of about 10 µs (each measured as a family repeated 10,000 times);
# 100,000 units take 0.6-1.0 s. A 1 MB concatenation of the benchmark corpus weighs 61,417, the
# heaviest page of content/ 6,297, an ordinary 650-word page about 350.
MAX_ELEMENT_WEIGHT = 100_000
ELEMENT_WEIGHTS = {
    "blocks": 5,        # paragraphs "x\n\n": 33 µs each at 10,000, 47 µs at 25,000 (quadratic)
    "split_lines": 6,   # headings "# x": 40 µs each beyond their block; in a list "- # x": 110 µs
    "list_items": 4,    # "- x" lines: 24 µs each, 27 µs at 25,000
    "|": 3,             # table cells "|x|y|": 20-25 µs a pipe
    "[": 6,             # links "[x](http://a.b/c)": 40-90 µs each
    "<": 4,             # HTML tags "<div>x</div>": 35 µs each, "<br>": 40 µs
    "&": 3,             # entities "&amp;": about 35 µs each
    "`": 2,             # code spans "`x`": 15 µs a backtick; fences "```\nx\n```": 77 µs a fence
    "~~~": 6,           # fences "~~~", weighed as a fence of backticks
    "*": 1,             # emphasis "*a*": 7 µs a star
    "_": 1,
    "{": 3,             # attribute lists "x {: .a}": about 50 µs each beyond their block
    "\\": 1,           # escapes "\*": 10 µs each
    "  \n": 3,          # line breaks (two spaces ending a line): 30 µs each
    # Cheap to convert (1-2 µs each), but each is a step of a measure below: counted so that the
    # measures stay cheap on any text the weight lets through.
    ">": 1,
    "]": 1,
    "(": 1,
    ")": 1,
}

# Each '[' makes the link finder read on to its matching ']' (to the end of the paragraph when
# there is none), three times over; each '](' reads on to its matching ')'. A run of 3,000 '['
# (4.5 million characters read): 1.4 s, so 0.3 µs each; 1,500,000: 0.5 s (a run of 1,731 '[').
MAX_BRACKET_READ = 1_500_000

# After each inline match (emphasis, link, code, tag, entity, line break...) the converter copies
# the whole paragraph, which grows by a 14-character placeholder each time: marks x (paragraph
# length + 12 marks), summed over the paragraphs, list items and table rows. 'x  \n' x 30,000
# (1.4e10): 2.5 s; at 4e9: '&amp;' x 15,339 0.30 s, 'x  \n' x 15,811 0.36 s, '*a* ' x 8,451 0.21 s.
MAX_INLINE_REBUILD = 4_000_000_000

# A heading, rule, setext underline or link definition inside a paragraph (no blank line around
# it) makes the block parser re-read the rest of the paragraph: lines of them x paragraph length.
# '# x' x 10,000 (4e8): 3.6 s; 'x\n-' x 3,000 (7.2e7): 1.1 s; link definitions between text
# lines x 3,000: 3.6 s (40 ns each). 1.2e7: 0.2-0.6 s.
MAX_SPLIT_READ = 12_000_000

# Each group of backticks makes the code-span finder read on to the next group of the same
# length (to the end of the paragraph when there is none), a character at a time: '\\```' x 3,000
# (each opens a group of 2 that nothing closes; 1.8e7 read): 1.2 s, so 67 ns each. 5e6: 0.35 s;
# '```:' then '````:' x 1,413 (after a failure it goes on one group length too far, so each group
# opens short and fails in turn): 0.44 s.
MAX_CODE_READ = 5_000_000

# A run of k '*' after an open one costs the emphasis finder k x k steps: '*a ' then 10,000
# '*': 2.2 s; 10 runs of 1,000 (1e7): 0.33 s; 100 runs of 300 (9e6): 0.37 s, so 40 ns each. The
# squares of all runs of '*' or '_' summed: 1.2e7, 0.5 s (a single run of 3,464).
MAX_EMPHASIS_RUN_WORK = 12_000_000

# An attribute list '{...}' is looked for from each '{' (from each space before it, in headings
# and table cells) to the end of its line: '# ' then 'x {' x 10,000 (3e8): 3.1 s; 'x', 20 spaces
# and '{', 1,000 times in a heading (2.3e8): 2.2 s, so up to 10 ns each. 2.3e7: 0.25 s.
MAX_ATTRIBUTE_READ = 23_000_000

# A run of k spaces in a heading or table cell costs the attribute-list finder k x k steps:
# '# x', 30,000 spaces, 'x': 1.1 s, so 1.2 ns each. 4e8: 0.5 s (a single run of 20,000).
MAX_SPACE_RUN_WORK = 400_000_000

# A code fence ('```') that is never closed makes the fence finder read to the end of the text:
# '````x\n```\n' x 3,000 (4.5e7 characters read): 1.2 s, so 25 ns each. With k spaces after the
# fence it reads it k + 1 times (100 spaces, then 100 KB: 0.41 s against 0.075 s), and a fence
# line followed by k spaces costs k x k steps even when closed ('```', 10,000 spaces: 2.7 s).
# 2e7: 0.5 s.
MAX_FENCE_READ = 20_000_000

# The HTML parser reads from each '<tag' to its '>' (to the end of the text when there is none):
# '<a\n' x 3,000 (1.35e7 characters read): 0.94 s, so 70 ns each. 7e6: 0.5 s.
MAX_TAG_READ = 7_000_000

# A table row with code marks costs (backtick groups) x (groups + pipes) in the table parser:
# '`x|' x 10,000 in one row (2e8): 1.6 s, so 8 ns each. 6e7: 0.5 s.
MAX_TABLE_ROW_WORK = 60_000_000
