"""Images named in data files: a partner's `logo:` and the funders' logos in settings.yml.

Each path is checked against content/files/ (it must be an image there), and the model's
string is replaced by a ShownImage that templates draw with `.tag(alt, ...)`. The funders'
block is drawn at the heights settings.yml gives; the EU emblem may not come out smaller than
any other logo (EU Regulation 2021/1060, Annex IX: "at least the same size, measured in height
or width, as the biggest of the other logos").
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..errors import Problem
from ..validate import raw_line
from .catalogue import Catalogue, Image
from .markup import picture_html


@dataclass(frozen=True)
class ShownImage:
    """An image of content/files/ as a template draws it."""

    image: Image
    base_path: str

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def tag(self, alt: str, sizes: str = "100vw", height: int | None = None, lazy: bool = True) -> Markup:
        """The <picture> (or <img>), drawn `height` pixels high when given, else at its own size."""
        box = None
        if height:
            box = (max(round(self.image.width * height / self.image.height), 1), height)
        return Markup(picture_html(self.image, alt, self.base_path, sizes=sizes, lazy=lazy, box=box))


def image_fields(content) -> list[tuple[str, tuple, str]]:
    """(data file, path in it, value) of every image field: partners' and funders' logos, events' photos."""
    found = [("partners.yml", ("partners", index, "logo"), partner["logo"])
             for index, partner in enumerate(content.data["partners.yml"]["partners"]) if partner.get("logo")]
    funders = content.data["settings.yml"].get("funders")
    if funders:
        found += [("settings.yml", ("funders", "logos", index, "logo"), funder["logo"])
                  for index, funder in enumerate(funders["logos"])]
    found += [("calendar.yml", ("events", index, "image", "file"), event["image"]["file"])
              for index, event in enumerate(content.data["calendar.yml"]["events"]) if event.get("image")]
    return found


def data_image_problems(content, catalogue: Catalogue, folder: str) -> list[Problem]:
    """Every image field names an image of content/files/; the EU emblem is not drawn smaller than the others."""
    problems = []
    for file, path, value in image_fields(content):
        if value not in catalogue.images:
            what = "is not an image" if value in catalogue.names else "does not exist"
            problems.append(Problem(content.shown[file], raw_line(content, file, *path),
                                    f"'{path[-1]}' names {folder}/{value}, which {what}",
                                    f"put the image (PNG, SVG or JPEG) in {folder}/ and write its path inside it"))
    if not problems:
        problems += _emblem_problems(content, catalogue)
    return problems


def drawn_size(image: Image, height: int) -> tuple[int, int]:
    return max(round(image.width * height / image.height), 1), height


def _emblem_problems(content, catalogue: Catalogue) -> list[Problem]:
    funders = content.data["settings.yml"].get("funders")
    if not funders:
        return []
    sizes = [drawn_size(catalogue.images[funder["logo"]], funder["height"]) for funder in funders["logos"]]
    problems = []
    for index, funder in enumerate(funders["logos"]):
        if not funder["emblem"]:
            continue
        others = [size for other, size in enumerate(sizes) if other != index and not funders["logos"][other]["emblem"]]
        if not others:
            continue
        widest, tallest = max(others), max(others, key=lambda size: size[1])
        width, height = sizes[index]
        if width < widest[0] and height < tallest[1]:
            problems.append(Problem(
                content.shown["settings.yml"], raw_line(content, "settings.yml", "funders", "logos", index, "logo"),
                f"the EU emblem would be drawn {width} × {height} pixels, smaller in both height and width than "
                f"the biggest of the other logos ({widest[0]} px wide, {tallest[1]} px high)",
                "raise its 'height' (or lower the others'): the emblem must be at least as high or as wide as the "
                "biggest of the other logos (EU Regulation 2021/1060, Annex IX)"))
    return problems


def attach_images(sites: dict, catalogue: Catalogue, base_path: str) -> None:
    """Replace the paths of image fields in every language's model by ShownImage."""
    for site in sites.values():
        for partner in site.partners:
            if isinstance(partner.logo, str):
                partner.logo = ShownImage(catalogue.images[partner.logo], base_path)
        for event in site.events:
            if event.image and isinstance(event.image.file, str):
                event.image.file = ShownImage(catalogue.images[event.image.file], base_path)
        funders = site.data["settings"].funders
        for funder in funders.logos if funders else ():
            if isinstance(funder.logo, str):
                funder.logo = ShownImage(catalogue.images[funder.logo], base_path)
