"""JSON on the wire: amounts as strings both ways (never a float), aware ISO-8601 times.

``to_wire`` turns a use case's result (dataclasses, tuples, enums, dates, Decimals) into
plain JSON values, generically; ``refuse_floats`` finds a JSON number with a fraction or an
exponent in a request body, which would lose the fen (0.1 + 0.2) before any service saw it;
``refuse_out_of_range`` a whole number no integer column holds or a NUL byte.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
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


INT_RANGE = range(-(2**31), 2**31)  # an integer column's on PostgreSQL: ids, counts, numbers


def refuse_out_of_range(body: bytes) -> tuple[str, str] | None:
    """The path and rule ("range" or "nul") of the first whole number no integer column holds
    (2^31 and beyond) or the first text with a NUL byte (a key or a value), or None. Either
    raised a driver's error (a 500) on one database or both; no HallDesk field needs them."""
    try:
        parsed = json.loads(body, parse_float=_Float, parse_constant=_constant)
    except ValueError:
        return None
    found = _find(parsed, [], _unstorable)
    if found is None:
        return None
    return found, "range" if _find(parsed, [], _too_big) == found else "nul"


def _too_big(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value not in INT_RANGE


def _unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in key for key in value)
    return _too_big(value)


def _is_float(value: Any) -> bool:
    return isinstance(value, _Float)


def _find(value: Any, path: list[str],
          wrong: Callable[[Any], bool] = _is_float) -> str | None:
    if wrong(value):
        return ".".join(path)
    if isinstance(value, dict):
        items: list[tuple[str, Any]] = list(value.items())
    elif isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        return None
    for key, item in items:
        found = _find(item, [*path, key], wrong)
        if found is not None:
            return found
    return None
