"""Frozen dataclasses to JSON and back, generically: a snapshot keeps its values and types.

Used to freeze what a letter shows at the moment of the decision (regeling/letters).
Any field of a frozen dataclass round-trips as long as it is built from str, int, float,
bool, None, date, datetime, tuple, list, dict and other dataclasses of this project, so a
new field or a new letter-data class needs no change here. Only dataclasses from the
project's own modules are rebuilt: a snapshot names the class, never arbitrary code.
"""

import dataclasses
import importlib
import json
from datetime import date, datetime

_OWN_MODULES = ("regeling.", "worker.")


def dumps(value) -> str:
    """A stable JSON text (sorted keys) for a dataclass instance."""
    return json.dumps(_encode(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def loads(text: str):
    """The dataclass instance `dumps` wrote, equal to the original."""
    return _decode(json.loads(text))


def _encode(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        fields = {field.name: _encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {"@dataclass": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    if isinstance(value, datetime):
        return {"@datetime": value.isoformat()}
    if isinstance(value, date):
        return {"@date": value.isoformat()}
    if isinstance(value, tuple):
        return {"@tuple": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("only dicts with text keys can be frozen")
        return {"@dict": {key: _encode(item) for key, item in value.items()}}
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)  # a TextChoices member is stored as its value
    raise TypeError(f"cannot freeze a {type(value).__name__}")


def _decode(value):
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "@dataclass" in value:
        cls = _dataclass(value["@dataclass"])
        return cls(**{name: _decode(item) for name, item in value["fields"].items()})
    if "@datetime" in value:
        return datetime.fromisoformat(value["@datetime"])
    if "@date" in value:
        return date.fromisoformat(value["@date"])
    if "@tuple" in value:
        return tuple(_decode(item) for item in value["@tuple"])
    if "@dict" in value:
        return {key: _decode(item) for key, item in value["@dict"].items()}
    raise ValueError("not a frozen value")


def _dataclass(name: str) -> type:
    module_name, _, qualname = name.partition(":")
    if not module_name.startswith(_OWN_MODULES):
        raise ValueError(f"{module_name} is not a module of this project")
    cls = importlib.import_module(module_name)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    if not dataclasses.is_dataclass(cls):
        raise ValueError(f"{name} is not a dataclass")
    return cls
