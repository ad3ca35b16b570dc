"""What people type into a search box, made the same on both databases.

A text pasted from a spreadsheet, a web page or a scanner may hold characters nobody sees.
PostgreSQL refuses a text with a NUL byte (psycopg's DataError, which the counter could only
report as a failure), SQLite ends the text there (an audit search for "\\x00" became
``LIKE '%'`` and listed every entry), and neither can store half of a surrogate pair. So a
search is read here once, before any SQL: full-width digits and letters as ASCII (NFKC),
tabs and line breaks as the spaces they look like, the ends stripped; any other control
character is refused, and so is a text longer than the search allows — with a typed
``ValidationError`` naming the field, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import unicodedata

from app.errors import ValidationError

MAX_SEARCH_LENGTH = 200  # the longest address; a longer text is pasted by mistake
_REFUSED = frozenset({"Cc", "Cs"})  # control characters, halves of surrogate pairs


def search_text(text: str, *, field: str = "query",
                max_length: int = MAX_SEARCH_LENGTH) -> str:
    """``text`` as a search reads it: NFKC, each tab or line break a space, stripped.

    Raises ``ValidationError(field=field, rule="control_character")`` when it holds any other
    control character (NUL, ESC, DEL, …) or half of a surrogate pair, and
    ``ValidationError(field=field, rule="too_long", n=max_length)`` when it is longer than
    ``max_length`` characters once stripped.
    """
    folded = unicodedata.normalize("NFKC", text)
    if any(unicodedata.category(ch) in _REFUSED and not ch.isspace() for ch in folded):
        raise ValidationError("A search cannot hold control characters.", field=field,
                              rule="control_character")
    read = "".join(" " if ch.isspace() else ch for ch in folded).strip()
    if len(read) > max_length:
        raise ValidationError("A search has at most {n} characters.", field=field,
                              rule="too_long", n=max_length)
    return read


# The longest text a person may write into each kind of field (what PostgreSQL's varchar
# columns hold; a reason or note is ``Text`` there, and gets its limit here). SQLite stores
# any length, so the services check these on both databases alike.
MAX_NAME_LENGTH = 60  # staff.full_name, customers.name
MAX_REASON_LENGTH = 500  # reasons and notes (audit, voids, refunds, waivers, shift close)
MAX_LINE_LENGTH = 200  # addresses, a hall's name


def written_text(text: str, *, field: str, max_length: int, multiline: bool = False) -> str:
    """``text`` as a service writes it: NFC-normalised, stripped, refused when it holds a
    control character or half a surrogate pair (a NUL breaks PostgreSQL and cuts a text short
    on SQLite), or is longer than ``max_length`` characters once stripped.

    Tabs are spaces; line breaks stay where ``multiline`` (a note), else they are spaces.
    Refusals are ``ValidationError(field=field, rule="control_character" | "too_long",
    n=max_length)``, the same on SQLite and PostgreSQL.
    """
    folded = unicodedata.normalize("NFC", text)
    if any(unicodedata.category(ch) in _REFUSED and not ch.isspace() for ch in folded):
        raise ValidationError("A text cannot hold control characters.", field=field,
                              rule="control_character", n=max_length)
    if multiline:
        folded = folded.replace("\r\n", "\n").replace("\r", "\n")
        read = "".join(ch if ch == "\n" or not ch.isspace() else " " for ch in folded)
    else:
        read = "".join(" " if ch.isspace() else ch for ch in folded)
    read = read.strip()
    if len(read) > max_length:
        raise ValidationError("This text has at most {n} characters.", field=field,
                              rule="too_long", n=max_length)
    return read
