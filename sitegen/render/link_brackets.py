"""Python-Markdown's link and image patterns, finding where a link's text ends sooner.

Python-Markdown 3.11 reads `[text](address)` by first working out, in Python and one character
at a time, where every bracket of the whole paragraph closes; it does that again for each of
the six patterns and after each link it replaces. On ordinary prose that is a quarter of all
the time Markdown takes. These subclasses answer the same question, `getText` (a public method
of LinkInlineProcessor), by stepping from one bracket to the next from the link's `[` on, and
hand over to Python-Markdown's own method once a text holds more than LOOKAHEAD brackets that
do not close, so that the worst case stays the linear one Python-Markdown guarantees.

They are registered through the public registry of inline patterns, under the names and with
the priorities of `markdown.inlinepatterns.build_inlinepatterns`. tests/test_properties.py
checks that the HTML is exactly stock Python-Markdown's.
"""

from __future__ import annotations

import re

from markdown import inlinepatterns

_BRACKET = re.compile(r"[\[\]]")
LOOKAHEAD = 64  # brackets stepped over before Python-Markdown's own search takes over


class _ScanToClosingBracket:
    _handed_over: str | None = None  # the last text given to Python-Markdown's own search

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Python-Markdown's name
        """The text between the `[` just before `index` and its `]`, the index past that `]`,
        and whether there is one (else: the rest of `data`, its length, False)."""
        if data is self._handed_over:
            return super().getText(data, index)
        depth = 1
        for seen, bracket in enumerate(_BRACKET.finditer(data, index)):
            if seen == LOOKAHEAD:
                self._handed_over = data
                return super().getText(data, index)
            if bracket.group() == "[":
                depth += 1
                continue
            depth -= 1
            if depth == 0:
                return data[index:bracket.start()], bracket.end(), True
        return data[index:], len(data), False


# name -> (Python-Markdown's class, its pattern, its priority), as build_inlinepatterns registers them
PATTERNS = {
    "reference": (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    "link": (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    "image_link": (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    "image_reference": (inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE, 140),
    "short_reference": (inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 130),
    "short_image_ref": (inlinepatterns.ShortImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE, 125),
}
_CLASSES = {name: type(cls.__name__, (_ScanToClosingBracket, cls), {"__module__": __name__})
            for name, (cls, _, _) in PATTERNS.items()}


def use_quicker_link_patterns(md) -> None:
    """Replace the link and image patterns a Markdown instance has with the ones above."""
    for name, (_, pattern, priority) in PATTERNS.items():
        if name in md.inlinePatterns:
            md.inlinePatterns.register(_CLASSES[name](pattern, md), name, priority)
