"""Typographic quotes, apostrophes, dashes and ellipses, as each language writes them.

Done on text after Markdown rather than by Python-Markdown's `smarty` extension, which
tripled the cost of converting a page. Code (`code`, `pre`, `kbd`, `samp`) is left alone.
"""

from __future__ import annotations

import re

QUOTES = {"it": ("«", "»"), "en": ("“", "”")}
_OPENING_CONTEXT = r"[\s(\[{«“‘—–/-]"
_OPEN_DOUBLE = re.compile(rf"(^|{_OPENING_CONTEXT})\"")
_OPEN_SINGLE = re.compile(rf"(^|{_OPENING_CONTEXT})'")
_DASHES = (("---", "—"), ("--", "–"), ("...", "…"))
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
_CODE_TAGS = {"code", "pre", "kbd", "samp", "script", "style"}
_BLOCK_TAGS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "div",
               "figcaption", "caption", "summary", "br"}


def smarten(text: str, lang: str, before: str = " ") -> str:
    """Plain text with typographic punctuation; `before` is the character that precedes it."""
    if not any(mark in text for mark in ('"', "'", "--", "...")):
        return text
    for plain, fancy in _DASHES:
        text = text.replace(plain, fancy)
    left, right = QUOTES.get(lang, QUOTES["en"])
    text = before + text
    text = _OPEN_DOUBLE.sub(lambda m: m.group(1) + left, text).replace('"', right)
    text = _OPEN_SINGLE.sub(lambda m: m.group(1) + "‘", text).replace("'", "’")
    return text[len(before):]


def smarten_html(html: str, lang: str) -> str:
    """HTML whose text (not tags, attributes or code) has typographic punctuation."""
    text_only = _TAG.sub("", html)
    if '"' not in text_only and "'" not in text_only and "--" not in text_only and "..." not in text_only:
        return html
    parts = _TAG.split(html)
    in_code, before = 0, " "
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = _TAG_NAME.match(part)
            name = match.group(1).lower() if match else ""
            if name in _CODE_TAGS and not part.endswith("/>"):
                in_code += -1 if part.startswith("</") else 1
            if name in _BLOCK_TAGS:
                before = " "
        elif part:
            if not in_code:
                parts[index] = smarten(part, lang, before)
            before = part[-1]
    return "".join(parts)
