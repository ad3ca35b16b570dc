"""This workstation's printer, from the settings' ``[printer]`` options.

``app.config`` keeps the options as text (it must not import printing); they become a
``PrinterSettings`` here, when a printer is about to be used, so that a wrong printer setting
never stops a kiosk or a counter from starting: the print fails, and says why in the log.

    [printer]
    kind = network          ; none, network, usb, serial, file, dummy
    host = 192.168.1.60
    port = 9100
    ; usb_vendor_id = 0x0416, usb_product_id = 0x5011 (kind = usb)
    ; serial_device = COM3, baudrate = 9600 (kind = serial)
    ; file_path = /dev/usb/lp0 (kind = file)
    profile = default       ; a python-escpos printer profile, e.g. TM-T88V
    encoding = GB18030      ; GB18030, GBK or UTF-8
    paper_width_mm = 80     ; 58 or 80
    qr_mode = auto          ; auto, native, image
    select_charset = yes
    timeout_s = 10

Every key can also come from the environment: ``HALLDESK_PRINTER_KIND``, ``…_HOST``, etc.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.errors import ValidationError
from printing.escpos import PrinterSettings

_INTEGERS = ("port", "usb_vendor_id", "usb_product_id", "baudrate", "paper_width_mm",
             "columns")
_TEXTS = ("host", "serial_device", "file_path", "profile", "encoding", "qr_mode")
_TRUE = ("1", "yes", "true", "on")
_FALSE = ("0", "no", "false", "off")


def printer_settings(options: Mapping[str, str]) -> PrinterSettings | None:
    """The printer the options describe; None when there is none (no kind, or "none").

    Raises ``ValidationError`` (with the option's name as ``field``) for a value that is
    not understood.
    """
    kind = options.get("kind", "").strip().lower()
    if kind in ("", "none"):
        return None
    values: dict[str, Any] = {"kind": kind}
    for key in _INTEGERS:
        if options.get(key, "").strip():
            try:
                values[key] = int(options[key].strip(), 0)  # USB ids are often hex: 0x0416
            except ValueError as exc:
                raise ValidationError(f"printer {key} must be a whole number.", field=key,
                                      rule="number") from exc
    for key in _TEXTS:
        if options.get(key, "").strip():
            values[key] = options[key].strip()
    if "encoding" in values:
        values["encoding"] = values["encoding"].upper()
    if options.get("select_charset", "").strip():
        flag = options["select_charset"].strip().lower()
        if flag not in _TRUE + _FALSE:
            raise ValidationError("printer select_charset must be yes or no.",
                                  field="select_charset", rule="choice")
        values["select_charset"] = flag in _TRUE
    if options.get("timeout_s", "").strip():
        try:
            values["timeout_s"] = float(options["timeout_s"])
        except ValueError as exc:
            raise ValidationError("printer timeout_s must be a number.", field="timeout_s",
                                  rule="number") from exc
    return PrinterSettings(**values)
