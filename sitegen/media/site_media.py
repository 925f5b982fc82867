"""The files of content/files/ in a build: examined (images processed, through the cache), made
known to the Markdown converter and to the model, and listed for the sitemap."""

from __future__ import annotations

from pathlib import Path

from ..errors import display_path
from ..site_files import FOLDER
from .catalogue import Catalogue, make_catalogue
from .data_images import attach_images, data_image_problems
from .images import ImageCache
from .references import MediaLinks

CACHE_FOLDER = "images"  # inside the build's cache folder (--cache, default .cache/render)


def prepare_media(options, content, memory: dict | None = None) -> tuple[Catalogue, int, list]:
    """The catalogue of content/files/, how many images had to be processed, and the problems
    with the files and with the image fields of the data files. `memory`: versions kept between
    loads in one process (the preview, which has no cache folder)."""
    cache = ImageCache(Path(options.cache) / CACHE_FOLDER if options.cache else None, memory=memory)
    folder = display_path(Path(options.content) / FOLDER)
    catalogue, problems = make_catalogue(content.site_files, folder, cache, options.jobs)
    problems += data_image_problems(content, catalogue, folder)
    return catalogue, cache.made, problems


def link_files(catalogue: Catalogue, base_path: str, languages: dict, content_root) -> MediaLinks:
    """What the Markdown converter resolves images and file links against."""
    return MediaLinks(catalogue.metadata(), base_path, languages, display_path(Path(content_root) / FOLDER))


def attach_media(assembled, catalogue: Catalogue, urls) -> None:
    """Images of the data files in the model, and the documents' addresses for the sitemap."""
    attach_images(assembled.sites, catalogue, urls.base_path)
    assembled.documents = [urls.absolute(urls.base_path + path) for path in sorted(catalogue.documents)]
