"""JSON on the wire: amounts as strings both ways (never a float), aware ISO-8601 times.

``to_wire`` turns a use case's result (dataclasses, tuples, enums, dates, Decimals) into
plain JSON values, generically; ``refuse_floats`` finds a JSON number with a fraction or an
exponent in a request body, which would lose the fen (0.1 + 0.2) before any service saw it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any


def to_wire(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return to_wire(value.value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("naive datetime in a result: every time on the wire is aware")
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_wire(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_wire(v) for v in value]
    if isinstance(value, float):
        raise TypeError("float in a result: amounts are Decimal")
    raise TypeError(f"cannot put {type(value).__name__} on the wire")


def dumps(value: Any) -> bytes:
    return json.dumps(to_wire(value), ensure_ascii=False, separators=(",", ":")).encode()


class _Float:
    def __init__(self, text: str) -> None:
        self.text = text


def _constant(text: str) -> _Float:
    return _Float(text)


def refuse_floats(body: bytes) -> str | None:
    """The path (``tenders.0.amount``) of the first non-integer number in ``body``, "" for the
    body itself, or None when there is none (or the body is not JSON: the framework says so)."""
    try:
        parsed = json.loads(body, parse_float=_Float, parse_constant=_constant)
    except ValueError:
        return None
    return _find(parsed, [])


def _find(value: Any, path: list[str]) -> str | None:
    if isinstance(value, _Float):
        return ".".join(path)
    if isinstance(value, dict):
        items: list[tuple[str, Any]] = list(value.items())
    elif isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        return None
    for key, item in items:
        found = _find(item, [*path, key])
        if found is not None:
            return found
    return None
