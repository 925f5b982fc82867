"""The staff field reference is generated from the schema and committed up to date."""

from conftest import ROOT

from sitegen.schema.types import DATA_FILES, EVENT, PAGE
from sitegen.schema.reference import render_reference


def test_committed_reference_matches_the_schema():
    committed = (ROOT / "content" / "RIFERIMENTO.md").read_text(encoding="utf-8")
    assert committed == render_reference(), "run: python3 build.py reference"


def test_reference_documents_every_field_of_every_file():
    text = render_reference()
    for name in DATA_FILES:
        assert f"## `{name}`" in text
    for spec in EVENT.fields + PAGE.fields:
        assert f"| `{spec.name}` |" in text
    assert "| `kind` | id di un tipo di attività (in calendar.yml) |" in text
