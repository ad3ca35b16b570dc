"""Money: parsing what a cashier types, formatting, rounding, amounts in Chinese capitals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.billing.money import (
    MAX_AMOUNT,
    chinese_capital,
    ensure_fen,
    format_money,
    from_fen,
    parse_money,
    round_fen,
    to_fen,
)
from app.errors import ValidationError

D = Decimal
MAX_FEN = to_fen(MAX_AMOUNT)


@pytest.mark.parametrize(("text", "expected"), [
    ("1,234.5", "1234.50"),
    ("1234.5", "1234.50"),
    ("12", "12.00"),
    ("0.05", "0.05"),
    (".5", "0.50"),
    ("7.", "7.00"),
    ("  ¥ 1,000,000 ", "1000000.00"),
    ("￥１，２３４．５", "1234.50"),  # full-width, an input method left on
    ("9,999,999,999.99", "9999999999.99"),
    ("-0", "0.00"),
])
def test_parse_money_reads_what_cashiers_type(text: str, expected: str) -> None:
    amount = parse_money(text)
    assert amount == D(expected)
    assert str(amount) == expected  # always two places


@pytest.mark.parametrize(("text", "rule"), [
    ("", "required"),
    ("   ", "required"),
    ("abc", "number"),
    ("12,5", "number"),  # a decimal comma is refused, not read as 125
    ("1,23,456", "number"),
    ("1e3", "number"),
    ("NaN", "number"),
    ("1.2.3", "number"),
    (".", "number"),
    ("1.234", "fen"),  # not rounded: nobody can pay a third decimal
    ("-5", "negative"),
    ("10,000,000,000.00", "too_large"),
])
def test_parse_money_refuses_bad_input_with_field_and_rule(text: str, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(text, field="tendered")
    assert caught.value.field == "tendered"
    assert caught.value.params["rule"] == rule


def test_parse_money_takes_negative_amounts_only_when_asked() -> None:
    assert parse_money("-12.3", allow_negative=True) == D("-12.30")
    assert parse_money("-¥12.3", allow_negative=True) == D("-12.30")


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_parse_money_reads_back_every_formatted_amount(fen: int) -> None:
    amount = from_fen(fen)
    assert parse_money(format_money(amount)) == amount
    assert parse_money(format(amount, "f")) == amount


def test_format_money_groups_thousands_with_two_decimals() -> None:
    assert format_money(D("1234.5")) == "¥1,234.50"
    assert format_money(D("0")) == "¥0.00"
    assert format_money(D("-12")) == "-¥12.00"
    assert format_money(D("1000000.005")) == "¥1,000,000.01"  # half up, not half even
    assert format_money(3, symbol="") == "3.00"


@pytest.mark.parametrize(("value", "expected"), [
    ("0.005", "0.01"),
    ("0.025", "0.03"),  # half even would give 0.02
    ("2.675", "2.68"),
    ("-0.005", "-0.01"),  # half up is away from zero
    ("1.004999", "1.00"),
])
def test_round_fen_is_half_up(value: str, expected: str) -> None:
    assert round_fen(D(value)) == D(expected)


def test_money_refuses_float() -> None:
    with pytest.raises(TypeError):
        round_fen(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ensure_fen(0.1)  # type: ignore[arg-type]


def test_ensure_fen_refuses_a_third_decimal() -> None:
    assert str(ensure_fen(D("12.3"))) == "12.30"
    assert ensure_fen(5) == D("5.00")
    with pytest.raises(ValidationError) as caught:
        ensure_fen(D("12.345"), "principal")
    assert (caught.value.field, caught.value.params["rule"]) == ("principal", "fen")
    with pytest.raises(ValidationError):
        ensure_fen(D("Infinity"))


def test_fen_conversion() -> None:
    assert to_fen(D("12.30")) == 1230
    assert to_fen(D("-0.01")) == -1
    assert from_fen(1230) == D("12.30")
    assert str(from_fen(5)) == "0.05"


# --- 大写 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "expected"), [
    ("0", "零元整"),
    ("0.00", "零元整"),
    ("0.05", "伍分"),
    ("0.5", "伍角整"),
    ("0.55", "伍角伍分"),
    ("1", "壹元整"),
    ("10.00", "壹拾元整"),  # 壹 before 拾
    ("100.01", "壹佰元零壹分"),  # 零 after 元 when 角 is 0 and 分 is not
    ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
    ("1000000.00", "壹佰万元整"),
    ("100000", "壹拾万元整"),
    ("1001", "壹仟零壹元整"),
    ("1010000", "壹佰零壹万元整"),
    ("10000100", "壹仟万零壹佰元整"),
    ("100010000", "壹亿零壹万元整"),
    ("100001000", "壹亿零壹仟元整"),  # cn2an writes 壹亿壹仟元整, which reads like 1.1亿
    ("9999999999.99", "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    # the People's Bank's own examples (正确填写票据和结算凭证的基本规定)
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    # wrapped: cn2an truncates a third decimal and refuses exponents
    ("3.555", "叁元伍角陆分"),
    ("1E+3", "壹仟元整"),
    ("-5", "负伍元整"),
])
def test_chinese_capital_follows_the_bank_rules(amount: str, expected: str) -> None:
    assert chinese_capital(D(amount)) == expected


def test_chinese_capital_refuses_amounts_beyond_the_column() -> None:
    with pytest.raises(ValidationError):
        chinese_capital(MAX_AMOUNT + D("0.01"))


_DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNITS = {"拾": 10, "佰": 100, "仟": 1000}


def read_capital(text: str) -> int:
    """An independent reader of 大写 amounts, in fen, to check cn2an's output against."""
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负").removesuffix("整")
    yuan_text, _, rest = text.rpartition("元")
    fen = 0
    rest = rest.removeprefix("零")
    if "角" in rest:
        digit, rest = rest.split("角")
        fen += _DIGITS[digit] * 10
    if "分" in rest:
        digit, rest = rest.split("分")
        fen += _DIGITS[digit]
    assert rest == "", text
    total = section = digit_value = 0
    for char in yuan_text:
        if char in _DIGITS:
            digit_value = _DIGITS[char]
        elif char in _UNITS:
            section += digit_value * _UNITS[char]
            digit_value = 0
        elif char == "万":
            total += (section + digit_value) * 10**4
            section = digit_value = 0
        elif char == "亿":
            total = (total + section + digit_value) * 10**8
            section = digit_value = 0
        else:
            raise AssertionError(f"unexpected {char} in {text}")
    return sign * ((total + section + digit_value) * 100 + fen)


# Amounts with many zeros: where writing 大写 goes wrong.
_zero_heavy = st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=12).map(
    lambda digits: int("".join(digits)) % (MAX_FEN + 1))


@settings(deadline=None)  # the first call loads cn2an's tables
@given(st.one_of(_zero_heavy, st.integers(min_value=0, max_value=MAX_FEN)))
@example(0)
@example(5)
@example(1000)
@example(100_000_100)  # 壹佰万零壹元整
@example(10_000_100_000)  # 壹亿零壹仟元整
def test_chinese_capital_reads_back_to_the_same_fen(fen: int) -> None:
    text = chinese_capital(from_fen(fen))
    assert read_capital(text) == fen, text
    yuan, jiao, fen_digit = fen // 100, fen // 10 % 10, fen % 10
    assert set(text) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    assert "零零" not in text
    assert text.endswith("分") != text.endswith("整")  # 整 exactly when there are no 分
    assert text.endswith("分") == bool(fen_digit)
    for i, char in enumerate(text):
        if char in "拾佰仟":  # every unit has its digit: 壹拾, never a bare 拾
            assert text[i - 1] in "壹贰叁肆伍陆柒捌玖", text
    if yuan and not jiao and fen_digit:
        assert "元零" in text
    if yuan == 0 and fen:
        assert "元" not in text and not text.startswith("零")
    if yuan >= 10**8 and (yuan // 10**4) % 10**4 == 0 and yuan % 10**4:
        assert "亿零" in text
