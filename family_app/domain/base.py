"""Generic to_dict/from_dict for the record dataclasses.

Every dataclass field declares its validator in its metadata (see the helpers below), so
each record type is a plain list of fields and the conversion code exists once.
"""
from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import date
from typing import Any, Self

from family_app.domain import fields as f
from family_app.domain import schema
from family_app.domain.errors import NOT_A_RECORD, REQUIRED, ValidationError

Parser = Callable[[Any], Any]


def new_id() -> str:
    return uuid.uuid4().hex


def spec(parse: Parser, default: Any = MISSING, factory: Any = MISSING) -> Any:
    """A dataclass field that knows how to validate its raw value."""
    return field(default=default, default_factory=factory, metadata={"parse": parse})


# Field helpers: one line per field in the record definitions.
def name() -> Any:
    return spec(lambda v: f.required_text(v, f.NAME_LIMIT))


def short() -> Any:
    return spec(lambda v: f.optional_text(v, f.NAME_LIMIT), default="")


def long(required: bool = False) -> Any:
    if required:
        return spec(lambda v: f.required_text(v, f.TEXT_LIMIT))
    return spec(lambda v: f.optional_text(v, f.TEXT_LIMIT), default="")


def day(required: bool = False) -> Any:
    if required:
        return spec(f.required_date)
    return spec(f.optional_date, default=None)


def number(low: int, high: int, required: bool = False) -> Any:
    if required:
        return spec(lambda v: f.required_int(v, low, high))
    return spec(lambda v: f.optional_int(v, low, high), default=None)


def one_of(choices: tuple[str, ...], default: str | None = None) -> Any:
    """A code from `choices`; without a default the field is required."""
    parse = lambda v: f.choice(v, choices, default)  # noqa: E731
    return spec(parse) if default is None else spec(parse, default=default)


def maybe_one_of(choices: tuple[str, ...]) -> Any:
    return spec(lambda v: f.optional_choice(v, choices), default=None)


def some_of(choices: tuple[str, ...]) -> Any:
    return spec(lambda v: f.choice_list(v, choices), factory=list)


def yes_no(default: bool = False) -> Any:
    return spec(lambda v: f.flag(v, default), default=default)


def language(default: str = "nl") -> Any:
    return spec(lambda v: f.language_tag(v, default), default=default)


def languages() -> Any:
    return spec(f.language_list, factory=list)


def email() -> Any:
    return spec(f.email, default="")


def texts(limit: int = f.TEXT_LIMIT) -> Any:
    return spec(lambda v: f.text_list(v, limit), factory=list)


def ref(required: bool = False) -> Any:
    """The id of another record (checked against the plan by Plan.validate_references)."""
    if required:
        return name()
    return spec(lambda v: f.optional_text(v, f.NAME_LIMIT) or None, default=None)


def refs(at_least_one: bool = False) -> Any:
    def parse(value: Any) -> list[str]:
        ids = f.text_list(value, f.NAME_LIMIT)
        if at_least_one and not ids:
            raise ValidationError("", REQUIRED)
        return ids
    return spec(parse, factory=list)


def part(cls: type["Part"], optional: bool = False) -> Any:
    """A nested part; optional parts may be None (missing)."""
    if optional:
        return spec(lambda v: None if v is None else cls.from_dict(v), default=None)
    return spec(lambda v: cls.from_dict({} if v is None else v), factory=cls)


def parts(cls: type["Part"]) -> Any:
    return spec(lambda v: f.list_of(v, cls.from_dict), factory=list)


def _dump(value: Any) -> Any:
    """JSON-safe form: dates as ISO strings, nested parts as plain dicts."""
    if isinstance(value, Part):
        return value.body()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


@dataclass(kw_only=True)
class Part:
    """A validated value made of fields; nested parts are stored inside their record."""

    def body(self) -> dict[str, Any]:
        """The fields as JSON-safe values, without the schema version."""
        return {fl.name: _dump(getattr(self, fl.name)) for fl in _fields(type(self))}

    def to_dict(self) -> dict[str, Any]:
        return {"v": schema.SCHEMA_VERSION, **self.body()}

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Validate raw data; unknown keys are ignored, errors name the field."""
        if not isinstance(data, dict):
            raise ValidationError("", NOT_A_RECORD)
        values: dict[str, Any] = {}
        for name, parse in _parsers(cls):
            try:
                values[name] = parse(data.get(name))
            except ValidationError as err:
                raise err.within(name) from None
        cls.check(values)
        return cls(**values)

    @classmethod
    def check(cls, values: dict[str, Any]) -> None:
        """Rules that span fields; override and raise ValidationError naming the field."""

    def validated(self) -> Self:
        """A clean, validated copy (e.g. after a screen edited the fields directly)."""
        return type(self).from_dict(self.to_dict())

    def copy(self) -> Self:
        """An equal copy whose lists and parts are new too, so changing it leaves this one
        as it was. Far cheaper than copy.deepcopy: every other value is immutable."""
        clone = object.__new__(type(self))
        values = clone.__dict__
        values.update(self.__dict__)
        for name, value in values.items():
            if type(value) is list or isinstance(value, Part):
                values[name] = _copied(value)
        return clone


# A plan with years of log entries reads each of them: what its fields are and how each
# is parsed is looked up once per class (dataclasses.fields builds its tuple at every call).
@functools.cache
def _fields(cls: type) -> tuple[Field, ...]:
    return fields(cls)


@functools.cache
def _parsers(cls: type) -> tuple[tuple[str, Parser], ...]:
    return tuple((fl.name, fl.metadata["parse"]) for fl in _fields(cls))


def _copied(value: Any) -> Any:
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, Part):
        return value.copy()
    return value


def _parse_id(value: Any) -> str:
    # Records from files and forms get a fresh id; stored ones keep theirs.
    return new_id() if value is None else f.required_text(value, f.NAME_LIMIT)


@dataclass(kw_only=True)
class Record(Part):
    """A part with its own id, so it can be referred to, shared and merged."""

    id: str = spec(_parse_id, factory=new_id)
