"""Money: Decimal yuan exact to the fen, never float; ROUND_HALF_UP to the fen.

Amounts are ``Decimal`` with two places (``Decimal('1234.50')``), the shape of the
``Numeric(12, 2)`` columns; ``to_fen``/``from_fen`` convert to and from integer fen where a
count is handier (sums in tests, property checks).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.errors import ValidationError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# The largest amount a Numeric(12, 2) column holds.
MAX_AMOUNT = Decimal("9999999999.99")

# Digits, optionally grouped by commas in threes, then decimals (more than two are refused
# with their own message, so the pattern takes any number).
_AMOUNT = re.compile(r"^(?P<sign>[+-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<dec>\d*))?$")


def round_fen(value: Decimal | int) -> Decimal:
    """Round to the fen, half up (0.005 -> 0.01), the rule for every amount we store."""
    if isinstance(value, float):  # a float has already lost the fen
        raise TypeError("money must be Decimal or int, never float")
    try:
        return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # 1E+30 has more digits than the context's 28 once in fen
        raise ValidationError("The amount is too large.", field="amount",
                              rule="too_large") from None


def ensure_fen(value: Decimal | int, field: str = "amount") -> Decimal:
    """``value`` as a two-place Decimal, refused if it is not exact to the fen.

    For amounts handed to the calculation (bills, payments, tariffs in yuan): a stray third
    decimal there is a bug upstream, not something to round away silently. Beyond
    ``MAX_AMOUNT`` (what a ``Numeric(12, 2)`` column holds; ``Decimal("1E+30")`` too) is
    refused as ``rule="too_large"`` on both databases, before any SQL.
    """
    if isinstance(value, float) or not isinstance(value, Decimal | int):
        raise TypeError("money must be Decimal or int, never float")
    amount = Decimal(value)
    if amount.is_finite() and abs(amount) > MAX_AMOUNT:
        raise ValidationError("The amount is too large.", field=field, rule="too_large")
    if not amount.is_finite() or amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise ValidationError("{value} is not an amount in yuan and fen.", field=field,
                              rule="fen", value=str(value))
    return amount.quantize(FEN)


def to_fen(amount: Decimal | int) -> int:
    """Whole fen in an amount exact to the fen (``Decimal('12.30')`` -> 1230)."""
    return int(ensure_fen(amount) * 100)


def from_fen(fen: int) -> Decimal:
    """Yuan for whole fen (1230 -> ``Decimal('12.30')``)."""
    return Decimal(fen).scaleb(-2).quantize(FEN)


def parse_money(text: str, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """What a cashier typed, as yuan exact to the fen: ``"1,234.5"`` -> ``Decimal('1234.50')``.

    Accepts full-width digits and punctuation (an IME left on), a leading ¥/￥, spaces, and
    thousands commas only in groups of three, so that "12,5" (a decimal comma) is refused
    rather than read as 125. More than two decimals is refused, not rounded: the customer
    cannot hand over a third decimal. Refusals are ``ValidationError`` with ``field`` and a
    ``rule``: required, number, fen, negative, too_large.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if cleaned[:1] == "-" and cleaned[1:2] == "¥":
        cleaned = "-" + cleaned[2:]
    cleaned = cleaned.removeprefix("¥")
    if not cleaned:
        raise ValidationError("Enter an amount.", field=field, rule="required")
    match = _AMOUNT.match(cleaned)
    if match is None or not (match["int"] or match["dec"]):
        raise ValidationError("{text} is not an amount.", field=field, rule="number", text=text)
    decimals = match["dec"] or ""
    if len(decimals) > 2:
        raise ValidationError("An amount has at most two decimals (fen).", field=field,
                              rule="fen")
    try:
        amount = Decimal(f"{match['sign']}{(match['int'] or '0').replace(',', '')}.{decimals}0")
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise ValidationError("{text} is not an amount.", field=field, rule="number",
                              text=text) from None
    amount = amount.quantize(FEN)
    if amount < 0 and not allow_negative:
        raise ValidationError("The amount cannot be negative.", field=field, rule="negative")
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError("The amount is too large.", field=field, rule="too_large")
    return amount + ZERO  # -0.00 -> 0.00


def format_money(amount: Decimal | int, *, symbol: str = "¥") -> str:
    """``Decimal('1234.5')`` -> ``"¥1,234.50"``; negative as ``"-¥12.00"``."""
    value = round_fen(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.2f}"


def chinese_capital(amount: Decimal | int) -> str:
    """The amount in Chinese capitals (大写金额) as printed on receipts: 壹仟贰佰叁拾肆元伍角整.

    002 §4(4)2 wants a formal receipt "注明收费项目、金额、缴费时间"; a formal receipt
    states the amount in figures and in capitals.

    cn2an's ``an2cn(x, "rmb")`` does the conversion. Checked against the People's Bank rules
    for writing amounts on bills (正确填写票据和结算凭证的基本规定): 整 after 元; 零 after 元
    when 角 is 0 and 分 is not (壹佰元零壹分); one 零 for a run of zeros; 壹 before 拾. Three
    things are wrapped around it:

    - the amount is rounded half up to the fen first: cn2an truncates a third decimal
      (3.555 would read 叁元伍角伍分) and refuses exponents (``Decimal('1E+3')``);
    - 整 is written after 角 too (伍角整): the rules allow either, halls print it, and it
      leaves no room to add fen by hand;
    - 零 is written after 亿 when the whole 万 group is zero (壹亿零壹仟元整): cn2an drops
      it (壹亿壹仟元整), which the rules tolerate but reads like 一亿一千万.

    Under one yuan there is no 元 (伍分, 伍角整), as the bank examples write it. Negative
    amounts (a void) read 负…. Beyond ``MAX_AMOUNT`` is refused.
    """
    import cn2an  # type: ignore[import-untyped]  # 0.1 s to load its tables: only when printing

    value = round_fen(amount)
    if abs(value) > MAX_AMOUNT:
        raise ValidationError("The amount is too large.", field="amount", rule="too_large")
    text: str = cn2an.an2cn(format(value, "f"), "rmb")
    yuan = int(abs(value))
    if yuan >= 10**8 and (yuan // 10**4) % 10**4 == 0 and yuan % 10**4 >= 1000:
        text = text.replace("亿", "亿零", 1)
    if text.endswith("角"):
        text += "整"
    return text
