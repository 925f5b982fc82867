"""The render cache on disk: pages of earlier builds, reused when nothing they depend on changed.

An index maps each output to its dependencies, their fingerprint and the hash of its bytes;
the bytes live in blobs/ under that hash. A stored page is reused only if the build's key
(engine source, base URL, build date, drafts, languages) is the same, its dependencies'
fingerprint is the same, and the blob still has the recorded hash: the cache never lies,
at worst it renders again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .write import content_digest

INDEX = "index.json"
BLOBS = "blobs"
MARKDOWN = "markdown"
SURVEYS = "outputs"
OUTPUTS = "outputs.json"
PARSED = "parsed.json"


OUTPUT_LIBRARIES = ("markdown", "jinja2", "nh3", "pyyaml")


def engine_fingerprint() -> str:
    """A hash of the engine's own source and of the libraries' versions that shape its output,
    so that changing either empties the cache."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.blake2b(digest_size=16)
    for library in OUTPUT_LIBRARIES:
        try:
            digest.update(f"{library}={version(library)};".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=?;".encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class RenderCache:
    """Stored pages in `folder`, for builds whose key is `key`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.markdown_used: set[str] = set()

    def read_markdown(self, key: str) -> dict | None:
        """A stored Markdown conversion ({"html": ..., "problems": [...]}) or None."""
        self.markdown_used.add(key)
        try:
            return json.loads((self.folder / MARKDOWN / key[:2] / key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write_markdown(self, key: str, converted: dict) -> None:
        self.markdown_used.add(key)
        try:
            _write_atomically(self.folder / MARKDOWN / key[:2] / key, json.dumps(converted).encode("utf-8"))
        except OSError:
            pass

    def load(self, key: str) -> dict[str, tuple[frozenset, str, str]]:
        """output -> (dependencies, fingerprint, content digest); empty if absent, stale or damaged."""
        try:
            index = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
            if index.get("key") != key:
                return {}
            return {output: (frozenset(entry[0]), entry[1], entry[2]) for output, entry in index["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return {}

    def read(self, digest: str) -> bytes | None:
        """The stored bytes with this digest, or None if missing or not matching."""
        try:
            data = (self.folder / BLOBS / digest[:2] / digest).read_bytes()
        except OSError:
            return None
        if content_digest(data) != digest:  # damaged: removed, so that the page is stored afresh
            (self.folder / BLOBS / digest[:2] / digest).unlink(missing_ok=True)
            return None
        return data

    def has(self, digest: str) -> bool:
        return (self.folder / BLOBS / digest[:2] / digest).is_file()

    def save(self, key: str, pages: dict[str, tuple[frozenset, str, str]]) -> None:
        """Record every page (output -> (dependencies, fingerprint, digest of a stored blob))
        and forget the others."""
        try:
            index = {output: [sorted(dependencies), fingerprint, digest]
                     for output, (dependencies, fingerprint, digest) in sorted(pages.items())}
            _write_atomically(self.folder / INDEX, json.dumps({"key": key, "pages": index}).encode("utf-8"))
            self._remove_blobs_except({digest for _, _, digest in index.values()})
            for path in (self.folder / MARKDOWN).glob("*/*"):
                if path.name not in self.markdown_used and not path.name.startswith("."):
                    path.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def write_blob(self, digest: str, data: bytes) -> None:
        """Store a page's bytes under their digest (from any process)."""
        path = self.folder / BLOBS / digest[:2] / digest
        try:
            if not path.exists():
                _write_atomically(path, data)
        except OSError:
            pass

    def read_outputs(self, key: str) -> dict[str, bytes] | None:
        """The feeds, sitemap and calendars stored for this key, if every file is intact."""
        try:
            stored = json.loads((self.folder / OUTPUTS).read_text(encoding="utf-8"))
            if stored.get("key") != key:
                return None
            files = {path: base64.b64decode(data, validate=True) for path, (data, _) in stored["files"].items()}
            if any(content_digest(files[path]) != digest for path, (_, digest) in stored["files"].items()):
                return None
            return files
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write_outputs(self, key: str, files: dict[str, bytes]) -> None:
        try:
            _write_atomically(self.folder / OUTPUTS, json.dumps({"key": key, "files": {
                path: [base64.b64encode(data).decode("ascii"), content_digest(data)] for path, data in files.items()
            }}).encode("utf-8"))
        except OSError:
            pass

    def read_parsed(self) -> dict:
        """Front matter parsed by earlier builds (see parsed.py); empty if absent or damaged."""
        try:
            stored = json.loads((self.folder / PARSED).read_text(encoding="utf-8"))
            return stored if isinstance(stored, dict) else {}
        except (OSError, ValueError):
            return {}

    def write_parsed(self, records: dict) -> None:
        try:
            _write_atomically(self.folder / PARSED, json.dumps(records, sort_keys=True).encode("utf-8"))
        except (OSError, ValueError):
            pass

    def read_survey(self, output: Path) -> dict:
        """What the last build that wrote `output` with this cache left there (see Staging.survey)."""
        try:
            return json.loads((self.folder / SURVEYS / _name_of(output)).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_survey(self, output: Path, survey: dict) -> None:
        try:
            _write_atomically(self.folder / SURVEYS / _name_of(output), json.dumps(survey).encode("utf-8"))
        except OSError:
            pass

    def _remove_blobs_except(self, keep: set) -> None:
        for path in (self.folder / BLOBS).glob("*/*"):
            if path.name not in keep and not path.name.startswith("."):
                path.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _name_of(output: Path) -> str:
    return hashlib.blake2b(os.fsencode(os.path.abspath(output)), digest_size=16).hexdigest() + ".json"
