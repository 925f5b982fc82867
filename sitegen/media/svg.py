"""SVG files are published only when they hold nothing active: no script, no event handler,
no reference to another file or site. They are shown only through <img>, where a browser runs
no script anyway; the check keeps a dangerous file from being opened on its own at its address."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
LINK_ATTRIBUTES = {"href", "src"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)  # url(#id) points inside the file
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*\Z")


class UnsafeSvg(ValueError):
    """What makes an SVG unsafe or unreadable, in words for staff."""


def check_svg(data: bytes) -> tuple[int, int]:
    """The drawing's width and height in CSS pixels; UnsafeSvg if it is not a plain, inert SVG."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise UnsafeSvg("it declares a DOCTYPE or entities, which can make it read other files")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise UnsafeSvg(f"it is not readable XML ({error})") from None
    if _local(root.tag) != "svg":
        raise UnsafeSvg(f"its first element is <{_local(root.tag)}>, not <svg>")
    for element in root.iter():
        name = _local(element.tag).lower()
        if name in ACTIVE_ELEMENTS:
            raise UnsafeSvg(f"it holds a <{_local(element.tag)}> element, which can run code")
        for attribute, value in element.attrib.items():
            attribute = _local(attribute).lower()
            if attribute.startswith("on"):
                raise UnsafeSvg(f"it holds the event handler {attribute}=, which runs code")
            if attribute in LINK_ATTRIBUTES and not value.strip().startswith("#"):
                raise UnsafeSvg(f"it refers to another file or site ({attribute}=\"{value[:60]}\")")
            if _EXTERNAL_URL.search(value):
                raise UnsafeSvg("it refers to another file or site through url(...)")
        if name == "style" and (element.text or "") and ("@import" in element.text or _EXTERNAL_URL.search(element.text)):
            raise UnsafeSvg("its style sheet refers to another file or site")
    return _size(root)


def _size(root: ET.Element) -> tuple[int, int]:
    width, height = (_length(root.get(name)) for name in ("width", "height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0
        if box_width > 0 and box_height > 0:
            if width is None and height is None:
                width, height = box_width, box_height
            elif width is None:
                width = height * box_width / box_height
            else:
                height = width * box_height / box_width
    if not width or not height:
        raise UnsafeSvg("it gives no size: neither width and height in pixels nor a viewBox")
    return max(round(width), 1), max(round(height), 1)


def _length(value: str | None) -> float | None:
    match = _SIZE.match(value or "")
    return float(match.group(1)) if match else None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]
