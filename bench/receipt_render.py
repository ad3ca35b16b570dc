"""Receipt rendering: building the document and rendering it as ESC/POS bytes and as a PDF.

    .venv/bin/python bench/receipt_render.py [--runs 200]

Prints JSON. Target (issue 4): take_payment plus rendering p95 ≤ 50 ms; this measures the
rendering part only, for a typical receipt (three bills, one with a late fee, cash with
change): ``build`` (``receipt_document``: totals, masking, the capitals), ``escpos`` (80 mm,
GB18030, python-escpos Dummy), ``pdf_a5`` (reportlab, STSong-Light), and ``total`` (all
three in turn, as the cashier's print of a slip and an archived PDF would). ``first_call``
is one cold run in this process: imports of python-escpos, reportlab and cn2an, font
registration; a counter pays it once, at the first receipt after start-up.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from printing.escpos import PrinterSettings
from printing.pdf import receipt_pdf
from printing.receipt import (
    ReceiptData,
    ReceiptDocument,
    ReceiptItemData,
    TenderData,
    receipt_bytes,
    receipt_document,
)

TARGET_P95_MS = 50.0


def typical_receipt() -> ReceiptData:
    return ReceiptData(
        company="华北燃气热力有限公司", hall_name="第一营业厅", hall_address="中山东路128号",
        hall_phone="0311-12345678", receipt_no="SF240506-000123",
        issued_local=datetime(2024, 5, 6, 9, 31, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
        account_no="1001234567", customer_name="张三明",
        address="河北省石家庄市长安区中山东路一百二十八号幸福家园小区十二栋三单元1201室",
        items=(ReceiptItemData("2024-02", "燃气费", Decimal("186.40")),
               ReceiptItemData("2024-03", "燃气费", Decimal("148.10")),
               ReceiptItemData("2023—2024 采暖季", "采暖费", Decimal("900.00"),
                               Decimal("34.50"))),
        tenders=(TenderData("现金", Decimal("1300.00")),), cashier_name="王芳", window_number=3)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(values), 2), "p95": round(percentile(values, 0.95), 2),
            "max": round(max(values), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    data = typical_receipt()
    settings = PrinterSettings(kind="dummy", encoding="GB18030", paper_width_mm=80)

    def everything() -> None:
        doc = receipt_document(data)
        receipt_bytes(doc, settings)
        receipt_pdf(doc, page="A5")

    first_call = timed(everything)
    doc: ReceiptDocument = receipt_document(data)
    samples: dict[str, list[float]] = {"build": [], "escpos": [], "pdf_a5": [], "total": []}
    for _ in range(args.runs):
        samples["build"].append(timed(lambda: receipt_document(data)))
        samples["escpos"].append(timed(lambda: receipt_bytes(doc, settings)))
        samples["pdf_a5"].append(timed(lambda: receipt_pdf(doc, page="A5")))
        samples["total"].append(timed(everything))
    total_p95 = percentile(samples["total"], 0.95)
    result = {
        "benchmark": "receipt_render",
        "runs": args.runs,
        "ms": {name: summary(values) for name, values in samples.items()},
        "first_call_ms": round(first_call, 1),
        "sizes_bytes": {"escpos": len(receipt_bytes(doc, settings)),
                        "pdf_a5": len(receipt_pdf(doc, page="A5"))},
        "target": {"take_payment_plus_rendering_p95_ms": TARGET_P95_MS},
        "rendering_share_of_target": round(total_p95 / TARGET_P95_MS, 2),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
