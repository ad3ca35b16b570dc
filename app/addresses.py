"""The normal form in which addresses are searched (``accounts.address_key``).

Stored addresses read ``…128号康乐苑 27栋5单元301室``; clerks type ``康乐苑27栋5单元``,
``康乐苑 27栋``, ``康乐苑２７栋５单元`` (a full-width input method), ``27幢5单元301`` or
``27号楼5单元301号``. Both the stored address and the typed text are brought to one form and
the search looks for the typed form inside the stored one:

1. Unicode NFKC: full-width digits, letters and spaces become ASCII (``２７`` -> ``27``,
   ``Ａ座`` -> ``A座``); then lower case (``A座`` and ``a座`` are one).
2. No whitespace at all: ``康乐苑 27栋`` and ``康乐苑27栋`` are one.
3. Traditional and variant characters: ``號`` -> ``号``, ``棟`` / ``幢`` -> ``栋``,
   ``單`` -> ``单``, ``樓`` -> ``楼``.
4. A building after its number is ``栋``: ``27号楼``, ``27#楼``, ``27#`` -> ``27栋``.
5. A unit after its number is ``单元``: ``5单`` -> ``5单元``.
6. A room is its number alone: ``301室``, ``301户`` -> ``301``, and ``号`` after a room
   number (after ``栋`` or ``单元`` and digits) is dropped: ``5单元301号`` -> ``5单元301``.

Not handled: numbers in Chinese characters (二十七栋) and dashes (27-5-301). Changing these
rules changes what is stored: a migration must compute every ``address_key`` again.
"""

from __future__ import annotations

import re
import unicodedata

_VARIANTS = str.maketrans({"號": "号", "棟": "栋", "幢": "栋", "單": "单", "樓": "楼"})
_SPACE = re.compile(r"\s+")
_BUILDING = re.compile(r"(\d)(?:号楼|#楼|#)")
_UNIT = re.compile(r"(\d)单(?!元)")
_ROOM = re.compile(r"(\d)(?:室|户)")
_ROOM_NUMBER = re.compile(r"((?:栋|单元)\d+)号")


def address_key(text: str) -> str:
    """``text`` in the normal form above, for storing and for searching alike."""
    key = unicodedata.normalize("NFKC", text).lower()
    key = _SPACE.sub("", key).translate(_VARIANTS)
    key = _BUILDING.sub(r"\1栋", key)
    key = _UNIT.sub(r"\1单元", key)
    key = _ROOM.sub(r"\1", key)
    return _ROOM_NUMBER.sub(r"\1", key)
