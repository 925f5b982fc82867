"""The HTML of an image (<picture> with srcset, or <img> for an SVG) and of a document's type and size.

One function writes every image of the site, whether Markdown or a template asks for it, so
every image has width, height, alt and, below the first screen, lazy loading.
"""

from __future__ import annotations

from html import escape

from .catalogue import Document, Image

DEFAULT_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"  # the text column: style.css .prose, --measure


def picture_html(image: Image, alt: str, base_path: str, sizes: str = DEFAULT_SIZES, lazy: bool = True,
                 box: tuple[int, int] | None = None, css_class: str = "") -> str:
    """A <picture> offering every version of `image` (or an <img> for an SVG), drawn `box` (width,
    height) pixels when given, else at the image's own size."""
    width, height = box or (image.width, image.height)
    loading = ' loading="lazy" decoding="async"' if lazy else ""
    classes = f' class="{escape(css_class)}"' if css_class else ""
    img = (f'<img src="{escape(base_path + image.fallback())}" alt="{escape(alt)}" width="{width}" '
           f'height="{height}"{loading}{classes}>')
    if image.is_svg:
        return img
    formats = list(dict.fromkeys(version.format for version in image.versions))
    sources = []
    for name in formats[:-1]:  # the last format is the <img>'s own
        srcset = ", ".join(f"{escape(base_path + output)} {version.width}w"
                           for output, version in zip(image.outputs, image.versions) if version.format == name)
        mime = next(version.mime for version in image.versions if version.format == name)
        sources.append(f'<source type="{mime}" srcset="{srcset}" sizes="{escape(sizes)}">')
    fallback = ", ".join(f"{escape(base_path + output)} {version.width}w"
                         for output, version in zip(image.outputs, image.versions) if version.format == formats[-1])
    img = img.replace("<img ", f'<img srcset="{fallback}" sizes="{escape(sizes)}" ', 1)
    return "<picture>" + "".join(sources) + img + "</picture>"


def fit(image: Image, box: tuple[int, int]) -> tuple[int, int]:
    """The size at which `image` is drawn inside a box (width, height) keeping its proportions."""
    scale = min(box[0] / image.width, box[1] / image.height)
    return max(round(image.width * scale), 1), max(round(image.height * scale), 1)


def size_in_words(size: int, language) -> str:
    """240 KB, 1,2 MB: in the language's numbers, as GOV.UK writes sizes."""
    if size < 1024 * 1024:
        return language("file_size_kb", size=language.number(max(round(size / 1024), 1)))
    return language("file_size_mb", size=language.number(round(size / 2**20, 1)))


def document_info(document: Document, language) -> str:
    """"PDF, 240 KB" in the page's language (translations.yml: file_info)."""
    return language("file_info", type=document.label, size=size_in_words(document.size, language))
