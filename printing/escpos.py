"""Documents on ESC/POS thermal printers, through python-escpos' own printer classes.

Chinese text. python-escpos' ``text()`` runs its "magic encode": a line that contains an
ideograph in U+4E00..U+9FA5 is sent as GB18030 whatever the printer wants, and any other line
is matched against single-byte code pages, so a line of only full-width punctuation or a rarer
ideograph comes out as ``?`` after an ``ESC t`` code-page switch. It never selects the
printer's Chinese mode either. So text goes to the printer as bytes in the configured encoding
(``printer._raw``, the one write primitive every python-escpos printer implements), after
``FS &`` (Chinese character mode) for GB18030/GBK, or Epson's ``FS ( C`` "UTF-8" for UTF-8.
Everything else (alignment, bold, sizes, QR, cut) uses the printer object's own methods.

Sizes use ``GS !`` (``set(custom_size=True, ...)``): the double width/height of ``ESC !``
(python-escpos' ``double_width``/``double_height``) does not enlarge Chinese characters.

python-escpos is imported only when a printer is used: its import configures root logging and
loads a printer database, which a kiosk should not pay for at start-up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from app.errors import HallDeskError, ValidationError
from printing.documents import QueueTicketDocument

if TYPE_CHECKING:
    from escpos.escpos import Escpos

ConnectionKind = Literal["network", "usb", "serial", "file", "dummy"]
TextEncoding = Literal["GB18030", "GBK", "UTF-8"]
PaperWidth = Literal[58, 80]
QrMode = Literal["auto", "native", "image"]

COLUMNS_BY_PAPER: dict[int, int] = {58: 32, 80: 48}  # font A, 12 dots a column, 203 dpi
CODE_SIZE_BY_PAPER: dict[int, int] = {58: 4, 80: 5}  # GS ! magnification of the ticket code
QR_DOT_SIZE_BY_PAPER: dict[int, int] = {58: 5, 80: 6}
MAX_MAGNIFICATION = 8
MAX_CARRY = 3  # characters moved down to keep closing punctuation off a line's start

CHINESE_MODE = b"\x1c\x26"  # FS &: select Chinese (Kanji) character mode
UTF8_MODE = b"\x1c\x28\x43\x02\x00\x30\x02"  # FS ( C fn 48 m=2: character encoding UTF-8
_CODECS: dict[str, str] = {"GB18030": "gb18030", "GBK": "gbk", "UTF-8": "utf-8"}
# The yen/yuan sign has no two-byte GB code: sent as-is it becomes a 4-byte GB18030 sequence
# that printers with a GBK font print as garbage. The full-width sign is in GBK.
_GB_SUBSTITUTES = str.maketrans({"\u00a5": "\uffe5"})
# Characters that must not begin a line (Chinese line-breaking rule).
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
_TOKEN = re.compile(r"[!-~]+|\s+|.", re.DOTALL)


class PrinterUnavailable(HallDeskError):
    key = "printer_unavailable"
    default = "The printer cannot be used: {detail}"


@dataclass(frozen=True)
class PrinterSettings:
    """How one workstation reaches its thermal printer, and what that printer understands."""

    kind: ConnectionKind
    host: str = ""
    port: int = 9100
    usb_vendor_id: int = 0
    usb_product_id: int = 0
    serial_device: str = ""
    baudrate: int = 9600
    file_path: str = ""
    profile: str = "default"  # a python-escpos printer profile (escpos-printer-db)
    encoding: TextEncoding = "GB18030"
    paper_width_mm: PaperWidth = 80
    columns: int | None = None  # font-A characters a line when not the paper's usual 32/48
    qr_mode: QrMode = "auto"  # auto: native when the profile says the printer can
    select_charset: bool = True  # send FS & / FS ( C; off for printers that print it as text
    timeout_s: float = 10.0

    def __post_init__(self) -> None:
        _check_choice("kind", self.kind, ConnectionKind)
        _check_choice("encoding", self.encoding, TextEncoding)
        _check_choice("paper_width_mm", self.paper_width_mm, PaperWidth)
        _check_choice("qr_mode", self.qr_mode, QrMode)
        if self.columns is not None and not 16 <= self.columns <= 96:
            raise ValidationError("Characters per line must be 16 to 96.", field="columns",
                                  rule="range")
        required = {"network": ("host", self.host), "serial": ("serial_device", self.serial_device),
                    "file": ("file_path", self.file_path)}
        if self.kind in required and not required[self.kind][1].strip():
            field = required[self.kind][0]
            raise ValidationError(f"{field} is required for this printer connection.",
                                  field=field, rule="required")
        if self.kind == "usb" and not (self.usb_vendor_id and self.usb_product_id):
            raise ValidationError("USB vendor and product ids are required.",
                                  field="usb_vendor_id", rule="required")
        if not 0 < self.port < 65536:
            raise ValidationError("Port must be 1 to 65535.", field="port", rule="range")

    @property
    def chars_per_line(self) -> int:
        return self.columns or COLUMNS_BY_PAPER[self.paper_width_mm]

    @property
    def codec(self) -> str:
        return _CODECS[self.encoding]


def _check_choice(field: str, value: object, choices: Any) -> None:
    allowed = get_args(choices)
    if value not in allowed:
        raise ValidationError(f"{field} must be one of {allowed}, not {value!r}.", field=field,
                              rule="choice")


def available_profiles() -> list[str]:
    """python-escpos' known printer profiles, for the settings screen."""
    from escpos.capabilities import CAPABILITIES

    return sorted(CAPABILITIES["profiles"])


# --- text layout ----------------------------------------------------------------------------


def char_width(ch: str) -> int:
    """Columns a character takes: printers draw every non-ASCII character from their
    24-dot Chinese font (two columns), except half-width forms; combining marks take none.
    """
    if ord(ch) < 0x80:
        return 1
    if unicodedata.combining(ch):
        return 0
    return 1 if unicodedata.east_asian_width(ch) in ("H", "Na") else 2


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def wrap_text(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` columns: Chinese breaks between any two characters,
    ASCII words stay whole where they fit, and closing punctuation never starts a line.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(paragraph, columns))
    return lines


def _tokens(paragraph: str, columns: int) -> Iterable[str]:
    for token in _TOKEN.findall(paragraph):
        if display_width(token) > columns and not token.isspace():
            yield from token  # a word longer than a line is broken anywhere
        else:
            yield token


def _wrap_paragraph(paragraph: str, columns: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in _tokens(paragraph, columns):
        if token.isspace():
            if line and display_width(line) < columns:
                line += " "
            continue
        if display_width(line) + display_width(token) <= columns or not line.strip():
            line += token
            continue
        carry = ""
        if token[0] in _NO_LINE_START:
            carry, line = _carry_before_punctuation(line)
        lines.append(line.rstrip())
        line = carry + token
    lines.append(line.rstrip())
    return lines


def _carry_before_punctuation(line: str) -> tuple[str, str]:
    """The end of ``line`` to move down with punctuation that may not start the next line:
    the last Chinese character and any punctuation after it (the line keeps the rest).
    """
    start = len(line)
    while start > 0 and line[start - 1] in _NO_LINE_START:
        start -= 1
    start -= 1  # the character the punctuation belongs to
    if start < 1 or char_width(line[start]) != 2 or len(line) - start > MAX_CARRY:
        return "", line
    return line[start:], line[:start]


def _clean(text: str) -> str:
    """Control characters in stored text (hall names, notices) must not reach the printer
    as commands."""
    return "".join(" " if unicodedata.category(ch) == "Cc" and ch != "\n" else ch
                   for ch in text)


# --- writing through a python-escpos printer ------------------------------------------------


def _encode(text: str, settings: PrinterSettings) -> bytes:
    if settings.encoding != "UTF-8":
        text = text.translate(_GB_SUBSTITUTES)
    return _clean(text).encode(settings.codec, errors="replace")


def _write_lines(printer: Escpos, lines: Iterable[str], settings: PrinterSettings) -> None:
    printer._raw(b"".join(_encode(line, settings) + b"\n" for line in lines))


def _size(printer: Escpos, width: int, height: int) -> None:
    printer.set(custom_size=True, width=width, height=height)


def _begin(printer: Escpos, settings: PrinterSettings) -> None:
    printer.hw("INIT")  # ESC @: whatever the last job left set (sizes, alignment) is gone
    if settings.select_charset:
        printer._raw(UTF8_MODE if settings.encoding == "UTF-8" else CHINESE_MODE)


def _end(printer: Escpos) -> None:
    _size(printer, 1, 1)
    printer.set(align="left", bold=False)
    printer.cut()  # feeds past the cutter; sends the cut only if the profile has a cutter


def _separator(printer: Escpos, settings: PrinterSettings) -> None:
    _write_lines(printer, ["-" * settings.chars_per_line], settings)


def _qr(printer: Escpos, payload: str, settings: PrinterSettings) -> None:
    from escpos.constants import QR_ECLEVEL_M

    if settings.qr_mode == "auto":
        native = bool(printer.profile.supports("qrCode"))
    else:
        native = settings.qr_mode == "native"
    # Centred by ESC a, which printers apply to 2D codes and raster images alike
    # (python-escpos' own center= is not implemented for native codes).
    printer.set(align="center")
    printer.qr(_clean(payload), ec=QR_ECLEVEL_M, size=QR_DOT_SIZE_BY_PAPER[settings.paper_width_mm],
               native=native)


def code_magnification(code: str, settings: PrinterSettings) -> int:
    """As large as the paper's usual size, smaller if a long code would not fit a line."""
    width = max(display_width(code), 1)
    fits = settings.chars_per_line // width
    return max(1, min(CODE_SIZE_BY_PAPER[settings.paper_width_mm], fits, MAX_MAGNIFICATION))


def render_ticket(printer: Escpos, doc: QueueTicketDocument, settings: PrinterSettings) -> None:
    """Write the queue ticket to ``printer`` (any python-escpos printer), ending with a cut."""
    columns = settings.chars_per_line
    _begin(printer, settings)
    printer.set(align="center", bold=True)
    if doc.reprint_text:
        _write_lines(printer, [f"** {doc.reprint_text} **"], settings)
    _size(printer, 1, 2)
    _write_lines(printer, wrap_text(doc.hall_name, columns), settings)
    _size(printer, 2, 2)
    _write_lines(printer, wrap_text(doc.service_name, columns // 2), settings)
    magnification = code_magnification(doc.code, settings)
    _size(printer, magnification, magnification)
    _write_lines(printer, [doc.code], settings)
    if doc.priority_text:
        _size(printer, 2, 2)
        _write_lines(printer, [doc.priority_text], settings)
    _size(printer, 1, 2)
    _write_lines(printer, wrap_text(doc.waiting_text, columns), settings)
    _size(printer, 1, 1)
    printer.set(bold=False)
    _separator(printer, settings)
    details = [doc.issued_text, doc.account_text]
    _write_lines(printer, [line for text in details if text
                           for line in wrap_text(text, columns)], settings)
    _write_lines(printer, wrap_text(doc.notice, columns), settings)
    if doc.qr_payload:
        _qr(printer, doc.qr_payload, settings)
    _end(printer)


def print_chinese_test_page(printer: Escpos, settings: PrinterSettings) -> None:
    """A page to check the settings against the printer: Chinese printers differ in
    encodings (GBK or GB18030 fonts, UTF-8 firmware), line width and QR support.
    """
    columns = settings.chars_per_line
    _begin(printer, settings)
    printer.set(align="center", bold=True)
    _size(printer, 2, 2)
    _write_lines(printer, ["中文打印测试"], settings)
    _size(printer, 1, 1)
    printer.set(bold=False)
    _write_lines(printer, [
        f"编码：{settings.encoding}",
        f"纸宽：{settings.paper_width_mm} mm，每行 {columns} 列",
        f"型号配置：{settings.profile}",
    ], settings)
    printer.set(align="left")
    _write_lines(printer, [
        ("1234567890" * (columns // 10 + 1))[:columns],
        "汉" * (columns // 2),  # must fill exactly one line
        *wrap_text("燃气 供热 缴费 开户 过户 报修 （全角标点：，。！？）", columns),
        "金额：¥128.50",
        "GB18030 扩展字（GBK 打印为 ?）：㐀𠀀",
    ], settings)
    _qr(printer, f"HALLDESK 打印测试 {settings.encoding}", settings)
    _end(printer)


# --- printers -------------------------------------------------------------------------------


def _check_profile(name: str) -> None:
    if name not in available_profiles():
        raise ValidationError("Unknown printer profile {profile}.", field="profile",
                              rule="unknown_profile", profile=name)


def open_printer(settings: PrinterSettings) -> Escpos:
    """The python-escpos printer for ``settings``, connected; the caller closes it."""
    from escpos import printer as escpos_printer
    from escpos.exceptions import Error as EscposError

    _check_profile(settings.profile)
    profile = settings.profile
    try:
        if settings.kind == "network":
            device: Escpos = escpos_printer.Network(settings.host, settings.port,
                                                    timeout=settings.timeout_s, profile=profile)
        elif settings.kind == "usb":
            if not escpos_printer.Usb.is_usable():
                raise PrinterUnavailable(detail="USB printing needs pyusb "
                                         "(install python-escpos[usb]) and libusb")
            device = escpos_printer.Usb(settings.usb_vendor_id, settings.usb_product_id,
                                        timeout=int(settings.timeout_s * 1000), profile=profile)
        elif settings.kind == "serial":
            if not escpos_printer.Serial.is_usable():
                raise PrinterUnavailable(detail="serial printing needs pyserial "
                                         "(install python-escpos[serial])")
            device = escpos_printer.Serial(settings.serial_device, settings.baudrate,
                                           timeout=settings.timeout_s, profile=profile)
        elif settings.kind == "file":
            device = escpos_printer.File(settings.file_path, profile=profile)
        else:
            device = escpos_printer.Dummy(profile=profile)
        device.open()
    except (EscposError, OSError, ValueError) as error:  # pyusb's NoBackendError: ValueError
        raise PrinterUnavailable(detail=str(error).strip()) from error
    return device


def ticket_bytes(doc: QueueTicketDocument, settings: PrinterSettings) -> bytes:
    """The ticket as the ESC/POS bytes a printer would receive (kept with the print job, so a
    retry or reprint sends the same thing)."""
    from escpos.printer import Dummy

    _check_profile(settings.profile)
    printer = Dummy(profile=settings.profile)
    render_ticket(printer, doc, settings)
    return bytes(printer.output)


def send_bytes(settings: PrinterSettings, data: bytes) -> None:
    """Send a rendered document in one write, so a lost connection does not leave half a
    ticket followed later by the other half."""
    printer = open_printer(settings)
    try:
        printer._raw(data)
    except OSError as error:
        raise PrinterUnavailable(detail=str(error).strip()) from error
    finally:
        printer.close()
