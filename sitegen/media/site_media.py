"""The files of content/files/ in a build: examined (images processed, through the cache), made
known to the Markdown converter and to the model, and listed for the sitemap."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..errors import display_path
from ..site_files import FOLDER
from .catalogue import Catalogue, make_catalogue
from ..schema.fields import Group, ListOf, Markdown, Translated
from ..schema.types import DATA_FILES
from .data_images import attach_images, data_image_problems, image_fields
from .images import ImageCache
from .references import MediaLinks

CACHE_FOLDER = "images"  # inside the build's cache folder (--cache, default .cache/render)


def prepare_media(options, content, memory: dict | None = None) -> tuple[Catalogue, int, list]:
    """The catalogue of content/files/, how many images had to be processed, and the problems
    with the files and with the image fields of the data files. `memory`: versions kept between
    loads in one process (the preview, which has no cache folder)."""
    cache = ImageCache(Path(options.cache) / CACHE_FOLDER if options.cache else None, memory=memory)
    folder = display_path(Path(options.content) / FOLDER)
    catalogue, problems = make_catalogue(content.site_files, folder, cache, options.jobs, texts_of(content))
    problems += data_image_problems(content, catalogue, folder)
    return catalogue, cache.made, problems


def texts_of(content) -> Texts:
    """Every text that may show an image: the Markdown of pages, news and data files, and the image
    fields (a file name written with %20 for its spaces is read as written too)."""
    texts = [entry.body for entry in content.entries]
    for name, schema in DATA_FILES.items():
        texts += _markdown_texts(schema, content.data.get(name))
    texts += [value for _, _, value in image_fields(content)]
    return Texts(tuple(texts + [unquote(text) for text in texts if "%" in text]))


@dataclass(frozen=True)
class Texts:
    """The texts of a site, searched one by one (`name in texts`): not joined into one more
    copy of them all, which at 10,000 texts cost a build some 50 MiB of memory."""

    texts: tuple[str, ...]

    def __contains__(self, name: str) -> bool:
        return any(name in text for text in self.texts)


def _markdown_texts(kind, value) -> list[str]:
    if isinstance(kind, Markdown):
        return [value] if isinstance(value, str) else []
    if isinstance(kind, Group) and isinstance(value, dict):
        return [text for spec in kind.fields for text in _markdown_texts(spec.type, value.get(spec.name))]
    if isinstance(kind, ListOf) and isinstance(value, list):
        return [text for item in value for text in _markdown_texts(kind.inner, item)]
    if isinstance(kind, Translated) and isinstance(value, dict):
        return [text for item in value.values() for text in _markdown_texts(kind.inner, item)]
    return []


def link_files(catalogue: Catalogue, base_path: str, languages: dict, content_root) -> MediaLinks:
    """What the Markdown converter resolves images and file links against."""
    return MediaLinks(catalogue.metadata(), base_path, languages, display_path(Path(content_root) / FOLDER))


def attach_media(assembled, catalogue: Catalogue, urls) -> None:
    """Images of the data files in the model, and the documents' addresses for the sitemap."""
    attach_images(assembled.sites, catalogue, urls.base_path)
    assembled.documents = [urls.absolute(urls.base_path + path) for path in sorted(catalogue.documents)]
