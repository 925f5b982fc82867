"""HTTP headers for static hosts that read a `_headers` file (Netlify, Cloudflare Pages).

The same policy is documented for nginx and Apache in docs/security-headers.md; a test
keeps that page in step with SECURITY_HEADERS.
"""

from __future__ import annotations

HEADERS_PATH = "_headers"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), microphone=(), "
                          "payment=(), usb=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
LONG_CACHE = "public, max-age=31536000, immutable"  # fingerprinted files never change
SHORT_CACHE = "public, max-age=0, must-revalidate"  # pages are checked on every visit


def render_headers(base_path: str, languages, static_folder: str = "static") -> bytes:
    """The `_headers` file: security headers everywhere, caching by kind of file.

    Cache rules never overlap, because hosts join the values of a header set twice.
    """
    lines = [f"{base_path}*"] + [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    lines += ["", f"{base_path}{static_folder}/*", f"  Cache-Control: {LONG_CACHE}"]
    short = [base_path, f"{base_path}index.html", f"{base_path}404.html", f"{base_path}sitemap.xml",
             f"{base_path}robots.txt"] + [f"{base_path}{lang}/*" for lang in languages]
    for path in short:
        lines += ["", path, f"  Cache-Control: {SHORT_CACHE}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
