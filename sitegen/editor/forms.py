"""Forms from the content schema (schema/types.py), and the form's values back into YAML values.

The browser builds each form from `describe(group)`: every field's type, whether it is
required, its default and its help text, exactly as declared once in the schema. What the
form sends back is put in the schema's order and given the Python type that ruamel.yaml
writes in the usual style (a valid date as a date, so it is written without quotes); any
value that does not fit is passed on as typed, for the build's validation to explain.
"""

from __future__ import annotations

import datetime as dt

from ..schema.fields import (Boolean, Choice, Date, FieldType, FilePath, Group, Integer, ListOf, Markdown, Number,
                             Ref, Slug, Text, Time, Translated, Url)

# The input each field type gets; the first match wins (Markdown is a Text, Ref a Slug).
KINDS = ((Markdown, "markdown"), (Ref, "ref"), (Slug, "slug"), (Url, "url"), (Text, "text"), (Date, "date"),
         (Time, "time"), (Integer, "integer"), (Number, "number"), (Boolean, "boolean"), (Choice, "choice"),
         (Translated, "translated"), (ListOf, "list"), (Group, "group"), (FilePath, "text"))


def kind_of(field_type: FieldType) -> str:
    """The input for a field type; a type the editor does not know yet is typed as text, and the
    build's validation judges it."""
    return next((name for cls, name in KINDS if isinstance(field_type, cls)), "text")


def describe_type(field_type: FieldType) -> dict:
    """What the browser needs to draw an input for one field type."""
    kind = kind_of(field_type)
    found = {"kind": kind, "expected": field_type.expected() if kind not in ("group", "list") else ""}
    if isinstance(field_type, Choice):
        found["choices"] = list(field_type.values)
    if isinstance(field_type, Ref):
        found["ref"] = field_type.kind
    if isinstance(field_type, Integer):
        found["minimum"] = field_type.minimum
    if isinstance(field_type, (Translated, ListOf)):
        found["inner"] = describe_type(field_type.inner)
    if isinstance(field_type, ListOf):
        found["min_items"] = field_type.min_items
    if isinstance(field_type, Group):
        found["fields"] = describe(field_type)
    return found


def describe(group: Group) -> list[dict]:
    """Every field of a group, in the schema's order."""
    return [{"name": spec.name, "required": spec.required, "help": spec.help,
             "default": _json_default(spec.default), "type": describe_type(spec.type)} for spec in group.fields]


def _json_default(value):
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def from_form(field_type: FieldType, value):
    """A value sent by the form as the YAML value to write; None removes the field."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(field_type, Group) and isinstance(value, dict):  # a group left empty is no group
        group = values_from_form(field_type, value)
        return group if any(item is not None for item in group.values()) else None
    if isinstance(field_type, ListOf) and isinstance(value, list):
        items = [from_form(field_type.inner, item) for item in value]
        return [item for item in items if item is not None] or None
    if isinstance(field_type, Translated) and isinstance(value, dict):
        texts = {lang: from_form(field_type.inner, text) for lang, text in value.items()}
        return {lang: text for lang, text in texts.items() if text is not None} or None
    if isinstance(field_type, Date) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()) if len(value.strip()) == 10 else value
        except ValueError:
            return value
    return value


def values_from_form(group: Group, values: dict) -> dict:
    """A group's values in the schema's order; keys the schema does not know are kept after
    them (for the build to name them)."""
    if not isinstance(values, dict):
        return values
    result = {}
    for spec in group.fields:
        if spec.name in values:
            result[spec.name] = from_form(spec.type, values[spec.name])
    for key, value in values.items():
        if key not in result:
            result[key] = value
    return result


def field_lines(parsed, prefix: tuple = ()) -> list[tuple[int, tuple]]:
    """(line, path) of every key and list item of a strictly parsed YAML value (yamlsafe's
    Mapping and Sequence know their lines), to place a problem at its field."""
    found = []
    if isinstance(parsed, dict):
        for key, value in parsed.items():
            found.append((parsed.line_of(key), prefix + (key,)))
            found += field_lines(value, prefix + (key,))
    elif isinstance(parsed, list):
        for index, value in enumerate(parsed):
            found.append((parsed.line_of(index), prefix + (index,)))
            found += field_lines(value, prefix + (index,))
    return found


def field_at(lines: list[tuple[int, tuple]], line: int | None) -> str:
    """The path ("events/3/start") of the field a problem on `line` belongs to; "" if none."""
    if line is None:
        return ""
    best = None
    for start, path in lines:
        if start <= line and (best is None or start > best[0] or (start == best[0] and len(path) > len(best[1]))):
            best = (start, path)
    return "/".join(map(str, best[1])) if best else ""
