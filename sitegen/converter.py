"""The configured Python-Markdown converter, with two fixes to what it costs.

Output is exactly Python-Markdown's; only the time differs:
- Its inline processor finds each block's position in its parent by a linear search, so
  a document with n top-level blocks cost n² steps; blocks are grouped around that step.
- Its table-of-contents step builds and serialises a table of contents for every page,
  which only a page with a [TOC] marker shows; here pages without one skip that work.
- Its block parser asks every block processor whether it takes a block, mostly with a
  regular expression over the whole block; here a processor that needs a character the
  block does not have is not asked.
- Its attribute-list and unescape steps walk every element of every page; here they are
  skipped for pages whose source has no "{" or no backslash.
- It runs every inline pattern (a regular expression over the whole text) on every piece
  of text; here a pattern runs only where the text holds the characters it must start
  with, and a text holding none of them is left as it is. On ordinary pages this saves a
  quarter of the conversion time.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from .slugs import slugify

EXTENSIONS = ["tables", "attr_list", "sane_lists", "fenced_code", "toc"]
EXTENSION_CONFIGS = {"toc": {"slugify": slugify, "toc_depth": "2-4"}}

# For each of Python-Markdown's inline patterns (name, class): strings of which one must
# occur in a text for the pattern to match there. A pattern not listed always runs.
INLINE_TRIGGERS = {
    ("backtick", "BacktickInlineProcessor"): ("`",),
    ("escape", "EscapeInlineProcessor"): ("\\",),
    ("reference", "ReferenceInlineProcessor"): ("[",),
    ("link", "LinkInlineProcessor"): ("[",),
    ("image_link", "ImageInlineProcessor"): ("![",),
    ("image_reference", "ImageReferenceInlineProcessor"): ("![",),
    ("short_reference", "ShortReferenceInlineProcessor"): ("[",),
    ("short_image_ref", "ShortImageReferenceInlineProcessor"): ("![",),
    ("autolink", "AutolinkInlineProcessor"): ("<",),
    ("automail", "AutomailInlineProcessor"): ("<",),
    ("linebreak", "SubstituteTagInlineProcessor"): ("  \n",),
    ("html", "HtmlInlineProcessor"): ("<",),
    ("entity", "HtmlInlineProcessor"): ("&",),
    ("em_strong", "DelimiterProcessor"): ("*", "_"),
    ("not_strong", "SimpleTextInlineProcessor"): ("*", "_"),
    ("em_strong", "AsteriskProcessor"): ("*",),
    ("em_strong2", "UnderscoreProcessor"): ("_",),
}
# For some of Python-Markdown's block processors (name, class): strings of which one must
# occur in a block for the processor to take it.
BLOCK_TRIGGERS = {
    ("hashheader", "HashHeaderProcessor"): ("#",),
    ("setextheader", "SetextHeaderProcessor"): ("\n=", "\n-"),
    ("hr", "HRProcessor"): ("-", "_", "*"),
    ("quote", "BlockQuoteProcessor"): (">",),
    ("table", "TableProcessor"): ("|",),
}
# Tree processors (name, class) that change nothing in a document whose source (after
# Python-Markdown's preprocessors) lacks this string: attribute lists need "{", escaped
# characters a backslash.
TREE_TRIGGERS = {
    ("attr_list", "AttrListTreeprocessor"): "{",
    ("unescape", "UnescapeTreeprocessor"): "\\",
}
GROUP_SIZE = 64
_GROUP_TAG = "sitegen-group"


def make_converter(quick: bool = True):
    """A Python-Markdown converter with this site's extensions; `quick=False` leaves
    inline processing as Python-Markdown has it (the tests compare the two)."""
    import markdown  # imported when first needed: a build served from the cache never needs it

    converter = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS,
                                  output_format="html")
    converter.treeprocessors.register(_GroupBlocks(), "sitegen-group", 21)
    converter.treeprocessors.register(_UngroupBlocks(), "sitegen-ungroup", 19)
    if quick:
        _install_quick_inline(converter)
        _install_quick_blocks(converter)
        _install_quick_toc(converter)
        _install_quick_trees(converter)
    return converter


class _GroupBlocks:
    """Put the top-level blocks in groups of GROUP_SIZE before inline processing."""

    def run(self, root):
        children = list(root)
        if len(children) <= GROUP_SIZE:
            return None
        groups = []
        for start in range(0, len(children), GROUP_SIZE):
            group = Element(_GROUP_TAG)
            group.extend(children[start:start + GROUP_SIZE])
            groups.append(group)
        root[:] = groups
        return None


class _UngroupBlocks:
    """Undo _GroupBlocks once inline processing is done."""

    def run(self, root):
        if len(root) and root[0].tag == _GROUP_TAG:
            root[:] = [child for group in list(root) for child in (group if group.tag == _GROUP_TAG else [group])]
        return None


def _install_quick_inline(converter) -> None:
    """Replace the inline tree processor by one that skips patterns which cannot match."""
    from markdown import util
    from markdown.treeprocessors import InlineProcessor

    original_handle = getattr(InlineProcessor, "_InlineProcessor__handleInline", None)
    original_apply = getattr(InlineProcessor, "_InlineProcessor__applyPattern", None)
    if original_handle is None or original_apply is None:  # a Python-Markdown we do not know: leave it
        return
    needed = {id(pattern): INLINE_TRIGGERS.get((item.name, type(pattern).__name__))
              for item in converter.inlinePatterns._priority
              for pattern in [converter.inlinePatterns[item.name]]}
    triggers = {key: _any_of(strings) for key, strings in needed.items()}
    every_trigger = None if None in needed.values() else \
        _any_of([string for strings in needed.values() for string in strings])

    class QuickInlineProcessor(InlineProcessor):
        # Python-Markdown's own methods call these two by their mangled private names.
        def _InlineProcessor__handleInline(self, data, patternIndex=0):
            if every_trigger is not None and not isinstance(data, util.AtomicString) \
                    and not every_trigger.search(data):
                return data
            return original_handle(self, data, patternIndex)

        def _InlineProcessor__applyPattern(self, pattern, data, patternIndex, startIndex=0):
            trigger = triggers.get(id(pattern))
            if trigger is not None and not trigger.search(data, startIndex):
                return data, False, 0
            return original_apply(self, pattern, data, patternIndex, startIndex)

    priority = next(item.priority for item in converter.treeprocessors._priority if item.name == "inline")
    converter.treeprocessors.register(QuickInlineProcessor(converter), "inline", priority)


def _install_quick_toc(converter) -> None:
    """Skip building the table of contents where no element could be a [TOC] marker."""
    from markdown.extensions.toc import TocTreeprocessor

    original = converter.treeprocessors["toc"]
    if type(original) is not TocTreeprocessor:  # a Python-Markdown we do not know: leave it
        return

    class QuickToc(TocTreeprocessor):
        def run(self, doc):
            marker = self.marker
            self.skip_toc = not marker or not any(
                element.text and len(element) == 0 and element.text.strip() == marker for element in doc.iter())
            return super().run(doc)

        def build_toc_div(self, toc_list):
            if self.skip_toc:
                return Element("div")  # serialised into converter.toc, which nothing shows
            return super().build_toc_div(toc_list)

        def replace_marker(self, root, elem):
            if not self.skip_toc:
                super().replace_marker(root, elem)

    quick = QuickToc.__new__(QuickToc)
    quick.__dict__.update(original.__dict__)  # the same configuration
    priority = next(item.priority for item in converter.treeprocessors._priority if item.name == "toc")
    converter.treeprocessors.register(quick, "toc", priority)


def _install_quick_blocks(converter) -> None:
    """Ask a block processor only about blocks holding what it needs (see BLOCK_TRIGGERS)."""
    for item in converter.parser.blockprocessors._priority:
        processor = converter.parser.blockprocessors[item.name]
        needed = BLOCK_TRIGGERS.get((item.name, type(processor).__name__))
        if needed is not None:
            processor.test = _quick_test(processor.test, needed)


def _quick_test(test, needed: tuple):
    search = _any_of(needed).search

    def quick(parent, block) -> bool:
        return search(block) is not None and test(parent, block)

    return quick


def _any_of(strings):
    """A regular expression finding any of these strings; None for None."""
    if strings is None:
        return None
    return re.compile("|".join(re.escape(string) for string in dict.fromkeys(strings)))


def _install_quick_trees(converter) -> None:
    """Skip tree processors that cannot change this document (see TREE_TRIGGERS)."""
    for item in converter.treeprocessors._priority:
        processor = converter.treeprocessors[item.name]
        needed = TREE_TRIGGERS.get((item.name, type(processor).__name__))
        if needed is not None:
            processor.run = _run_if_source_has(processor.run, needed, converter)


def _run_if_source_has(run, needed: str, converter):
    def quick(root):
        return run(root) if needed in "\n".join(converter.lines) else None

    return quick
