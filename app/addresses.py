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

The rules look at the characters around a word, so a piece of an address, cut where a clerk
stops typing, may not read as the same piece of the whole: ``幸福路12号`` is ``幸福路12号``
alone but ``幸福路12栋`` inside ``幸福路12号楼3单元``. A search therefore looks for any of the
typed text's readings (``search_keys``): its key, and the key it has when its end is the
``号`` of ``号楼`` (``幸福路12栋``), when its start follows a number (``号楼3单`` -> ``栋3单元``,
``#2单元`` -> ``栋2单元``), cuts ``号楼`` or ``单元`` (``楼3单元`` -> ``栋3单元``, ``元5号`` ->
``单元5``), or is a room number alone (``201号`` -> ``201``). Readings of fewer than three
characters are not searched (no trigram index finds them): ``号楼3`` or ``01号``, cut inside
both a word and a number, find nothing.

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
_ROOM_ALONE = re.compile(r"\d+号")
_NUMBER_END = re.compile(r"\d号$")


def address_key(text: str) -> str:
    """``text`` in the normal form above, for storing and for searching alike."""
    return _rewrite(_plain(text))


def search_keys(text: str, min_length: int = 3) -> list[str]:
    """The keys a typed fragment of an address may stand for: ``address_key(text)`` first,
    then its readings where the fragment cuts a rule's context (see the module's text); the
    readings shorter than ``min_length`` are left out (no trigram index finds them)."""
    plain = _plain(text)
    # (context before the fragment, how much of it the key keeps)
    lefts = [("", 0), ("0", 1)]  # cut after a number: 号楼3单 -> 栋3单元, #2单元 -> 栋2单元
    if plain.startswith("楼"):
        lefts.append(("0号", 1))  # cut inside 号楼: 楼3单元 -> 栋3单元
    if _ROOM_ALONE.fullmatch(plain):
        lefts.append(("栋", 1))  # a room number without its building or unit: 201号 -> 201
    if plain.startswith("元"):
        lefts.append(("单", 0))  # cut inside 单元: 元5号 -> 单元5
    keys = [_rewrite(plain)]
    for left, cut in lefts:
        key = _rewrite(left + plain)
        readings = [key[cut:]]
        if _NUMBER_END.search(key):  # the end cut 号楼 after its 号: 幸福路12号 -> 幸福路12栋
            readings.append(_rewrite(left + plain + "楼")[cut:])
        keys += [k for k in readings if k not in keys and len(k) >= min_length]
    return keys


def _plain(text: str) -> str:
    """Rules 1 to 3: the characters alone."""
    key = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub("", key).translate(_VARIANTS)


def _rewrite(key: str) -> str:
    """Rules 4 to 6: the words of buildings, units and rooms."""
    key = _BUILDING.sub(r"\1栋", key)
    key = _UNIT.sub(r"\1单元", key)
    key = _ROOM.sub(r"\1", key)
    return _ROOM_NUMBER.sub(r"\1", key)
