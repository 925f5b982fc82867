"""Files in content/files/ that pages show or link to: photos, logos and documents.

`catalogue.py` checks every file (what it is, how big, where it may be read from) and makes the
responsive versions of every image (`images.py`, cached; SVG checked by `svg.py`); `references.py`
resolves the images and document links written in Markdown; `markup.py` writes the `<picture>`
and the "(PDF, 240 KB)" of a link; `funders.py` is the funders' block and its emblem check.
"""
