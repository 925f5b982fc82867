"""Build options: folders, base URL and the build date ("today")."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")


class UsageError(ValueError):
    """A command-line option has a value that cannot be used (exit status 2)."""


@dataclass(frozen=True)
class BuildOptions:
    """Everything one build needs to know besides the files themselves."""

    content: Path
    templates: Path
    output: Path
    today: dt.date
    base_url: str | None = None  # overrides settings.yml when given
    drafts: bool = False  # include pages marked draft (the preview server does)
    jobs: int = 1  # processes that convert and render pages
    cache: Path | None = None  # folder where builds record what they wrote, or None
    start_method: str | None = None  # how worker processes start: "fork", "spawn"…; None: the platform's


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def build_date(today: str | None, environ=os.environ, timezone: ZoneInfo = UTC) -> dt.date:
    """`--today` if given, else SOURCE_DATE_EPOCH, else the current date, in the site's time zone."""
    if today:
        try:
            return dt.date.fromisoformat(today)
        except ValueError:
            raise UsageError(f"--today must be a real date as YYYY-MM-DD, got {today!r}") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), timezone).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}") from None
    return dt.datetime.now(timezone).date()


def normalize_base_url(url: str) -> str:
    """An absolute http(s) URL ending with a slash, or UsageError."""
    from urllib.parse import urlsplit

    if any(ord(character) < 33 or 127 <= ord(character) < 160 or character in "\ufffe\uffff<>\"{}|\\^`"
           or 0xD800 <= ord(character) < 0xE000 for character in url):
        raise UsageError(f"the base URL must not contain spaces, control characters or <>\"{{}}|\\^`, "
                         f"got {url!r}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(f"the base URL must look like https://example.org/ or https://example.org/path/, got {url!r}")
    return url if url.endswith("/") else url + "/"
