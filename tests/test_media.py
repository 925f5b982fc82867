"""Files in content (issue 15): photos, documents, partner and funder logos.

The fixture site is the basic one plus files made here with Pillow (no image is committed):
a photo shown in a page, a PDF linked from it, partner logos and a funders' block.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, TEMPLATES, run_build, snapshot
from PIL import Image, ImageDraw, features

from sitegen.config import BuildOptions
from sitegen.errors import BuildError
from sitegen.media.images import WIDTHS, widths_for
from sitegen.pipeline import build_site, render_site

TODAY = "2012-11-01"
FIXED = ["--today", TODAY, "--base-url", "https://example.org/prova/"]
GOLDEN = ROOT / "tests" / "golden" / "media"
FORMATS = (["avif"] if features.check("avif") else []) + ["webp"]

PARTNERS_PAGE = {"it": "---\ntitle: Partner\ntemplate: partners.html\nmenu: 3\n---\nGli enti del progetto.\n",
                 "en": "---\ntitle: Partners\nslug: partners\ntemplate: partners.html\nmenu: 3\n---\nThe project's bodies.\n"}
PHOTO_TEXT = {"it": "\n![La sala durante la presentazione, piena di pubblico](foto/sala.jpg)\n\n"
                    "Scarica [il comunicato stampa](documenti/comunicato.pdf).\n\n"
                    "![](fregio.png){.decorativa}\n",
              "en": "\n![The hall during the presentation, full of people](foto/sala.jpg)\n\n"
                    "Download [the press release](/documenti/comunicato.pdf).\n\n"
                    "![](fregio.png){.decorativa}\n"}
FUNDERS = """funders:
  statement:
    it: Progetto cofinanziato dall'Unione europea e dalla Regione.
    en: Project co-funded by the European Union and by the Region.
  logos:
    - name:
        it: Unione europea
        en: European Union
      logo: loghi/ue.png
      emblem: true
    - name:
        it: Regione
        en: Region
      logo: loghi/regione.png
"""


EVENT_IMAGE = """    image:
      file: foto/sala.jpg
      alt:
        it: La sala durante la giornata, piena di pubblico
        en: The hall during the day, full of people
"""


def png(width: int, height: int, colour=(0, 51, 153), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), colour).save(out, "PNG")
    return out.getvalue()


def photo(width: int = 1800, height: int = 1200) -> bytes:
    image = Image.new("RGB", (width, height), (30, 90, 160))
    ImageDraw.Draw(image).ellipse((width // 8, height // 6, width * 7 // 8, height * 5 // 6), fill=(240, 200, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def put(content: Path, relative: str, data: bytes | str) -> Path:
    path = content / "files" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def media_site(tmp_path) -> Path:
    return make_media_site(tmp_path / "content")


def make_media_site(content: Path) -> Path:
    """The basic fixture with a photo and a PDF in its project page, partner logos and funders."""
    shutil.copytree(FIXTURES / "basic" / "content", content)
    put(content, "foto/sala.jpg", photo())
    put(content, "fregio.png", png(600, 20, (200, 200, 200)))
    put(content, "documenti/comunicato.pdf", b"%PDF-1.4\n" + b"0" * 245_000)
    put(content, "loghi/regione.png", png(300, 100, (200, 0, 0)))
    put(content, "loghi/ue.png", png(300, 200))
    for lang in ("it", "en"):
        (content / "pages" / lang / "partner.md").write_text(PARTNERS_PAGE[lang], encoding="utf-8")
        append(content / "pages" / lang / "progetto.md", PHOTO_TEXT[lang])
    replace(content / "partners.yml", "    name: Regione\n", "    name: Regione\n    logo: loghi/regione.png\n")
    replace(content / "calendar.yml", "    start: 2012-10-05\n", "    start: 2012-10-05\n" + EVENT_IMAGE)
    append(content / "settings.yml", FUNDERS)
    return content


def build(content: Path, output: Path, *extra: str):
    result = run_build("--content", str(content), "--output", str(output), *FIXED, *extra)
    return result


def options(content: Path, output: Path, cache: Path | None = None) -> BuildOptions:
    return BuildOptions(content, TEMPLATES, output, dt.date.fromisoformat(TODAY), cache=cache)


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


# --- images -----------------------------------------------------------------------------------


def test_a_markdown_image_becomes_a_picture_of_every_width_and_format(media_site, tmp_path):
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    html = page(site, "it/progetto/index.html")
    [picture] = re.findall(r"<picture>.*?</picture>", html.split('class="decorativa"')[0])
    digest = hashlib.blake2b((media_site / "files/foto/sala.jpg").read_bytes(), digest_size=5).hexdigest()
    for name in FORMATS + ["jpg"]:
        for width in (480, 960, 1600):
            output = f"media/sala-{digest}-{width}.{name}"
            assert f"/prova/{output} {width}w" in picture
            with Image.open(site / output) as made:  # each file is what its name says
                assert made.size == (width, round(1200 * width / 1800))
                assert made.format == {"jpg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[name]
    assert '<source type="image/webp"' in picture and 'sizes="' in picture
    assert 'src="/prova/media/sala-%s-1600.jpg" alt="La sala durante la presentazione, piena di pubblico" ' \
           'width="1600" height="1067"' % digest in picture
    assert "loading=" not in picture  # the first image of a text may be on the first screen
    assert (site / "foto/sala.jpg").read_bytes() == (media_site / "files/foto/sala.jpg").read_bytes()


def test_an_image_is_never_made_wider_than_it_is():
    assert widths_for(300) == (300,)
    assert widths_for(1000) == (480, 960, 1000)
    assert widths_for(5000) == WIDTHS


def test_a_decorative_image_has_an_empty_alt_and_later_images_load_lazily(media_site, tmp_path):
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    html = page(site, "en/about/index.html")
    [decorative] = re.findall(r'<img [^>]*class="decorativa"[^>]*>', html)
    assert 'alt=""' in decorative and 'loading="lazy" decoding="async"' in decorative
    assert 'width="600" height="20"' in decorative


def test_a_second_build_processes_no_image_and_a_changed_image_changes_the_site(media_site, tmp_path):
    cache = tmp_path / "cache"
    first = build_site(options(media_site, tmp_path / "one", cache))
    assert first.images_processed == 4
    again = build_site(options(media_site, tmp_path / "two", cache))  # another output: a full build
    assert again.rendered and again.images_processed == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert not [p for p in cache.rglob(".*") if p.is_file()], "a temporary file was left in the cache"
    put(media_site, "foto/sala.jpg", photo(1700, 1100))
    changed = build_site(options(media_site, tmp_path / "one", cache))
    assert changed.rendered and changed.images_processed == 1
    assert snapshot(tmp_path / "one") == render_site(options(media_site, tmp_path / "unused")).files | {
        ".sitegen-site": (tmp_path / "one" / ".sitegen-site").read_bytes()}
    assert any(name.endswith("-1600.jpg") and "sala-" in name for name in os.listdir(tmp_path / "one" / "media"))


def test_only_images_a_text_names_are_processed_a_name_with_escaped_spaces_included(media_site, tmp_path):
    put(media_site, "foto/sala piena.jpg", photo(1000, 600))
    put(media_site, "foto/archivio.jpg", photo(900, 600))  # named by no text: published as it is
    for lang in ("it", "en"):
        append(media_site / "pages" / lang / "progetto.md", "\n![La sala piena](foto/sala%20piena.jpg)\n")
    result = build_site(options(media_site, tmp_path / "site", tmp_path / "cache"))
    assert result.images_processed == 5
    html = page(tmp_path / "site", "it/progetto/index.html")
    assert re.search(r'<picture>.*?/media/sala-piena-[0-9a-f]+-960\.jpg 960w', html, re.S)
    assert (tmp_path / "site" / "foto/archivio.jpg").read_bytes() == (media_site / "files/foto/archivio.jpg").read_bytes()
    assert not [name for name in os.listdir(tmp_path / "site" / "media") if name.startswith("archivio")]


def test_the_build_says_how_many_images_it_processed(media_site, tmp_path):
    cache = str(tmp_path / "cache")
    assert "4 images processed" in build(media_site, tmp_path / "one", "--cache", cache).out
    second = build(media_site, tmp_path / "two", "--cache", cache)
    assert second.code == 0 and "processed" not in second.out


def test_a_clean_svg_is_shown_through_img_with_its_size(media_site, tmp_path):
    put(media_site, "loghi/regione.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
                                          '<rect width="120" height="40" fill="#c00"/></svg>')
    replace(media_site / "partners.yml", "logo: loghi/regione.png", "logo: loghi/regione.svg")
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0, "see the problems"
    html = page(site, "it/partner/index.html")
    assert '<img src="/prova/loghi/regione.svg" alt="Regione" width="192" height="64"' in html
    assert "<object" not in html and "<embed" not in html and "<svg" not in html.split("<main")[1]


# --- documents --------------------------------------------------------------------------------


def test_a_link_to_a_document_says_its_type_and_size_in_each_language(media_site, tmp_path):
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    assert ('<a href="/prova/documenti/comunicato.pdf" type="application/pdf">il comunicato stampa '
            '<span class="file-info">(PDF, 239 KB)</span></a>') in page(site, "it/progetto/index.html")
    assert ('<a href="/prova/documenti/comunicato.pdf" type="application/pdf">the press release '
            '<span class="file-info">(PDF, 239 KB)</span></a>') in page(site, "en/about/index.html")
    assert (site / "documenti/comunicato.pdf").read_bytes() == (media_site / "files/documenti/comunicato.pdf").read_bytes()


def test_documents_are_in_the_sitemap_and_images_are_not(media_site, tmp_path):
    put(media_site, ".well-known/security.txt", "Contact: mailto:security@example.org\n")
    put(media_site, ".well-known/dati.csv", "a,b\n")
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    sitemap = page(site, "sitemap.xml")
    assert "<loc>https://example.org/prova/documenti/comunicato.pdf</loc>" in sitemap
    assert "sala" not in sitemap and "media/" not in sitemap and ".well-known" not in sitemap


def test_a_big_document_is_sized_in_megabytes(media_site, tmp_path):
    put(media_site, "documenti/comunicato.pdf", b"%PDF-1.4\n" + b"0" * (3 * 2**20 + 200_000))
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    assert "(PDF, 3,2 MB)" in page(site, "it/progetto/index.html")
    assert "(PDF, 3.2 MB)" in page(site, "en/about/index.html")


# --- partner logos and funders ----------------------------------------------------------------


def test_a_partner_card_shows_its_logo_with_the_name_as_alt(media_site, tmp_path):
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    html = page(site, "it/partner/index.html")
    card = html.split('id="partner-regione"')[1].split("</li>")[0]
    assert re.search(r'<img srcset="[^"]*regione-[0-9a-f]{10}-300\.png 300w" sizes="12rem" '
                     r'src="/prova/media/regione-[0-9a-f]{10}-300\.png" alt="Regione" width="192" height="64"', card)
    other = html.split('id="partner-ente"')[1].split("</li>")[0]
    assert "<img" not in other and "Ente &amp; Co" in other  # no logo: the name alone


def test_the_funders_block_is_on_every_page_with_the_statement_in_its_language(media_site, tmp_path):
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    pages = [p for p in site.rglob("*.html") if p.name != "index.html" or p.parent != site]
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('<section class="funders"') == 1, path
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        statement = {"it": "Progetto cofinanziato dall’Unione europea e dalla Regione.",
                     "en": "Project co-funded by the European Union and by the Region."}[lang]
        assert statement in html, path
    funders = page(site, "en/index.html").split('<section class="funders"')[1].split("</section>")[0]
    alts = re.findall(r'alt="([^"]*)" width="(\d+)" height="(\d+)"', funders)
    assert alts == [("European Union", "96", "64"), ("Region", "192", "64")]  # in order, at the heights given


def test_an_eu_emblem_drawn_smaller_than_another_logo_is_refused(media_site, tmp_path):
    replace(media_site / "settings.yml", "      emblem: true\n", "      emblem: true\n      height: 40\n")
    site = tmp_path / "site"
    result = build(media_site, site, "--no-cache")
    assert result.code == 1
    line = next(number for number, text in enumerate((media_site / "settings.yml").read_text().splitlines(), 1)
                if "logo: loghi/ue.png" in text)
    assert re.search(rf"settings\.yml:{line}: the EU emblem would be drawn 60 × 40 pixels, smaller in both height "
                     rf"and width than the biggest of the other logos \(192 px wide, 64 px high\) — raise its 'height'",
                     result.err), result.err
    assert not site.exists()


def test_the_real_site_shows_partner_names_and_no_invented_logo(tmp_path):
    site = tmp_path / "site"
    assert build(ROOT / "content", site, "--no-cache").code == 0
    partners = page(site, "it/partner/index.html")
    assert "partner__logo" not in partners and "<picture" not in partners
    assert "Regione Lombardia" in partners
    assert not (site / "media").exists()
    assert 'class="funders"' not in partners  # the release gives no funding statement to copy


# --- bad input --------------------------------------------------------------------------------


def line_of(path: Path, needle: str) -> int:
    return next(number for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in text)


@pytest.fixture
def built(media_site, tmp_path):
    """The fixture built once; each case spoils it and builds again into the same folder."""
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    return media_site, site, snapshot(site)


def refused(content: Path, site: Path, before: dict, pattern: str) -> None:
    result = build(content, site, "--no-cache")
    assert result.code == 1, result.out
    assert re.search(pattern, result.err, re.MULTILINE), result.err
    assert "Traceback" not in result.err
    assert snapshot(site) == before, "the site was touched"


def test_a_missing_file_is_a_problem_at_the_line_linking_it(built):
    content, site, before = built
    page_file = content / "pages/it/progetto.md"
    replace(page_file, "documenti/comunicato.pdf", "documenti/comunicato-2012.pdf")
    line = line_of(page_file, "comunicato-2012.pdf")
    refused(content, site, before, rf"pages/it/progetto\.md:{line}: there is no file .*files/documenti/"
                                   rf"comunicato-2012\.pdf — put the file in")


def test_a_missing_image_is_a_problem_at_its_line(built):
    content, site, before = built
    page_file = content / "pages/en/progetto.md"
    replace(page_file, "(foto/sala.jpg)", "(foto/Sala.jpg)")
    line = line_of(page_file, "foto/Sala.jpg")
    refused(content, site, before, rf"pages/en/progetto\.md:{line}: there is no file .*files/foto/Sala\.jpg — "
                                   rf".*names are case-sensitive")


def test_a_missing_alt_in_one_language_is_a_problem_at_its_line(built):
    content, site, before = built
    page_file = content / "pages/en/progetto.md"
    replace(page_file, "![The hall during the presentation, full of people](foto/sala.jpg)", "![](foto/sala.jpg)")
    line = line_of(page_file, "![](foto/sala.jpg)")
    result = build(content, site, "--no-cache")
    assert result.code == 1
    assert re.search(rf"pages/en/progetto\.md:{line}: the image foto/sala\.jpg has no alternative text — write "
                     rf"what the image shows", result.err), result.err
    assert "pages/it/progetto.md" not in result.err  # the Italian page has its alt
    assert snapshot(site) == before


def test_a_corrupt_jpeg_is_refused_where_it_is_and_where_it_is_shown(built):
    content, site, before = built
    put(content, "foto/sala.jpg", photo()[:600])
    line = line_of(content / "pages/it/progetto.md", "foto/sala.jpg")
    refused(content, site, before, r"files/foto/sala\.jpg: this file cannot be published: it cannot be decoded")
    refused(content, site, before, rf"pages/it/progetto\.md:{line}: .*files/foto/sala\.jpg cannot be shown: it "
                                   rf"cannot be decoded")


def test_an_svg_with_a_script_is_refused(built):
    content, site, before = built
    put(content, "loghi/regione.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
                                      '<script>alert(1)</script></svg>')
    replace(content / "partners.yml", "logo: loghi/regione.png", "logo: loghi/regione.svg")
    line = line_of(content / "partners.yml", "logo: loghi/regione.svg")
    refused(content, site, before, r"files/loghi/regione\.svg: this file cannot be published: it holds a <script> "
                                   r"element, which can run code — export the drawing again")
    refused(content, site, before, rf"partners\.yml:{line}: 'logo' names .*loghi/regione\.svg, which is not an image")


@pytest.mark.parametrize("svg, what", [
    ('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9" onload="alert(1)"/>', "the event handler onload="),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" width="9" height="9">'
     '<image x:href="https://tracker.example/p.png"/></svg>', "refers to another file or site"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect style="fill: url(https://x.example/a)"/></svg>',
     "refers to another file or site"),
    ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     "declares a DOCTYPE"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><foreignObject/></svg>', "<foreignObject>"),
])
def test_active_or_linking_svg_is_refused(media_site, svg, what):
    put(media_site, "disegno.svg", svg)
    with pytest.raises(BuildError) as error:
        render_site(options(media_site, media_site.parent / "unused"))
    [problem] = [p for p in error.value.problems if p.path.endswith("disegno.svg")]
    assert what in problem.message


def test_an_image_of_20000_by_20000_pixels_is_refused(built):
    content, site, before = built
    put(content, "foto/sala.jpg", b"")
    put(content, "foto/enorme.png", png(20_000, 20_000, 0, mode="1"))
    replace(content / "pages/it/progetto.md", "(foto/sala.jpg)", "(foto/enorme.png)")
    replace(content / "pages/en/progetto.md", "(foto/sala.jpg)", "(foto/enorme.png)")
    refused(content, site, before, r"files/foto/enorme\.png: this file cannot be published: it (is 20000 × 20000 "
                                   r"pixels|declares more than 40 million pixels)")


def test_an_image_over_the_byte_limit_is_refused(media_site):
    put(media_site, "foto/pesante.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (21 * 2**20))
    with pytest.raises(BuildError) as error:
        render_site(options(media_site, media_site.parent / "unused"))
    assert any("more than the 20 MB an image may be" in p.message for p in error.value.problems)


def test_a_pdf_that_is_a_zip_is_refused(built):
    content, site, before = built
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.exe", b"MZ")
    put(content, "documenti/comunicato.pdf", archive.getvalue())
    refused(content, site, before, r"files/documenti/comunicato\.pdf: this file cannot be published: its name ends "
                                   r"in \.pdf, but it is a ZIP archive")


def test_a_path_out_of_the_files_folder_is_refused(built):
    content, site, before = built
    page_file = content / "pages/it/progetto.md"
    replace(page_file, "(foto/sala.jpg)", "(../../etc/passwd)")
    line = line_of(page_file, "../../etc/passwd")
    refused(content, site, before, rf"pages/it/progetto\.md:{line}: the address \.\./\.\./etc/passwd leads out of "
                                   rf".*files/")


def test_an_absolute_path_as_an_image_is_refused(built):
    content, site, before = built
    page_file = content / "pages/it/progetto.md"
    replace(page_file, "(foto/sala.jpg)", "(/etc/passwd)")
    line = line_of(page_file, "/etc/passwd")
    refused(content, site, before, rf"pages/it/progetto\.md:{line}: there is no file .*files/etc/passwd")


def test_a_logo_path_out_of_content_is_refused_by_the_schema(built):
    content, site, before = built
    replace(content / "partners.yml", "logo: loghi/regione.png", "logo: ../../etc/passwd")
    line = line_of(content / "partners.yml", "logo: ../../etc/passwd")
    refused(content, site, before, rf"partners\.yml:{line}: 'logo' \"\.\./\.\./etc/passwd\" is not a path inside "
                                   rf"content/files/")


def test_a_symbolic_link_out_of_content_is_refused(built, tmp_path):
    content, site, before = built
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes(photo(100, 100))
    (content / "files/foto/fuori.jpg").symlink_to(outside)
    refused(content, site, before, r"files/foto/fuori\.jpg: this is a link to .*outside the content folder")


def test_a_document_name_with_spaces_and_capitals_is_refused_with_a_safe_name(built):
    content, site, before = built
    put(content, "documenti/Modulo Adesione.PDF", b"%PDF-1.4\n")
    page_file = content / "pages/it/progetto.md"
    append(page_file, "\nCompila il [modulo](<documenti/Modulo Adesione.PDF>).\n")
    line = line_of(page_file, "Modulo Adesione.PDF")
    refused(content, site, before, rf"pages/it/progetto\.md:{line}: the name of .*Modulo Adesione\.PDF has spaces, "
                                   rf"capitals, accents or signs.* — rename the file documenti/modulo-adesione\.pdf")


# --- golden -----------------------------------------------------------------------------------


HASHED = re.compile(r"-[0-9a-f]{10}-(\d+)\.")


@pytest.mark.parametrize("path", ["it/progetto/index.html", "en/partners/index.html"])
def test_golden_page_with_an_image_a_pdf_link_and_a_partner_logo(media_site, tmp_path, path):
    """Regenerate on purpose with UPDATE_GOLDEN=1 and review `git diff tests/golden/media`. The
    hashes in the images' names are those of bytes Pillow wrote here: they are replaced by HASH."""
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    html = HASHED.sub(r"-HASH-\1.", page(site, path))
    html = re.sub(r"style\.[0-9a-f]{10}\.css", "style.HASH.css", html)
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8"), f"{path} differs from tests/golden/media/{path}"


def test_the_preview_shows_images_and_processes_each_only_once(media_site, tmp_path):
    from sitegen.serve import Preview

    preview = Preview(BuildOptions(media_site, TEMPLATES, tmp_path / "unused", dt.date.fromisoformat(TODAY),
                                   base_url="http://127.0.0.1:8000/", drafts=True), log=lambda *_: None)
    preview.poll()
    assert not preview.problems and preview.site.images_processed == 4
    html, problems = preview.file("it/progetto/index.html")
    [source] = re.findall(r'src="/(media/sala-[0-9a-f]{10}-1600\.jpg)"', html.decode())
    data, problems = preview.file(source)
    assert problems == [] and Image.open(io.BytesIO(data)).size == (1600, 1067)
    append(media_site / "pages/it/progetto.md", "\nUna frase in più.\n")  # a text: the model is kept
    preview.poll()
    assert "Una frase in più." in preview.file("it/progetto/index.html")[0].decode()
    assert source in preview.file("it/progetto/index.html")[0].decode()
    replace(media_site / "partners.yml", "Promuove il progetto.", "Promuove il progetto DRIADE.")  # a new model
    preview.poll()
    assert not preview.problems and preview.site.images_processed == 0
    assert preview.file(source) == (data, [])


def test_a_logo_that_does_not_exist_is_a_problem_at_its_line(built):
    content, site, before = built
    replace(content / "partners.yml", "logo: loghi/regione.png", "logo: loghi/regione-lombardia.png")
    line = line_of(content / "partners.yml", "logo: loghi/regione-lombardia.png")
    refused(content, site, before, rf"partners\.yml:{line}: 'logo' names .*files/loghi/regione-lombardia\.png, which "
                                   rf"does not exist — put the image")


def test_an_event_shows_its_photo_with_the_alt_of_each_language(media_site, tmp_path):
    site = tmp_path / "site"
    assert build(media_site, site, "--no-cache").code == 0
    italian = page(site, "it/eventi/giornata-milano/index.html")
    english = page(site, "en/events/giornata-milano/index.html")
    assert re.search(r'<img srcset="[^"]+" sizes="[^"]+" src="/prova/media/sala-[0-9a-f]{10}-1600\.jpg" '
                     r'alt="La sala durante la giornata, piena di pubblico" width="1600" height="1067">', italian)
    assert 'alt="The hall during the day, full of people" width="1600" height="1067">' in english


def test_an_event_photo_without_its_english_alt_is_a_problem_at_its_line(built):
    content, site, before = built
    replace(content / "calendar.yml", "        en: The hall during the day, full of people\n", "")
    line = line_of(content / "calendar.yml", "      alt:")
    refused(content, site, before, rf"calendar\.yml:{line}: in 'image': 'alt' is missing its English text \('en:'\) — "
                                   rf"add a line 'en: \.\.\.'")


def test_the_check_command_passes_a_site_with_files(media_site):
    result = run_build("check", "--content", str(media_site), *FIXED)
    assert result.code == 0, result.err


def test_the_image_cache_is_keyed_by_the_bytes_and_the_parameters(tmp_path, monkeypatch):
    from sitegen.media import images

    cache = images.ImageCache(tmp_path / "cache")
    source = png(700, 300)
    [first] = cache.versions([source])
    assert cache.made == 1 and [v.width for v in first if v.format == "PNG"] == [480, 700]
    assert cache.versions([source]) == [first] and cache.made == 1  # read back, not made again
    monkeypatch.setattr(images, "WIDTHS", (320, 1600))  # another parameter: another key
    [other] = cache.versions([source])
    assert cache.made == 2 and [v.width for v in other if v.format == "PNG"] == [320, 700]


def test_a_cache_entry_without_its_list_is_made_again(tmp_path):
    from sitegen.media import images

    cache = images.ImageCache(tmp_path / "cache")
    source = png(100, 50)
    cache.versions([source])
    [listed] = (tmp_path / "cache").rglob("versions.json")
    listed.unlink()  # as if the build was killed before writing the list: the list is written last
    assert images.ImageCache(tmp_path / "cache").versions([source])[0][0].width == 100
    assert listed.exists()
