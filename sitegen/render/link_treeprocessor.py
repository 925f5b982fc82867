"""The Python-Markdown Treeprocessor that gives a text's links the addresses file_links.py resolves."""

from __future__ import annotations

from markdown.treeprocessors import Treeprocessor


class LinkTreeprocessor(Treeprocessor):
    """Rewrites the links of a text as `state.resolver` says and records what it found; it runs
    only while `state` has a link table and a text to resolve for (else it changes nothing)."""

    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        resolve = self.state.resolver
        if resolve is None:
            return None
        for element in root.iter("a"):
            href = element.get("href")
            outcome = resolve(href)
            if outcome is not None:
                element.set("href", outcome.href if outcome.href is not None else "#")
        return None
