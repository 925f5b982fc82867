"""Machine-readable outputs beside the HTML pages: sitemap, feeds, calendars, structured data."""

from __future__ import annotations


def prepare_outputs(assembled, urls, today) -> None:
    """Give the model what templates need to link the outputs (feed and calendar links, JSON-LD)."""


def render_outputs(assembled, urls, today, languages) -> dict[str, bytes]:
    """Every machine-readable file, by its path inside site/."""
    return {}
