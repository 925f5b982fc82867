"""Model classes made from the content schema, and records turned into them in one language.

Every field declared in schema/types.py becomes an attribute of the record's class, with the
value in the page's language: a translated text is the text of that language, a reference
the record it names. Adding a field to the schema is all it takes for templates to see it;
model/site.py only adds what is computed (a date in words, an address) and behaviour.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from ..render.typography import smarten
from ..schema.fields import (Boolean, Date, FieldType, Group, Integer, ListOf, Markdown, Number, Ref, Time,
                             Translated)


def record_class(name: str, group: Group, behaviour: type = object, module: str = __name__, **computed) -> type:
    """A dataclass with one attribute per field of `group` (None when absent), then the
    `computed` ones (name=default), on top of `behaviour` (methods and properties); it must
    be found as `name` in `module` (records are pickled for worker processes)."""
    fields = [(spec.name, _annotation(spec.type), field(default=None)) for spec in group.fields]
    fields += [(key, object, field(default_factory=value) if callable(value) else field(default=value))
               for key, value in computed.items()]
    cls = dataclasses.make_dataclass(name, fields, bases=(behaviour,), eq=False)
    cls.__module__ = module
    cls.schema = group
    return cls


def _annotation(kind: FieldType):
    if isinstance(kind, ListOf):
        return list
    return {Date: dt.date, Time: dt.time, Integer: int, Number: float, Boolean: bool}.get(type(kind), object)


@dataclass(frozen=True)
class Reference:
    """A Ref value not yet replaced by the record it names (see link_references)."""

    kind: str
    id: str


class ModelClasses:
    """The model class of every group of fields of the data files: those declared with
    behaviour (model/site.py), and a plain one for every other group, all made when the
    module `namespace` is imported and put in it, so that records can be pickled (for
    worker processes that are spawned rather than forked)."""

    def __init__(self, declared: dict[int, type], data_files: dict[str, Group], namespace: dict):
        self._classes = dict(declared)  # id of the Group -> class
        for file, group in data_files.items():
            self._make(group, file.removesuffix(".yml").title(), namespace)

    def __call__(self, group: Group) -> type:
        return self._classes[id(group)]

    def _make(self, kind: FieldType, name: str, namespace: dict) -> None:
        kind = kind.inner if isinstance(kind, (ListOf, Translated)) else kind
        if not isinstance(kind, Group):
            return
        if id(kind) not in self._classes:
            made = self._classes[id(kind)] = record_class(name, kind, module=namespace["__name__"])
            namespace[name] = made
        for spec in kind.fields:
            self._make(spec.type, name + spec.name.title().replace("_", ""), namespace)


def localized(cls: type, values: dict, lang: str, classes: ModelClasses) -> object:
    """A record of `cls` in `lang`: texts in that language (typographic quotes and dashes),
    references left as Reference, nested groups as records of their own class."""
    return cls(**{spec.name: _value(spec.type, values.get(spec.name), lang, classes) for spec in cls.schema.fields})


def _value(kind: FieldType, value, lang: str, classes: ModelClasses):
    if value is None:
        return [] if isinstance(kind, ListOf) else None
    if isinstance(kind, Translated):
        text = value[lang]
        return text if isinstance(kind.inner, Markdown) else smarten(text, lang)
    if isinstance(kind, Ref):
        return Reference(kind.kind, value)
    if isinstance(kind, ListOf):
        return [_value(kind.inner, item, lang, classes) for item in value]
    if isinstance(kind, Group):
        return localized(classes(kind), value, lang, classes)
    return value


def link_references(records, find) -> None:
    """Replace every Reference in these records (and the records nested in them) by
    `find(kind, id)`: the references were all checked before (validate.py)."""
    for record in records:
        for spec in record.schema.fields:
            value = getattr(record, spec.name)
            if isinstance(value, Reference):
                setattr(record, spec.name, find(value.kind, value.id))
            elif isinstance(value, list):
                link_references([item for item in value if hasattr(item, "schema")], find)  # records it holds
                value[:] = [find(item.kind, item.id) if isinstance(item, Reference) else item for item in value]
            elif hasattr(value, "schema"):
                link_references([value], find)
