"""The kiosk's queue ticket as ESC/POS bytes, produced by python-escpos' own printer classes."""

from __future__ import annotations

import dataclasses
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from escpos.printer import Dummy

from app.errors import ValidationError
from app.services.queueing import TicketInfo
from printing.documents import (
    QueueTicketDocument,
    mask_account,
    queue_ticket_document,
    ticket_qr_payload,
)
from printing.escpos import (
    CHINESE_MODE,
    UTF8_MODE,
    PrinterSettings,
    PrinterUnavailable,
    display_width,
    open_printer,
    print_chinese_test_page,
    render_ticket,
    send_bytes,
    ticket_bytes,
    wrap_text,
)

HALL_ZONE = ZoneInfo("Asia/Shanghai")
ISSUED_UTC = datetime(2024, 5, 6, 1, 31, tzinfo=UTC)  # 09:31 in the hall
PHONE_LIKE_ACCOUNT = "13812345678"
FULL_CUT = b"\x1dV\x00"
QR_STORE = b"\x1d(k"  # GS ( k: 2D code functions (native QR)
RASTER_IMAGE = b"\x1dv0"  # GS v 0: raster bit image (QR drawn as an image)


def make_ticket(**changes: object) -> TicketInfo:
    ticket = TicketInfo(
        id=12, code="A012", service_id=1, service_prefix="A", service_name="缴费",
        status="waiting", priority=False, issued_at=ISSUED_UTC, waiting_ahead=7,
        window_number=None, call_count=0, account_no=PHONE_LIKE_ACCOUNT, printed=False,
        hall_name="第一营业厅",
    )
    return dataclasses.replace(ticket, **changes)  # type: ignore[arg-type]


def make_document(ticket: TicketInfo | None = None, **kwargs: object) -> QueueTicketDocument:
    ticket = ticket or make_ticket()
    local = ticket.issued_at.astimezone(HALL_ZONE)
    kwargs.setdefault("qr_payload", ticket_qr_payload(ticket, issued_local=local))
    return queue_ticket_document(ticket, issued_local=local, **kwargs)  # type: ignore[arg-type]


def gb(text: str) -> bytes:
    return text.encode("gb18030")


# --- the document ---------------------------------------------------------------------------


def test_document_holds_the_ticket_in_hall_local_time() -> None:
    doc = make_document()
    assert (doc.hall_name, doc.code, doc.service_name, doc.waiting_ahead) == (
        "第一营业厅", "A012", "缴费", 7)
    assert doc.issued_text == "取号时间：2024-05-06 09:31"
    assert doc.waiting_text == "前面还有 7 人等候"
    assert doc.notice == "请留意叫号，过号请到服务台重新排队"
    assert doc.qr_payload == "HALLDESK|第一营业厅|A012|2024-05-06"
    assert make_document(make_ticket(waiting_ahead=0)).waiting_text == "前面无人等候"


def test_document_masks_the_account_to_its_last_four_digits() -> None:
    doc = make_document()
    assert doc.account_masked == "****5678"
    assert doc.account_text == "户号：****5678"
    assert mask_account("") == ""
    assert mask_account(" 1234 ") == "****"  # four digits would be the whole number
    assert make_document(make_ticket(account_no="")).account_text == ""


def test_document_has_no_place_for_customer_name_or_phone() -> None:
    names = {field.name for field in dataclasses.fields(QueueTicketDocument)}
    assert not {name for name in names if "name" in name and name not in (
        "hall_name", "service_name")}
    assert not {name for name in names if "phone" in name or "customer" in name}
    assert PHONE_LIKE_ACCOUNT not in repr(make_document())


def test_document_refuses_free_text_that_repeats_the_full_account() -> None:
    with pytest.raises(ValueError, match="account"):
        make_document(notice=f"户号 {PHONE_LIKE_ACCOUNT}")
    with pytest.raises(ValueError, match="account"):
        make_document(qr_payload=f"HALLDESK|{PHONE_LIKE_ACCOUNT}")


# --- ESC/POS bytes through python-escpos' Dummy printer -------------------------------------


def test_ticket_bytes_carry_the_ticket_in_gb18030() -> None:
    data = ticket_bytes(make_document(), PrinterSettings(kind="dummy"))
    assert data.startswith(b"\x1b@" + CHINESE_MODE)  # ESC @, then FS & (Chinese mode)
    assert b"A012" in data
    assert gb("缴费") in data
    assert "缴费".encode() not in data
    assert gb("第一营业厅") in data
    assert gb("前面还有 7 人等候") in data
    assert gb("取号时间：2024-05-06 09:31") in data
    assert gb("请留意叫号，过号请到服务台重新排队") in data
    assert UTF8_MODE not in data


def test_utf8_setting_sends_utf8_and_no_gb18030() -> None:
    data = ticket_bytes(make_document(), PrinterSettings(kind="dummy", encoding="UTF-8"))
    assert "缴费".encode() in data
    assert gb("缴费") not in data
    assert "前面还有 7 人等候".encode() in data
    assert UTF8_MODE in data
    assert CHINESE_MODE not in data


def test_gbk_setting_replaces_what_gbk_cannot_encode() -> None:
    ticket = make_ticket(hall_name="𠀀营业厅")  # CJK Ext. B: four bytes in GB18030, not in GBK
    gbk = ticket_bytes(make_document(ticket), PrinterSettings(kind="dummy", encoding="GBK"))
    gb18030 = ticket_bytes(make_document(ticket), PrinterSettings(kind="dummy"))
    assert "?营业厅".encode("gbk") in gbk
    assert gb("𠀀营业厅") in gb18030


def test_charset_command_can_be_left_out_for_printers_that_print_it() -> None:
    data = ticket_bytes(make_document(), PrinterSettings(kind="dummy", select_charset=False))
    assert CHINESE_MODE not in data
    assert gb("缴费") in data


def test_ticket_code_is_printed_very_large() -> None:
    wide = ticket_bytes(make_document(), PrinterSettings(kind="dummy", paper_width_mm=80))
    narrow = ticket_bytes(make_document(), PrinterSettings(kind="dummy", paper_width_mm=58))
    assert b"\x1d!\x44A012\n" in wide  # GS ! : 5 x 5
    assert b"\x1d!\x33A012\n" in narrow  # GS ! : 4 x 4
    assert b"\x1d!\x11" + gb("缴费") in wide  # service name double width and height (GS !)


def test_ticket_ends_with_a_cut() -> None:
    data = ticket_bytes(make_document(), PrinterSettings(kind="dummy"))
    assert data.endswith(FULL_CUT)


def test_no_cut_is_sent_to_a_printer_whose_profile_has_no_cutter() -> None:
    data = ticket_bytes(make_document(), PrinterSettings(kind="dummy", profile="simple"))
    assert FULL_CUT not in data
    assert b"\x1dV\x01" not in data


def test_qr_code_is_printed_only_when_there_is_a_payload() -> None:
    with_qr = ticket_bytes(make_document(), PrinterSettings(kind="dummy"))
    assert QR_STORE in with_qr
    assert b"HALLDESK|" + "第一营业厅".encode() + b"|A012|2024-05-06" in with_qr
    without = ticket_bytes(make_document(qr_payload=None), PrinterSettings(kind="dummy"))
    assert QR_STORE not in without
    assert b"HALLDESK" not in without


def test_qr_code_is_drawn_as_an_image_when_the_printer_has_no_native_qr() -> None:
    settings = PrinterSettings(kind="dummy", profile="TM-T88V", qr_mode="image")
    data = ticket_bytes(make_document(), settings)
    assert RASTER_IMAGE in data
    assert QR_STORE not in data


def test_ticket_shows_no_phone_number_or_full_account_number() -> None:
    for encoding in ("GB18030", "UTF-8"):
        data = ticket_bytes(make_document(), PrinterSettings(kind="dummy", encoding=encoding))
        assert PHONE_LIKE_ACCOUNT.encode() not in data
        assert b"****5678" in data


def test_control_characters_in_stored_text_do_not_reach_the_printer() -> None:
    doc = make_document(make_ticket(hall_name="第一\x1b@营业厅\x1dV\x00"))
    data = ticket_bytes(doc, PrinterSettings(kind="dummy"))
    assert data.count(b"\x1b@") == 1  # only the job's own initialise
    assert data.count(FULL_CUT) == 1


def test_reprint_is_marked() -> None:
    assert gb("重打") in ticket_bytes(make_document(reprint=True), PrinterSettings(kind="dummy"))
    assert gb("重打") not in ticket_bytes(make_document(), PrinterSettings(kind="dummy"))


def test_notice_wraps_to_the_paper_width() -> None:
    doc = make_document(notice="一" * 20)  # 40 columns
    wide = ticket_bytes(doc, PrinterSettings(kind="dummy", paper_width_mm=80))  # 48 columns
    narrow = ticket_bytes(doc, PrinterSettings(kind="dummy", paper_width_mm=58))  # 32 columns
    assert gb("一" * 20 + "\n") in wide
    assert gb("一" * 16 + "\n" + "一" * 4 + "\n") in narrow
    assert gb("一" * 17) not in narrow


def test_columns_can_be_set_for_printers_with_another_line_width() -> None:
    doc = make_document(notice="一" * 24)
    data = ticket_bytes(doc, PrinterSettings(kind="dummy", profile="TM-T88V", columns=42))
    assert gb("一" * 21 + "\n" + "一" * 3 + "\n") in data


# --- wrapping by display width --------------------------------------------------------------


def test_chinese_characters_take_two_columns() -> None:
    assert display_width("A012") == 4
    assert display_width("缴费") == 4
    assert display_width("，￥") == 4
    assert display_width("ｱ") == 1  # half-width katakana


def test_wrap_keeps_lines_within_the_columns() -> None:
    text = "请留意叫号，过号请到服务台重新排队 Please keep this ticket until called."
    for columns in (16, 32, 48):
        lines = wrap_text(text, columns)
        assert all(display_width(line) <= columns for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_keeps_english_words_whole() -> None:
    assert wrap_text("please keep this ticket", 10) == ["please", "keep this", "ticket"]


def test_wrap_never_starts_a_line_with_closing_punctuation() -> None:
    assert wrap_text("一二三四五六七八，九十", 16) == ["一二三四五六七", "八，九十"]
    assert wrap_text("一二三四五六七！？九十", 14) == ["一二三四五六", "七！？九十"]


def test_wrap_keeps_the_notice_line_breaks() -> None:
    assert wrap_text("第一行\n第二行", 32) == ["第一行", "第二行"]


# --- real python-escpos connections ---------------------------------------------------------


def test_file_printer_writes_the_ticket(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    settings = PrinterSettings(kind="file", file_path=str(path))
    printer = open_printer(settings)
    try:
        render_ticket(printer, make_document(), settings)
    finally:
        printer.close()
    data = path.read_bytes()
    assert data == ticket_bytes(make_document(), settings)
    assert gb("缴费") in data
    assert data.endswith(FULL_CUT)


def test_send_bytes_writes_the_rendered_ticket_in_one_piece(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    settings = PrinterSettings(kind="file", file_path=str(path), paper_width_mm=58)
    data = ticket_bytes(make_document(), settings)
    send_bytes(settings, data)
    assert path.read_bytes() == data


def test_network_printer_receives_the_ticket() -> None:
    received = bytearray()
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]

        def accept() -> None:
            conn, _ = server.accept()
            with conn:
                while chunk := conn.recv(65536):
                    received.extend(chunk)

        worker = threading.Thread(target=accept)
        worker.start()
        settings = PrinterSettings(kind="network", host="127.0.0.1", port=port, timeout_s=5)
        data = ticket_bytes(make_document(), settings)
        send_bytes(settings, data)
        worker.join(timeout=5)
    assert bytes(received) == data


# python-escpos' Network.open drops its socket without closing it when the connection fails;
# CPython closes it at once, with a ResourceWarning that the strict warning filter would raise.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_unreachable_network_printer_is_reported_as_unavailable() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again: nothing listens there now
    settings = PrinterSettings(kind="network", host="127.0.0.1", port=port, timeout_s=2)
    with pytest.raises(PrinterUnavailable):
        open_printer(settings)


def test_settings_are_checked() -> None:
    with pytest.raises(ValidationError) as missing_host:
        PrinterSettings(kind="network")
    assert missing_host.value.field == "host"
    with pytest.raises(ValidationError):
        PrinterSettings(kind="dummy", encoding="BIG5")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        PrinterSettings(kind="dummy", paper_width_mm=76)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        PrinterSettings(kind="usb")
    with pytest.raises(ValidationError) as unknown:
        open_printer(PrinterSettings(kind="dummy", profile="no-such-printer"))
    assert unknown.value.field == "profile"
    assert PrinterSettings(kind="dummy", paper_width_mm=58).chars_per_line == 32
    assert PrinterSettings(kind="dummy").chars_per_line == 48


# --- the settings screen's test page --------------------------------------------------------


@pytest.mark.parametrize("encoding", ["GB18030", "GBK", "UTF-8"])
def test_chinese_test_page_names_its_encoding(encoding: str) -> None:
    settings = PrinterSettings(kind="dummy", encoding=encoding)  # type: ignore[arg-type]
    printer = Dummy(profile=settings.profile)
    print_chinese_test_page(printer, settings)
    data = bytes(printer.output)
    codec = settings.codec
    assert f"编码：{encoding}".encode(codec) in data
    assert ("汉" * 24 + "\n").encode(codec) in data
    yuan = "¥" if encoding == "UTF-8" else "￥"  # GB fonts have only the full-width sign
    assert f"金额：{yuan}128.50".encode(codec) in data
    assert QR_STORE in data
    assert data.endswith(FULL_CUT)
