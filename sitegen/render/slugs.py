"""Turn any text into a safe identifier for addresses and anchors: "Perché è così?" -> "perche-e-cosi"."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")
_PUNCTUATION = re.compile(r"[\W_]+")


def slugify(text: str, separator: str = "-") -> str:
    """Lowercase ASCII letters and digits joined by single hyphens; "section" if nothing is left."""
    words = _PUNCTUATION.sub(" ", text.replace("ß", "ss"))  # apostrophes and dashes separate words: l'Italia -> l-italia
    folded = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_ALLOWED.sub("-", folded).strip("-")[:80].strip("-")
    return slug.replace("-", separator) if slug else "section"
