"""Every string the UI shows has a finished Simplified Chinese translation, and the shipped
.qm is built from the committed .ts."""

from __future__ import annotations

import ast
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "halldesk_zh_CN.ts"
sys.path.insert(0, str(ROOT / "tools"))
import update_translations  # noqa: E402


def committed() -> dict[tuple[str, str], tuple[str | None, str | None]]:
    entries = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            entries[(name, message.findtext("source") or "")] = (
                translation.text,
                translation.get("type"),
            )
    return entries


def strings_in_code() -> set[tuple[str, str]]:
    """(context, source) of every self.tr("…") / _t("Ctx", "…") / translate("Ctx", "…")."""
    found: set[tuple[str, str]] = set()
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
                f = call.func
                if isinstance(f, ast.Attribute) and f.attr == "tr" and call.args:
                    arg = call.args[0]
                    assert isinstance(arg, ast.Constant), (
                        f"{path}:{call.lineno}: tr() needs a literal"
                    )
                    found.add((cls.name, arg.value))
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            f = call.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            if (
                name in {"_t", "translate"}
                and len(call.args) == 2
                and all(isinstance(a, ast.Constant) for a in call.args)
            ):
                found.add((call.args[0].value, call.args[1].value))  # type: ignore[attr-defined]
    return found


def test_every_ui_string_has_a_finished_chinese_translation() -> None:
    entries = committed()
    missing = sorted(key for key in strings_in_code() if key not in entries)
    assert not missing, f"not in the .ts (run tools/update_translations.py): {missing}"
    unfinished = sorted(k for k in strings_in_code() if not entries[k][0] or entries[k][1])
    assert not unfinished, f"untranslated: {unfinished}"


def test_ts_has_nothing_lupdate_would_add(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    update_translations.lupdate(fresh)
    stale = [k for k, (text, kind) in committed().items() if kind in {"vanished", "obsolete"}]
    assert not stale, f"strings no longer in the code: {stale}"
    before = set(committed())
    after = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(fresh).getroot().iter("context")
        for m in c.iter("message")
    }
    assert after == before


def test_shipped_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    update_translations.lrelease(TS, built)
    assert built.read_bytes() == TS.with_suffix(".qm").read_bytes()


def test_chinese_is_loaded_by_default(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui import i18n

    assert i18n.install("zh_CN")
    assert QCoreApplication.translate("LoginDialog", "&Password") == "密码(&P)"
    i18n.install("en")
    assert QCoreApplication.translate("LoginDialog", "&Password") == "&Password"
    i18n.install("zh_CN")


@pytest.mark.parametrize(
    "key",
    [
        "auth_failed",
        "account_locked",
        "db_unavailable",
        "db_auth_failed",
        "schema_outdated",
        "permission_denied",
    ],
)
def test_service_refusals_read_as_plain_chinese(qapp: object, key: str) -> None:
    from datetime import UTC, datetime

    from app import errors
    from ui import i18n
    from ui.messages import error_text

    i18n.install("zh_CN")
    cls = next(
        c for c in vars(errors).values() if isinstance(c, type) and getattr(c, "key", None) == key
    )
    err = cls(
        remaining=1,
        warn=True,
        until=datetime(2026, 1, 1, tzinfo=UTC),
        detail="x",
        user="app",
        current="0001",
        expected="0002",
        role="clerk",
        permission="p",
    )
    text = error_text(err)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text  # Chinese, not the English
    assert "Error" not in text and "Traceback" not in text
