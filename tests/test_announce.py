"""The sentences the hall display speaks."""

from __future__ import annotations

import pytest

from app.announce import call_sentence, spoken_ticket, subtitle


@pytest.mark.parametrize(("code", "spoken"), [("A012", "A零一二"), ("A102", "A一零二"),
                                              ("B001", "B零零一"), ("c1000", "C一零零零")])
def test_tickets_are_read_digit_by_digit(code: str, spoken: str) -> None:
    assert spoken_ticket(code) == spoken


def test_default_sentence_and_its_subtitle() -> None:
    assert call_sentence("A012", 3) == "请A零一二号到3号窗口办理"
    assert subtitle("A012", 3) == "请A012号到3号窗口办理"


def test_the_hall_may_word_it_its_own_way() -> None:
    assert call_sentence("B007", 12, "{ticket}号顾客，请到{window}号窗口") == \
        "B零零七号顾客，请到12号窗口"
    with pytest.raises(ValueError):
        call_sentence("A001", 1, "请到窗口")
    with pytest.raises(ValueError):
        spoken_ticket("12A")
