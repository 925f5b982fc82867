"""Front matter that earlier builds parsed, kept in the render cache by the hash of each
file's bytes: a build with a cache reads and hashes every Markdown file, but parses with
YAML only the files it has not seen (a warm build of 2,000 files skips 2,000 parses).

The parsed front matter keeps the line of every key and item, so that messages about it
still name the right line; it is stored as JSON, never as pickled objects.
"""

from __future__ import annotations

import hashlib

from .sources import Document, StoredText
from .yamlsafe import Mapping, Sequence


class ParsedFiles:
    """Parsed documents by key (see `key`); `used` collects what this build needed."""

    def __init__(self, stored: dict, salt: str):
        self.stored, self.salt = stored, salt
        self.used: dict[str, dict] = {}

    def key(self, data: bytes, where: tuple) -> str:
        return hashlib.blake2b(data + repr((where, self.salt)).encode("utf-8"), digest_size=20).hexdigest()

    def document(self, key: str, path, shown: str) -> Document | None:
        """The document stored under `key`, its body left on disk; None if not stored."""
        record = self.stored.get(key)
        if record is None:
            return None
        try:
            meta = decode(record["meta"])
            body = StoredText.known(path, shown, record["skip"], record["body"])
            document = Document(path, shown, meta, body, record["skip"] + 1, record["digest"])
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self.used[key] = record
        return document

    def keep(self, key: str, document: Document) -> None:
        try:
            self.used[key] = {"meta": encode(document.meta), "skip": document.body_line - 1,
                              "body": document.body.digest, "digest": document.digest}
        except TypeError:
            pass  # a value JSON cannot hold: parsed again next time


def encode(value):
    """YAML as read by yamlsafe (with its line numbers) as JSON values."""
    if isinstance(value, Mapping):
        return {"m": [value.line, [[encode(key), value.key_lines.get(key), encode(item)]
                                   for key, item in value.items()]]}
    if isinstance(value, Sequence):
        return {"s": [value.line, list(value.item_lines), [encode(item) for item in value]]}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(f"cannot keep {type(value).__name__}")


def decode(value):
    if isinstance(value, dict):
        if "m" in value:
            line, pairs = value["m"]
            result = Mapping()
            result.line, result.key_lines = line, {}
            for key, key_line, item in pairs:
                key = decode(key)
                result[key] = decode(item)
                result.key_lines[key] = key_line
            return result
        line, item_lines, items = value["s"]
        result = Sequence(decode(item) for item in items)
        result.line, result.item_lines = line, list(item_lines)
        return result
    return value
