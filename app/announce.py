"""What the hall display says when a window calls a number.

"请A012号到3号窗口办理" would be read by a speech engine as "A twelve": halls read numbers digit
by digit ("A零一二") so that A012 and A102 never sound alike. Window numbers are read as
numbers ("3号窗口", "12号窗口").
"""

from __future__ import annotations

import re

DEFAULT_TEMPLATE = "请{ticket}号到{window}号窗口办理"
DIGITS = "零一二三四五六七八九"
CODE_RE = re.compile(r"^([A-Z]{1,2})(\d{1,4})$")


def spoken_ticket(code: str) -> str:
    """A012 -> "A零一二": letters as they are, each digit by itself."""
    match = CODE_RE.match(code.strip().upper())
    if match is None:
        raise ValueError(f"not a ticket code: {code!r}")
    letters, digits = match.groups()
    return letters + "".join(DIGITS[int(d)] for d in digits)


def call_sentence(code: str, window_number: int, template: str = DEFAULT_TEMPLATE) -> str:
    """The sentence to speak. ``template`` is the hall's wording, with {ticket} and {window}."""
    if "{ticket}" not in template or "{window}" not in template:
        raise ValueError("the announcement needs {ticket} and {window}")
    return template.format(ticket=spoken_ticket(code), window=window_number)


def subtitle(code: str, window_number: int, template: str = DEFAULT_TEMPLATE) -> str:
    """What the screen shows while the sentence is spoken: the code as printed."""
    return template.format(ticket=code.strip().upper(), window=window_number)
