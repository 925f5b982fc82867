"""A Markdown page or news item as the editor sees it: front matter (YAML) and body.

The front matter is edited with yamledit (comments and untouched lines kept), the body is
replaced as a whole, and the fence lines stay exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..load.text import FRONT_MATTER_FENCE
from .yamledit import NotEditable, Tree, apply, load_tree


@dataclass
class Document:
    opening: str  # the first line, "---\n"
    front_matter: str  # the YAML between the fences, each line with its "\n"
    closing: str  # the closing fence line with its "\n" ("---\n" or "...\n")
    body: str

    @property
    def text(self) -> str:
        return self.opening + self.front_matter + self.closing + self.body

    def tree(self) -> Tree:
        return load_tree(self.front_matter)

    def edited(self, meta: dict, body: str) -> str:
        """The whole file with its front matter holding `meta` and `body` below it."""
        front_matter = apply(self.tree(), meta)
        if front_matter and not front_matter.endswith("\n"):
            front_matter += "\n"
        return self.opening + front_matter + self.closing + body


def split_document(text: str) -> Document:
    """The parts of a Markdown file that starts with front matter, or NotEditable."""
    if "\r" in text:
        raise NotEditable("it has Windows line endings (CR LF)")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        raise NotEditable("it does not start with front matter ('---')")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FRONT_MATTER_FENCE, "..."):
            closing = lines[index] if lines[index].endswith("\n") else lines[index] + "\n"
            return Document(lines[0], "".join(lines[1:index]), closing, "".join(lines[index + 1:]))
    raise NotEditable("its front matter is never closed")


def new_document(meta_text: str, body: str) -> str:
    """The text of a new Markdown file."""
    return f"{FRONT_MATTER_FENCE}\n{meta_text}{FRONT_MATTER_FENCE}\n{body}"
