"""The Nu HTML Checker (vnu.jar) run once over many files, its errors grouped by file."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .tools import VNU_JAR, require_file, require_java


@dataclass(frozen=True)
class HtmlError:
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        extract = " ".join(self.extract.split())
        return f"line {self.line}: {self.message}" + (f"  [{extract}]" if extract else "")


def validate_html(files: list[Path]) -> dict[Path, list[HtmlError]]:
    """Every HTML error the Nu HTML Checker finds, per file (files without errors map to [])."""
    java, jar = require_java(), require_file("vnu-jar (npm package)", VNU_JAR)
    completed = subprocess.run([java, "-jar", str(jar), "--format", "json", "--errors-only",
                                *map(str, files)], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(completed.stderr)  # vnu writes its JSON report to standard error
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu.jar did not report JSON (exit {completed.returncode}):\n"
                           f"{completed.stderr[-2000:]}") from None
    errors: dict[Path, list[HtmlError]] = {file.resolve(): [] for file in files}
    for message in report["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        file = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
        error = HtmlError(message.get("lastLine"), message.get("message", ""), message.get("extract", ""))
        if file not in errors:
            raise RuntimeError(f"vnu.jar reported an error outside the files it was given: {message}")
        errors[file].append(error)
    return errors
