"""The payment receipt and the refund voucher: the document, ESC/POS bytes through
python-escpos' own printer classes, the A4/A5 PDF read back with pypdf, and the adapter from
the cashier service's receipt (printing/service_receipt.py).

Nothing here measures time: bench/receipt_render.py does.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from escpos.printer import Dummy
from pypdf import PdfReader

from app.billing.pricing import LateFeeLine
from app.errors import ValidationError
from app.services import cashier
from printing.escpos import CHINESE_MODE, UTF8_MODE, PrinterSettings, display_width, open_printer
from printing.pdf import receipt_pdf
from printing.receipt import (
    ReceiptData,
    ReceiptDocument,
    ReceiptItemData,
    TenderData,
    labelled,
    receipt_bytes,
    receipt_document,
    render_receipt,
    two_columns,
)
from printing.service_receipt import printable, receipt_for

HALL_ZONE = ZoneInfo("Asia/Shanghai")
RECEIPT_NO = "SF240506-000123"
FULL_NAME = "张三明"
CAPITAL = "壹仟贰佰叁拾肆元伍角整"
LONG_ADDRESS = "河北省石家庄市长安区中山东路一百二十八号幸福家园小区十二栋三单元一千二百零一室"
FULL_CUT = b"\x1dV\x00"
MM = 72 / 25.4  # points
BARCODE_CODE128 = b"\x1dkI"  # GS k m=73: Code 128 (function B)
QR_STORE = b"\x1d(k"  # GS ( k: native QR
RASTER_IMAGE = b"\x1dv0"  # GS v 0: QR drawn as an image
REFUND_NO = "SF240520-000456"
ORIGINAL_NO = "SF240506-000123"


def make_data(**changes: object) -> ReceiptData:
    data = ReceiptData(
        company="华北燃气热力有限公司",
        hall_name="第一营业厅",
        hall_address="中山东路128号",
        hall_phone="0311-12345678",
        receipt_no=RECEIPT_NO,
        issued_local=datetime(2024, 5, 6, 9, 31, 5, tzinfo=HALL_ZONE),
        account_no="1001234567",
        customer_name=FULL_NAME,
        address="中山东路1号3-2-501",
        items=(ReceiptItemData("2024-03", "燃气费", Decimal("200.00")),
               ReceiptItemData("2023—2024 采暖季", "采暖费", Decimal("1000.00"),
                               Decimal("34.50"))),
        tenders=(TenderData("现金", Decimal("1300.00")),),
        cashier_name="王芳",
        window_number=3,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def make_document(**changes: object) -> ReceiptDocument:
    return receipt_document(make_data(**changes))


def make_refund(**changes: object) -> ReceiptDocument:
    """A refund voucher of ``make_data``'s bills: 1,234.50 back, 34.50 of it by WeChat."""
    refund = dict(receipt_no=REFUND_NO, refund_of=ORIGINAL_NO,
                  issued_local=datetime(2024, 5, 20, 14, 2, 0, tzinfo=HALL_ZONE),
                  tenders=(TenderData("退还现金", Decimal("1200.00")),
                           TenderData("原路退回微信支付", Decimal("34.50"), "4200001234")))
    return make_document(**{**refund, **changes})


def settings(**changes: object) -> PrinterSettings:
    return PrinterSettings(kind="dummy", **changes)  # type: ignore[arg-type]


def gb(text: str) -> bytes:
    return text.encode("gb18030")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- the document ---------------------------------------------------------------------------


def test_document_sums_the_items_and_writes_the_total_in_capitals() -> None:
    doc = make_document()
    assert [item.subtotal for item in doc.items] == [Decimal("200.00"), Decimal("1034.50")]
    assert doc.total == Decimal("1234.50")
    assert doc.total_capital == CAPITAL
    assert (doc.tendered, doc.change) == (Decimal("1300.00"), Decimal("65.50"))
    assert doc.issued_text == "2024-05-06 09:31:05"
    assert doc.window_text == "3号"
    assert doc.hall_contact_text == "中山东路128号  电话：0311-12345678"


def test_prepaid_credit_is_part_of_the_total() -> None:
    doc = make_document(prepaid_credit_added=Decimal("65.50"))
    assert doc.total == Decimal("1300.00")
    assert doc.total_capital == "壹仟叁佰元整"
    assert doc.change == Decimal("0.00")


def test_document_holds_the_name_only_masked() -> None:
    doc = make_document()
    assert doc.masked_name == "张*明"
    assert FULL_NAME not in repr(doc)


def test_reprint_and_void_marks() -> None:
    assert make_document().copy_text == ""
    assert make_document(copy_number=2).copy_text == "重打 第2次"
    assert make_document().void_text == ""
    voided = make_document(voided=True, void_reason="金额录错")
    assert (voided.void_text, voided.void_reason) == ("作废", "金额录错")
    assert make_document(void_reason="ignored when not voided").void_reason == ""


def test_reprint_keeps_the_receipt_number_and_amounts() -> None:
    original, copy = make_document(), make_document(copy_number=3)
    assert dataclasses.replace(copy, copy_number=0) == original


def test_receipt_refuses_less_handed_over_than_the_total() -> None:
    with pytest.raises(ValueError, match="less than the total"):
        make_document(tenders=(TenderData("现金", Decimal("1000.00")),))


def test_receipt_refuses_nothing_paid_for_and_bad_amounts() -> None:
    with pytest.raises(ValueError, match="needs a bill"):
        make_document(items=())
    with pytest.raises(ValidationError):
        make_document(items=(ReceiptItemData("2024-03", "燃气费", Decimal("1.005")),))
    with pytest.raises(ValueError, match="negative"):
        make_document(items=(ReceiptItemData("2024-03", "燃气费", Decimal("-1.00")),))
    with pytest.raises(ValueError, match="copy_number"):
        make_document(copy_number=-1)


def test_prepayment_alone_is_a_receipt() -> None:
    doc = make_document(items=(), prepaid_credit_added=Decimal("500.00"),
                        tenders=(TenderData("微信支付", Decimal("500.00"), "4200001234"),))
    assert (doc.total, doc.total_capital) == (Decimal("500.00"), "伍佰元整")


def test_barcode_only_for_receipt_numbers_a_code128_can_carry() -> None:
    assert make_document().barcode_payload == RECEIPT_NO
    assert make_document(with_barcode=False).barcode_payload is None
    assert make_document(receipt_no="收据0001").barcode_payload is None


# --- layout by display width ----------------------------------------------------------------


def test_two_columns_puts_the_amount_flush_right() -> None:
    assert two_columns("合计", "￥1,234.50", 32) == ["合计" + " " * 18 + "￥1,234.50"]
    assert two_columns("  滞纳金", "￥34.50", 20) == ["  滞纳金" + " " * 5 + "￥34.50"]


def test_two_columns_moves_the_amount_down_when_the_label_is_long() -> None:
    lines = two_columns("2023—2024 采暖季 采暖费", "￥1,000.00", 32)
    assert lines == ["2023—2024 采暖季 采暖费", " " * 22 + "￥1,000.00"]
    assert all(display_width(line) <= 32 for line in lines)


def test_labelled_text_wraps_under_itself() -> None:
    lines = labelled("地址：", LONG_ADDRESS, 32)
    assert lines[0].startswith("地址：河北省")
    assert all(line.startswith(" " * 6) for line in lines[1:])
    assert all(display_width(line) <= 32 for line in lines)
    assert "".join(line.strip() for line in lines) == "地址：" + LONG_ADDRESS


# --- ESC/POS --------------------------------------------------------------------------------


class LineRecorder(Dummy):  # type: ignore[misc]
    """A Dummy printer that also notes each text line with the width magnification (GS !)
    it is printed at, so line widths can be checked against the paper."""

    def __init__(self, codec: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.codec = codec
        self.magnification = 1
        self.lines: list[tuple[int, str]] = []

    def _raw(self, msg: bytes) -> None:
        super()._raw(msg)
        if msg.startswith(b"\x1d!"):
            self.magnification = (msg[2] >> 4) + 1
        elif msg == b"\x1b@":
            self.magnification = 1
        elif msg.endswith(b"\n") and not any(c in msg for c in b"\x1b\x1c\x1d"):
            self.lines += [(self.magnification, line)
                           for line in msg.decode(self.codec).splitlines()]


def recorded_lines(doc: ReceiptDocument, config: PrinterSettings) -> list[tuple[int, str]]:
    printer = LineRecorder(config.codec, profile=config.profile)
    render_receipt(printer, doc, config)
    return printer.lines


@pytest.mark.parametrize("encoding", ["GB18030", "GBK", "UTF-8"])
def test_escpos_receipt_carries_number_amount_and_capitals(encoding: str) -> None:
    config = settings(encoding=encoding)
    data = receipt_bytes(make_document(), config)
    codec = config.codec
    yuan = "¥" if encoding == "UTF-8" else "￥"  # GB fonts have only the full-width sign
    assert data.startswith(b"\x1b@" + (UTF8_MODE if encoding == "UTF-8" else CHINESE_MODE))
    for text in (RECEIPT_NO, f"{yuan}1,234.50", f"大写：{CAPITAL}", "收费收据", "户名：张*明",
                 "收款员：王芳", "窗口：3号", f"{yuan}65.50"):
        assert text.encode(codec) in data, text
    assert FULL_NAME.encode(codec) not in data
    assert data.endswith(FULL_CUT)


@pytest.mark.parametrize("encoding", ["GB18030", "GBK", "UTF-8"])
def test_escpos_reprint_is_marked_with_its_count(encoding: str) -> None:
    config = settings(encoding=encoding)
    codec = config.codec
    copy = receipt_bytes(make_document(copy_number=2), config)
    assert "重打 第2次".encode(codec) in copy
    assert RECEIPT_NO.encode(codec) in copy
    assert "重打".encode(codec) not in receipt_bytes(make_document(), config)


@pytest.mark.parametrize("encoding", ["GB18030", "GBK", "UTF-8"])
def test_escpos_void_is_marked_large(encoding: str) -> None:
    config = settings(encoding=encoding)
    codec = config.codec
    data = receipt_bytes(make_document(voided=True, void_reason="金额录错"), config)
    assert b"\x1d!\x33" + "作废".encode(codec) in data  # four times wide and high
    assert "作废原因：金额录错".encode(codec) in data
    assert "作废".encode(codec) not in receipt_bytes(make_document(), config)


def test_escpos_total_is_bold_and_double_height() -> None:
    data = receipt_bytes(make_document(), settings())
    assert b"\x1bE\x01\x1d!\x01" + gb("合计") in data


@pytest.mark.parametrize(("paper", "columns"), [(80, 48), (58, 32)])
def test_escpos_lines_fit_the_paper(paper: int, columns: int) -> None:
    doc = make_document(
        address=LONG_ADDRESS, voided=True, copy_number=12, prepaid_credit_added=Decimal("0.50"),
        waived=Decimal("12.00"), company="华北燃气热力集团有限公司石家庄市长安区分公司营业部",
        items=(*make_data().items,
               ReceiptItemData("2022—2023 采暖季（补缴）", "采暖费", Decimal("123456.78"),
                               Decimal("9876.54"))),
        tenders=(TenderData("现金", Decimal("200000.00")),
                 TenderData("银行卡", Decimal("1.00"), "POS-20240506-000000000001234567")))
    lines = recorded_lines(doc, settings(paper_width_mm=paper))
    assert ("-" * columns) in [text for _, text in lines]
    for magnification, text in lines:
        assert display_width(text) * magnification <= columns, text
    address = [text for _, text in lines if text.startswith(("地址：", " " * 6))]
    assert "".join(text.strip() for text in address).startswith("地址：" + LONG_ADDRESS)
    assert len(address) >= (3 if columns == 32 else 2)  # the long address wraps


def test_escpos_amounts_are_right_aligned_at_the_papers_edge() -> None:
    for paper, columns in ((80, 48), (58, 32)):
        config = settings(paper_width_mm=paper)
        lines = [text for _, text in recorded_lines(make_document(), config)]
        total = next(text for text in lines if text.startswith("合计"))
        assert total.endswith("￥1,234.50") and display_width(total) == columns


def test_escpos_barcode_on_80mm_qr_where_it_does_not_fit_or_the_printer_lacks_it() -> None:
    wide = receipt_bytes(make_document(), settings())
    assert BARCODE_CODE128 + bytes([len(RECEIPT_NO) + 2]) + b"{B" + RECEIPT_NO.encode() in wide
    narrow = receipt_bytes(make_document(), settings(paper_width_mm=58))
    assert BARCODE_CODE128 not in narrow and QR_STORE in narrow
    no_barcode = receipt_bytes(make_document(), settings(profile="POS-5890"))
    assert BARCODE_CODE128 not in no_barcode and RASTER_IMAGE in no_barcode
    plain = receipt_bytes(make_document(with_barcode=False), settings())
    assert BARCODE_CODE128 not in plain and QR_STORE not in plain


def test_file_printer_receives_the_same_receipt(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    config = PrinterSettings(kind="file", file_path=str(path), encoding="GBK")
    doc = make_document(copy_number=1)
    printer = open_printer(config)
    try:
        render_receipt(printer, doc, config)
    finally:
        printer.close()
    data = path.read_bytes()
    assert data == receipt_bytes(doc, config)
    for text in (RECEIPT_NO, "￥1,234.50", CAPITAL, "重打 第1次"):
        assert text.encode("gbk") in data


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["A5", "A4"])
def test_pdf_text_carries_number_amount_capitals_and_masked_name(page: str) -> None:
    data = receipt_pdf(make_document(), page=page)  # type: ignore[arg-type]
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in (RECEIPT_NO, "1,234.50", CAPITAL, "收费收据", "张*明", "1001234567",
                     "收款员：王芳", "窗口：3号", "65.50", "华北燃气热力有限公司"):
        assert expected in text, expected
    assert FULL_NAME not in text
    assert "重打" not in text and "作废" not in text


def test_pdf_page_sizes() -> None:
    a5 = PdfReader(io.BytesIO(receipt_pdf(make_document()))).pages[0].mediabox
    a4 = PdfReader(io.BytesIO(receipt_pdf(make_document(), page="A4"))).pages[0].mediabox
    assert (round(float(a5.width)), round(float(a5.height))) == (420, 595)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    with pytest.raises(ValueError):
        receipt_pdf(make_document(), page="Letter")  # type: ignore[arg-type]


def test_pdf_reprint_is_marked_with_its_count() -> None:
    text = pdf_text(receipt_pdf(make_document(copy_number=2)))
    assert "重打 第2次" in text and RECEIPT_NO in text


def test_pdf_void_is_marked_on_every_page() -> None:
    many = tuple(ReceiptItemData(f"2023-{month:02d}", "燃气费", Decimal("10.00"))
                 for month in range(1, 13)) * 4
    data = receipt_pdf(make_document(items=many, voided=True, void_reason="重复收费"))
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 1
    assert all("作废" in page.extract_text() for page in pages)
    assert "期间" in pages[1].extract_text()  # the table's header row repeats
    assert "作废原因：重复收费" in pdf_text(data)


def test_pdf_metadata_names_the_receipt_not_the_customer() -> None:
    reader = PdfReader(io.BytesIO(receipt_pdf(make_document())))
    assert reader.metadata is not None
    assert reader.metadata.title == f"收费收据 {RECEIPT_NO}"
    assert FULL_NAME not in str(dict(reader.metadata))


def test_pdf_is_the_same_bytes_for_the_same_receipt() -> None:
    assert receipt_pdf(make_document()) == receipt_pdf(make_document())


def test_pdf_text_with_markup_characters_is_printed_as_is() -> None:
    text = pdf_text(receipt_pdf(make_document(address="A&B <小区> 1号")))
    assert "A&B <小区> 1号" in text


# --- refund vouchers ------------------------------------------------------------------------


def test_a_normal_receipt_is_no_refund() -> None:
    doc = make_document()
    assert not doc.is_refund and doc.refund_of == ""
    assert (doc.title, doc.total_label, doc.notice) == ("收费收据", "合计",
                                                         "本收据为缴费凭证，请妥善保管")


def test_refund_voucher_gives_back_its_total_exactly() -> None:
    doc = make_refund()
    assert doc.is_refund and (doc.title, doc.refund_of) == ("退款凭证", ORIGINAL_NO)
    assert (doc.total, doc.total_capital) == (Decimal("1234.50"), CAPITAL)
    assert (doc.tendered, doc.change) == (Decimal("1234.50"), Decimal("0.00"))
    assert doc.notice == "请核对退款金额及退回方式后签字"
    assert make_refund(notice="").notice == ""
    with pytest.raises(ValueError, match="exactly"):
        make_refund(tenders=(TenderData("退还现金", Decimal("1300.00")),))
    with pytest.raises(ValueError, match="less than the total"):
        make_refund(tenders=(TenderData("退还现金", Decimal("1000.00")),))
    with pytest.raises(ValueError, match="negative"):
        make_refund(tenders=(TenderData("退还现金", Decimal("-1234.50")),))
    with pytest.raises(ValueError, match="waiver"):
        make_refund(waived=Decimal("1.00"))
    with pytest.raises(ValueError, match="own number"):
        make_refund(refund_of=REFUND_NO)


def test_refund_reprint_and_void_keep_the_voucher() -> None:
    copy = make_refund(copy_number=2)
    assert copy.copy_text == "重打 第2次" and copy.is_refund
    assert dataclasses.replace(copy, copy_number=0) == make_refund()
    voided = make_refund(voided=True)
    assert voided.void_text == "作废" and voided.void_default_text == "本凭证已作废"


def escpos_text(doc: ReceiptDocument, **config: object) -> str:
    printer = Dummy(profile=settings(**config).profile)
    render_receipt(printer, doc, settings(**config))
    return bytes(printer.output).decode("gb18030", errors="replace")


def test_escpos_refund_voucher_names_both_receipts_the_amount_and_how_it_goes_back() -> None:
    data = receipt_bytes(make_refund(), settings())
    text = data.decode("gb18030", errors="replace")
    for expected in ("退款凭证", f"收据号：{REFUND_NO}", f"原收据号：{ORIGINAL_NO}",
                     "退款时间：2024-05-20 14:02:00", "退费项目", "退款金额", "￥1,234.50",
                     f"大写：{CAPITAL}", "退回方式", "退还现金", "￥1,200.00",
                     "原路退回微信支付", "原交易号：4200001234", "经办人：王芳", "客户签字：",
                     "请核对退款金额及退回方式后签字"):
        assert expected in text, expected
    for absent in ("收费收据", "找零", "实收", "缴费项目", "收费时间", "重打", "作废"):
        assert absent not in text, absent
    assert gb(REFUND_NO) in data and gb(ORIGINAL_NO) in data
    assert b"\x1bE\x01\x1d!\x01" + gb("退款金额") in data  # bold, double height like 合计


def test_escpos_receipt_has_no_refund_wording() -> None:
    text = escpos_text(make_document())
    for absent in ("退款", "原收据号", "客户签字", "退回方式"):
        assert absent not in text, absent
    assert "找零" in text and "缴费项目" in text


def test_escpos_refund_reprint_and_void() -> None:
    text = escpos_text(make_refund(copy_number=1))
    assert "重打 第1次" in text and "退款凭证" in text and REFUND_NO in text
    voided = escpos_text(make_refund(voided=True))
    assert "作废" in voided and "本凭证已作废" in voided


@pytest.mark.parametrize(("paper", "columns"), [(80, 48), (58, 32)])
def test_escpos_refund_lines_fit_the_paper(paper: int, columns: int) -> None:
    doc = make_refund(address=LONG_ADDRESS, copy_number=12, voided=True,
                      refund_of="SF240506-000000000000123",
                      tenders=(TenderData("原路退回银行卡", Decimal("1234.50"),
                                          "POS-20240506-000000000001234567"),))
    lines = recorded_lines(doc, settings(paper_width_mm=paper))
    for magnification, text in lines:
        assert display_width(text) * magnification <= columns, text
    signature = next(text for _, text in lines if text.startswith("客户签字："))
    assert display_width(signature) == columns and signature.endswith("_")


@pytest.mark.parametrize("page", ["A5", "A4"])
def test_pdf_refund_voucher_carries_both_numbers_amount_and_capitals(page: str) -> None:
    data = receipt_pdf(make_refund(), page=page)  # type: ignore[arg-type]
    text = pdf_text(data)
    for expected in ("退款凭证", REFUND_NO, f"原收据号：{ORIGINAL_NO}", "退款时间", "退款金额",
                     "1,234.50", CAPITAL, "退回方式", "退还现金", "原路退回微信支付",
                     "原交易号", "4200001234", "经办人：王芳", "客户签字", "退款单位"):
        assert expected in text, expected
    for absent in ("收费收据", "找零", "实收", "重打", "作废"):
        assert absent not in text, absent
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == f"退款凭证 {REFUND_NO}"


def test_pdf_refund_reprint_and_void() -> None:
    assert "重打 第3次" in pdf_text(receipt_pdf(make_refund(copy_number=3)))
    voided = pdf_text(receipt_pdf(make_refund(voided=True)))
    assert "作废" in voided and "本凭证已作废" in voided


def _mul(a: list[float], b: list[float]) -> list[float]:
    """Two PDF matrices [a b c d e f] multiplied (a then b)."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


@pytest.mark.parametrize("page", ["A5", "A4"])
def test_pdf_barcode_number_stands_clear_under_the_bars(page: str) -> None:
    """The receipt number printed under its barcode leaves a visible gap (at least 1 mm)
    under the bars, is centred on them and stays above the customer table. Read from the
    PDF's own drawing: the bars' rectangles and the number's baseline and font."""
    from reportlab.pdfbase.pdfmetrics import getAscent, getDescent

    data = receipt_pdf(make_document(), page=page)  # type: ignore[arg-type]
    rects: list[tuple[float, float, float, float]] = []
    texts: list[tuple[str, float, float, float, str]] = []

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"re":
            x, y, w, h = (float(a) for a in args)
            rects.append((cm[4] + x * cm[0], cm[5] + y * cm[3], w * cm[0], h * cm[3]))

    def text(t: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if t.strip():
            m = _mul(tm, cm)
            base = str(font.get("/BaseFont", "")).lstrip("/") if font else ""
            texts.append((t.strip(), m[4], m[5], size * m[3], base))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_operand_before=before,
                                                      visitor_text=text)
    bars = [r for r in rects if 0 < r[2] < 5 and r[3] > 15]
    assert len(bars) > 30
    bottom = min(r[1] for r in bars)
    left, right = min(r[0] for r in bars), max(r[0] + r[2] for r in bars)
    [(_, x, baseline, size, font)] = [t for t in texts if t[0] == RECEIPT_NO]
    assert font == "Courier"
    top_of_number = baseline + getAscent(font, size)
    assert bottom - top_of_number >= 1 * MM, (bottom, top_of_number)
    width = len(RECEIPT_NO) * 0.6 * size  # Courier: every character 0.6 em
    assert abs((x + width / 2) - (left + right) / 2) < 1
    [(_, _, table_baseline, table_size, _)] = [t for t in texts if t[0] == "户号"]
    assert table_baseline + table_size < baseline + getDescent(font, size)


# --- the service's receipt on paper (printing/service_receipt.py) ----------------------------


def service_receipt(**changes: object) -> cashier.ReceiptData:
    """The cashier service's receipt of a 102.00 payment (100.00 + 2.00 late fee) in cash."""
    data = cashier.ReceiptData(
        company="华北燃气热力有限公司", hall_name="第一营业厅", hall_address="", hall_phone="",
        receipt_no="H01-2026-000001", paid_at=datetime(2026, 11, 24, 10, 0, tzinfo=HALL_ZONE),
        business_day=date(2026, 11, 24), account_no="2000000001", account_kind="heating",
        customer_name=FULL_NAME, masked_name="张*明", address="中山东路1号",
        items=(cashier.PaidItem(1, "B1", "heating", "2025-2026", Decimal("100.00"),
                                Decimal("2.00")),),
        late_fees=(), credit_change=Decimal("0.00"), total=Decimal("102.00"),
        total_in_words="壹佰零贰元整",
        tenders=(cashier.ReceiptTender("cash", Decimal("102.00"), Decimal("110.00"),
                                       Decimal("8.00"), ""),),
        change=Decimal("8.00"), cashier="李娜", window_number=1, voided=False, void_reason="",
        reprint_count=0, refund_of="")
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def negated(data: cashier.ReceiptData, refund_no: str = "H01-2026-000009") -> cashier.ReceiptData:
    """``data`` as refund_payment books its refund: every amount negated, cash without
    handed-over or change."""
    return dataclasses.replace(
        data, receipt_no=refund_no, refund_of=data.receipt_no, total=-data.total,
        credit_change=-data.credit_change, change=Decimal("0.00"), late_fees=(),
        items=tuple(dataclasses.replace(i, principal=-i.principal, late_fee=-i.late_fee)
                    for i in data.items),
        tenders=tuple(cashier.ReceiptTender(t.method, -t.amount, None, Decimal("0.00"),
                                            t.reference) for t in data.tenders))


def test_service_receipt_prints_cash_as_handed_over_and_the_labels() -> None:
    doc = receipt_for(service_receipt(), copy_number=2)
    assert [(i.kind_label, i.subtotal) for i in doc.items] == [("采暖费", Decimal("102.00"))]
    assert [(t.method_label, t.amount) for t in doc.tenders] == [("现金", Decimal("110.00"))]
    assert (doc.total, doc.change, doc.copy_text) == (Decimal("102.00"), Decimal("8.00"),
                                                       "重打 第2次")
    assert not doc.is_refund


def test_service_receipt_with_credit_used_adds_up() -> None:
    data = service_receipt(credit_change=Decimal("-50.00"), total=Decimal("52.00"),
                           tenders=(cashier.ReceiptTender("wechat", Decimal("52.00"), None,
                                                          Decimal("0.00"), "42000001"),))
    doc = receipt_for(data)
    assert [(t.method_label, t.amount) for t in doc.tenders] == [
        ("微信支付", Decimal("52.00")), ("预存抵扣", Decimal("50.00"))]
    assert (doc.total, doc.tendered, doc.change) == (Decimal("102.00"), Decimal("102.00"),
                                                      Decimal("0.00"))
    refund = receipt_for(negated(data))
    assert refund.is_refund and refund.refund_of == data.receipt_no
    assert [(t.method_label, t.amount, t.reference) for t in refund.tenders] == [
        ("原路退回微信支付", Decimal("52.00"), "42000001"),
        ("退回预存余额", Decimal("50.00"), "")]
    assert (refund.total, refund.change, refund.prepaid_credit_added) == (
        Decimal("102.00"), Decimal(0), Decimal(0))
    text = escpos_text(refund)
    assert "退回预存余额" in text and "原交易号：42000001" in text


def test_service_receipt_that_only_adds_credit_adds_up() -> None:
    data = service_receipt(items=(), credit_change=Decimal("150.00"), total=Decimal("150.00"),
                           tenders=(cashier.ReceiptTender("cash", Decimal("150.00"),
                                                          Decimal("150.00"), Decimal("0.00"),
                                                          ""),))
    doc = receipt_for(data)
    assert (doc.items, doc.prepaid_credit_added, doc.total) == ((), Decimal("150.00"),
                                                                Decimal("150.00"))
    assert "转入预存" in escpos_text(doc)
    refund = receipt_for(negated(data))
    assert (refund.prepaid_credit_added, refund.total, refund.tendered) == (
        Decimal("150.00"),) * 3
    assert [(t.method_label, t.amount) for t in refund.tenders] == [
        ("退还现金", Decimal("150.00"))]
    assert refund.total_capital == "壹佰伍拾元整"
    assert "退还预存" in escpos_text(refund)


def test_service_receipt_waiver_is_printed_for_information() -> None:
    line = LateFeeLine(ref="B1", principal_due=Decimal("100.00"), first_day=date(2026, 11, 21),
                       last_day=date(2026, 11, 24), days=4, daily_rate=Decimal("0.005"),
                       accrued=Decimal("2.00"), cap_left=Decimal("10.00"),
                       charged=Decimal("2.00"), previously_due=Decimal("0.00"),
                       waived=Decimal("2.00"), waiver_reason="系统故障")
    doc = printable(service_receipt(late_fees=(line,)))
    assert doc.waived == Decimal("2.00")


def test_service_receipt_signs_must_match_a_refund() -> None:
    with pytest.raises(ValueError, match="negative total"):
        printable(service_receipt(refund_of="H01-2026-000000"))
    with pytest.raises(ValueError, match="negative total"):
        printable(dataclasses.replace(negated(service_receipt()), refund_of=""))
