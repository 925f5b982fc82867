"""The `_headers` file: a strict policy everywhere, long caching only for fingerprinted files."""

from conftest import ROOT, run_build

from sitegen.outputs.headers import CONTENT_SECURITY_POLICY, LONG_CACHE, SECURITY_HEADERS, SHORT_CACHE


def parse_headers(text: str) -> dict[str, dict[str, str]]:
    rules, current = {}, None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = rules.setdefault(line.strip(), {})
        elif line.strip():
            name, _, value = line.strip().partition(":")
            assert name not in current, f"{name} set twice for one path"
            current[name] = value.strip()
    return rules


def test_headers_file_under_a_path_prefix(basic_site, tmp_path):
    result = run_build("--content", str(basic_site), "--output", str(tmp_path / "site"), "--today", "2012-11-01",
                       "--base-url", "https://example.org/driade/")
    assert result.code == 0, result.err
    rules = parse_headers((tmp_path / "site" / "_headers").read_text())
    assert rules["/driade/*"]["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert rules["/driade/*"][name] == SECURITY_HEADERS[name]
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert rules["/driade/static/*"] == {"Cache-Control": LONG_CACHE}
    for path in ("/driade/", "/driade/it/*", "/driade/en/*", "/driade/404.html"):
        assert rules[path] == {"Cache-Control": SHORT_CACHE}
    cache_rules = [path for path, headers in rules.items() if "Cache-Control" in headers]
    assert "/driade/*" not in cache_rules, "cache rules must not overlap: hosts join repeated headers"


def test_server_configuration_docs_match_the_policy():
    docs = (ROOT / "docs" / "security-headers.md").read_text()
    for name, value in SECURITY_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in docs
        assert f'Header always set {name} "{value}"' in docs
    assert LONG_CACHE in docs and SHORT_CACHE in docs


def test_pages_need_no_inline_script_or_style(tmp_path):
    result = run_build("--output", str(tmp_path / "site"), "--today", "2012-11-26")
    assert result.code == 0, result.err
    import re

    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text()
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all('type="application/ld+json"' in attributes for attributes in scripts), page
        assert "<style" not in html and " style=" not in html, page
        assert not re.search(r"\son[a-z]+=", html), page
