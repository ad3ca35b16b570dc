"""One translated sentence per kind of audit entry, as a hall manager reads it.

The service returns what happened (``AuditItem``: kind, names, numbers, details); the words
are here: amounts as ¥, notes and coins as 100元×3, approvers and colleagues by name, times
on the hall's clock. A kind this module does not know yet is told in a generic sentence with
its details labelled, never as a raw dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from app.billing.money import format_money
from app.services.audit_view import AuditItem
from ui.messages import account_kind_name, role_name, tariff_class_name


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _fill(template: str, *values: object) -> str:
    """%1…%9 replaced in one pass, so a value containing "%2" is left as it is."""
    out: list[str] = []
    i = 0
    while i < len(template):
        if template[i] == "%" and i + 1 < len(template) and template[i + 1].isdigit() \
                and template[i + 1] != "0" and int(template[i + 1]) <= len(values):
            out.append(str(values[int(template[i + 1]) - 1]))
            i += 2
        else:
            out.append(template[i])
            i += 1
    return "".join(out)


def group_name(group: str) -> str:
    return {
        "payments": _t("AuditText", "Payments, voids, refunds, reprints"),
        "shifts": _t("AuditText", "Shifts and day close"),
        "billing": _t("AuditText", "Billing and tariffs"),
        "queue": _t("AuditText", "Queue"),
        "sign_in": _t("AuditText", "Sign-in and sign-out"),
        "security": _t("AuditText", "Wrong passwords and locked accounts"),
        "administration": _t("AuditText", "Staff, halls and settings"),
    }.get(group, group)


def kind_name(action: str) -> str:
    """A short name for the kind filter."""
    return {
        "payment.taken": _t("AuditText", "Payment taken"),
        "payment.voided": _t("AuditText", "Receipt voided"),
        "payment.refunded": _t("AuditText", "Payment refunded"),
        "payment.reprinted": _t("AuditText", "Receipt reprinted"),
        "cashier.shift_opened": _t("AuditText", "Shift opened"),
        "cashier.count_refused": _t("AuditText", "Shift count refused"),
        "cashier.shift_closed": _t("AuditText", "Shift closed"),
        "cashier.day_closed": _t("AuditText", "Day closed"),
        "billing.run": _t("AuditText", "Billing run"),
        "billing.gas_tariff_set": _t("AuditText", "Gas tariff published"),
        "billing.heating_tariff_set": _t("AuditText", "Heating tariff published"),
        "billing.late_fee_policy_set": _t("AuditText", "Late fee terms published"),
        "billing.reading_recorded": _t("AuditText", "Meter reading recorded"),
        "queue.called_out_of_order": _t("AuditText", "Called out of turn"),
        "queue.transferred": _t("AuditText", "Number transferred"),
        "queue.window_paused": _t("AuditText", "Window paused"),
        "queue.window_resumed": _t("AuditText", "Window resumed"),
        "queue.ended_at_sign_out": _t("AuditText", "Number finished at sign-out"),
        "queue.window_taken_over": _t("AuditText", "Window taken over"),
        "queue.display_notice": _t("AuditText", "Display notice changed"),
        "queue.service_created": _t("AuditText", "Queue service added"),
        "login": _t("AuditText", "Signed in"),
        "logout": _t("AuditText", "Signed out"),
        "logout.closed": _t("AuditText", "Program closed"),
        "screen.unlocked": _t("AuditText", "Screen unlocked"),
        "login.failed": _t("AuditText", "Wrong password at sign-in"),
        "login.unknown_user": _t("AuditText", "Unknown user name at sign-in"),
        "unlock.failed": _t("AuditText", "Wrong password at the screen lock"),
        "approval.failed": _t("AuditText", "Wrong password for an approval"),
        "approval.unknown_user": _t("AuditText", "Unknown user name for an approval"),
        "staff.locked": _t("AuditText", "Account locked"),
        "staff.unlocked": _t("AuditText", "Account unlocked"),
        "password.changed": _t("AuditText", "Password changed"),
        "password.change_failed": _t("AuditText", "Wrong current password at a password change"),
        "staff.created": _t("AuditText", "Staff member added"),
        "staff.enabled": _t("AuditText", "Staff member enabled"),
        "staff.disabled": _t("AuditText", "Staff member disabled"),
        "hall.created": _t("AuditText", "Hall added"),
        "deployment.setting_changed": _t("AuditText", "Setting changed"),
        "demo.loaded": _t("AuditText", "Demo data loaded"),
        "device.registered": _t("AuditText", "Device registered"),
        "device.code_renewed": _t("AuditText", "Device code renewed"),
        "device.enrolled": _t("AuditText", "Device enrolled"),
        "device.code_voided": _t("AuditText", "Device code void"),
        "device.revoked": _t("AuditText", "Device revoked"),
    }.get(action, action)


def person(name: str, username: str) -> str:
    """赵磊（zhaolei）: the name people know, and the user name the trail keeps."""
    if not name:
        return username
    if not username or username == name:
        return name
    return _fill(_t("AuditText", "%1 (%2)"), name, username)


def actor_text(item: AuditItem) -> str:
    if item.actor_name:
        return person(item.actor_name, item.actor_username)
    who = item.actor_username
    if who.startswith("cli:"):
        return _fill(_t("AuditText", "Admin command (%1)"), who[4:])
    if who.startswith("unknown:"):
        return _fill(_t("AuditText", "Unknown user name “%1”"), who[8:])
    if who == "demo":
        return _t("AuditText", "Demo data loader")
    return who


def where_text(item: AuditItem, *, with_hall: bool) -> str:
    window = (_fill(_t("AuditText", "Window %1"), item.window_number)
              if item.window_number is not None else "")
    if not with_hall:
        return window
    hall = item.hall_name or _t("AuditText", "No hall")
    return f"{hall} {window}".strip()


def money(value: object) -> str:
    try:
        return format_money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _share(value: object) -> str:
    """0.005 -> 0.5%"""
    try:
        percent = (Decimal(str(value)) * 100).normalize()
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{percent:f}%"


def denomination(value: str) -> str:
    """100 -> 100元, 0.5 -> 5角, 0.02 -> 2分"""
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    if amount >= 1:
        return _fill(_t("AuditText", "%1 yuan"), f"{amount.normalize():f}")
    if amount >= Decimal("0.1"):
        return _fill(_t("AuditText", "%1 jiao"), f"{(amount * 10).normalize():f}")
    return _fill(_t("AuditText", "%1 fen"), f"{(amount * 100).normalize():f}")


def counts_text(counts: object) -> str:
    if not isinstance(counts, Mapping):
        return plain(counts)

    def order(key: object) -> Decimal:
        try:
            return -Decimal(str(key))
        except (InvalidOperation, ValueError):
            return Decimal(0)

    return _t("AuditText", ", ").join(f"{denomination(str(k))}×{counts[k]}"
                                      for k in sorted(counts, key=order))


def method_name(method: str) -> str:
    return {"cash": _t("AuditText", "cash"), "card": _t("AuditText", "bank card"),
            "wechat": _t("AuditText", "WeChat Pay"), "alipay": _t("AuditText", "Alipay")
            }.get(method, method)


def local_time(value: object, zone: str) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        return str(value)
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def plain(value: object) -> str:
    """Any value without brackets or braces: lists joined, mappings as key value pairs."""
    if isinstance(value, Mapping):
        return _t("AuditText", ", ").join(f"{k} {plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return _t("AuditText", ", ").join(plain(v) for v in value)
    if value is None or value == "":
        return "—"
    return str(value)


_AMOUNTS = frozenset({"amount", "total", "counted", "expected", "difference", "float",
                      "credit_change", "credit_applied"})


def _detail(item: AuditItem, key: str, value: object) -> str:
    if key in _AMOUNTS:
        return money(value)
    if key == "approved_by":
        return _name(item, value)
    return plain(value)


def entity_name(entity_type: str) -> str:
    return {
        "payment": _t("AuditText", "receipt"),
        "account": _t("AuditText", "account"),
        "staff": _t("AuditText", "staff member"),
        "hall": _t("AuditText", "hall"),
        "window": _t("AuditText", "window"),
        "ticket": _t("AuditText", "number"),
        "shift": _t("AuditText", "shift"),
        "billing_run": _t("AuditText", "billing run"),
        "customer": _t("AuditText", "customer"),
        "device": _t("AuditText", "device"),
    }.get(entity_type, entity_type)


def detail_label(key: str) -> str:
    """The labels of a detail an unknown kind of entry carries (the known ones have theirs)."""
    return {
        "receipt_no": _t("AuditText", "receipt"),
        "account_no": _t("AuditText", "account"),
        "amount": _t("AuditText", "amount"),
        "total": _t("AuditText", "total"),
        "approved_by": _t("AuditText", "approved by"),
        "code": _t("AuditText", "number"),
        "business_day": _t("AuditText", "business day"),
    }.get(key, key)


def _name(item: AuditItem, username: object) -> str:
    text = str(username or "")
    return person(item.names.get(text, ""), text)


def _subject_person(item: AuditItem) -> str:
    return person(item.subject_name, item.subject)


def sentence(item: AuditItem) -> str:
    """What happened, in one sentence of the current language."""
    d: Mapping[str, Any] = item.details
    action = item.action
    render = _SENTENCES.get(action)
    if render is None:
        text = _fill(_t("AuditText", "Entry “%1” about %2 %3"), action,
                     entity_name(item.entity_type), item.subject)
        if d:
            text += _fill(_t("AuditText", ": %1"), _t("AuditText", "; ").join(
                f"{detail_label(k)} {_detail(item, k, v)}" for k, v in d.items()))
        return text
    text = render(item, d)
    approver = d.get("approved_by")
    if approver and action != "payment.taken":
        text += _fill(_t("AuditText", "; approved by %1"), _name(item, approver))
    return text


def _payment_taken(item: AuditItem, d: Mapping[str, Any]) -> str:
    methods = _t("AuditText", ", ").join(method_name(str(m))
                                         for m in d.get("methods", []))
    text = _fill(_t("AuditText", "Took %1 by %2 for account %3, receipt %4"),
                 money(d.get("amount", "")), methods, d.get("account_no", ""),
                 d.get("receipt_no", item.subject))
    credit = Decimal(str(d.get("credit_change") or "0"))
    if credit > 0:
        text += _fill(_t("AuditText", "; %1 kept as prepaid credit"), money(credit))
    elif credit < 0:
        text += _fill(_t("AuditText", "; %1 of prepaid credit used"), money(-credit))
    waived = d.get("waived") or {}
    if isinstance(waived, Mapping):
        for bill, value in waived.items():
            amount, reason = [*list(value), "", ""][:2] if isinstance(
                value, (list, tuple)) else (value, "")
            text += _fill(_t("AuditText", "; late fee of bill %1 waived: %2 (%3)"),
                          bill, money(amount), reason)
    if d.get("approved_by"):
        text += _fill(_t("AuditText", "; approved by %1"), _name(item, d["approved_by"]))
    return text


def _payment_voided(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Voided receipt %1 of %2"),
                 d.get("receipt_no", item.subject), money(d.get("amount", "")))


def _payment_refunded(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Refunded receipt %1 of %2 with refund voucher %3"),
                 d.get("receipt_no", item.subject), money(d.get("amount", "")),
                 d.get("refund_receipt_no", ""))


def _payment_reprinted(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Printed receipt %1 again (copy %2)"),
                 d.get("receipt_no", item.subject), d.get("copy_no", ""))


def _cashier_shift_opened(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Opened a shift for business day %1 with a float "
                                 "of %2"),
                 d.get("business_day", ""), money(d.get("float", "")))


def _cashier_count_refused(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Counted %1 at the shift close: the difference "
                                 "needs a hall manager's approval, the shift stays "
                                 "open"), money(d.get("counted", "")))


def _cashier_shift_closed(item: AuditItem, d: Mapping[str, Any]) -> str:
    text = _fill(_t("AuditText", "Closed the shift: counted %1, expected %2, "
                                 "difference %3"),
                 money(d.get("counted", "")), money(d.get("expected", "")),
                 money(d.get("difference", "")))
    if d.get("counts"):
        text += _fill(_t("AuditText", " (%1)"), counts_text(d["counts"]))
    return text


def _cashier_day_closed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Closed business day %1: %2 payments, %3 refunds, "
                                 "%4 voids, total %5"),
                 d.get("business_day", ""), d.get("payments", ""),
                 d.get("refunds", ""), d.get("voids", ""), money(d.get("total", "")))


def _billing_run(item: AuditItem, d: Mapping[str, Any]) -> str:
    skipped = d.get("skipped", 0)
    if isinstance(skipped, Mapping):
        skipped = sum(int(v) for v in skipped.values())
    return _fill(_t("AuditText", "Billed %1 %2 (due %3): %4 new bills of %5, %6 "
                                 "billed before, %7 skipped; prepaid credit used %8"),
                 account_kind_name(str(d.get("kind", ""))), d.get("period", ""),
                 d.get("due_on", ""), d.get("created", ""), money(d.get("amount", "")),
                 d.get("existed", ""), skipped, money(d.get("credit_applied", "0")))


def _billing_gas_tariff_set(item: AuditItem, d: Mapping[str, Any]) -> str:
    prices = " / ".join(money(p) for p in d.get("prices", []))
    return _fill(_t("AuditText", "Published the gas tariff for %1 from %2: %3 per "
                                 "m³ by tier"),
                 tariff_class_name(str(d.get("tariff_class", ""))),
                 d.get("effective_from", ""), prices)


def _billing_heating_tariff_set(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Published the heating tariff for %1 from %2: %3 "
                                 "per m²"),
                 tariff_class_name(str(d.get("tariff_class", ""))),
                 d.get("effective_from", ""), money(d.get("unit_price", "")))


def _billing_late_fee_policy_set(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Published late fee terms for %1 (%2) from %3: %4 "
                                 "a day, at most %5 of the bill"),
                 account_kind_name(str(d.get("kind", ""))),
                 tariff_class_name(str(d.get("tariff_class", ""))),
                 d.get("effective_from", ""), _share(d.get("daily_rate", "")),
                 _share(d.get("cap_share", "")))


def _billing_reading_recorded(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Recorded meter reading %1 of account %2 on %3 "
                                 "(%4 m³ used)"),
                 d.get("reading", ""), item.subject, d.get("read_on", ""),
                 d.get("volume", ""))


def _queue_called_out_of_order(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Called %1 out of turn"), d.get("code", item.subject))


def _queue_transferred(item: AuditItem, d: Mapping[str, Any]) -> str:
    service = d.get("service", "")
    if d.get("window"):
        return _fill(_t("AuditText", "Transferred %1 to %2 at window %3"),
                     d.get("code", item.subject), service, d["window"])
    return _fill(_t("AuditText", "Transferred %1 to %2"), d.get("code", item.subject),
                 service)


def _queue_window_paused(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Paused calling at window %1"),
                 item.window_number or item.subject)


def _queue_window_resumed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Resumed calling at window %1"),
                 item.window_number or item.subject)


def _queue_ended_at_sign_out(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Signing out at window %1 finished %2"),
                 d.get("window") or item.window_number or "", d.get("code", item.subject))


def _queue_window_taken_over(item: AuditItem, d: Mapping[str, Any]) -> str:
    window = d.get("window") or item.window_number or ""
    if d.get("code"):
        return _fill(_t("AuditText", "Took window %1 over from %2 and finished %3 they were "
                                     "serving"), window, _name(item, d.get("username")),
                     d["code"])
    return _fill(_t("AuditText", "Took window %1 over from %2"), window,
                 _name(item, d.get("username")))


def _queue_display_notice(item: AuditItem, d: Mapping[str, Any]) -> str:
    if not d.get("new"):
        return _t("AuditText", "Cleared the hall display's notice")
    return _fill(_t("AuditText", "Set the hall display's notice to “%1”"), d["new"])


def _queue_service_created(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Added the queue service %1 %2 at windows %3"),
                 d.get("prefix", ""), d.get("name", ""), plain(d.get("windows", [])))


def _login(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _t("AuditText", "Signed in")


def _logout(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _t("AuditText", "Signed out")


def _logout_closed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _t("AuditText", "Signed out by closing the program")


def _screen_unlocked(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _t("AuditText", "Unlocked the screen")


def _login_failed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Wrong password at sign-in (%1 in a row)"),
                 d.get("failed_logins", ""))


def _unlock_failed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Wrong password at the screen lock (%1 in a row)"),
                 d.get("failed_logins", ""))


def _approval_failed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Wrong password for a hall manager's approval (%1 "
                                 "in a row)"), d.get("failed_logins", ""))


def _password_change_failed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Wrong current password when changing the password (%1 "
                                 "in a row)"), d.get("failed_logins", ""))


def _login_unknown_user(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _t("AuditText", "Sign-in with a user name that does not exist")


def _approval_unknown_user(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _t("AuditText", "Approval with a user name that does not exist")


def _staff_locked(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Account of %1 locked after %2 wrong passwords, "
                                 "until %3"),
                 _subject_person(item), d.get("failed_logins", ""),
                 local_time(d.get("until", ""), item.zone))


def _staff_unlocked(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Unlocked the account of %1"), _subject_person(item))


def _password_changed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Changed the password of %1"), _subject_person(item))


def _staff_created(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Added %1 as %2"), _subject_person(item),
                 role_name(str(d.get("role", ""))))


def _staff_disabled(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Disabled the account of %1"), _subject_person(item))


def _staff_enabled(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Enabled the account of %1 again"),
                 _subject_person(item))


def _hall_created(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Added the hall %1 %2 with %3 windows"),
                 d.get("code", ""), d.get("name", ""), d.get("windows", ""))


def _deployment_setting_changed(item: AuditItem, d: Mapping[str, Any]) -> str:
    setting = {"company_name": _t("AuditText", "company name"),
               "shift_difference_threshold":
                   _t("AuditText", "shift difference threshold")}.get(
        item.entity_id, item.entity_id)
    return _fill(_t("AuditText", "Changed the %1 from “%2” to “%3”"), setting,
                 d.get("before", ""), d.get("after", ""))


def _demo_loaded(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Loaded demo data: %1 customers, %2 accounts"),
                 d.get("customers", ""), d.get("accounts", ""))


def device_kind(role: str) -> str:
    return {"kiosk": _t("AuditText", "kiosk"),
            "display": _t("AuditText", "hall display")}.get(role, _t("AuditText", "device"))


def _device_registered(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Registered the %1 “%2”; its one-time code was shown"),
                 device_kind(str(d.get("role", ""))), d.get("name", ""))


def _device_code_renewed(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Gave the %1 “%2” a new one-time code"),
                 device_kind(str(d.get("role", ""))), d.get("name", ""))


def _device_enrolled(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "The %1 “%2” was enrolled with its one-time code"),
                 device_kind(str(d.get("role", ""))), d.get("name", ""))


def _device_code_voided(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "The one-time code of the device “%1” is void after %2 "
                                 "wrong tries"), d.get("name", ""), d.get("attempts", ""))


def _device_revoked(item: AuditItem, d: Mapping[str, Any]) -> str:
    return _fill(_t("AuditText", "Revoked the %1 “%2”"),
                 device_kind(str(d.get("role", ""))), d.get("name", ""))


_SENTENCES: dict[str, Callable[[AuditItem, Mapping[str, Any]], str]] = {
    "payment.taken": _payment_taken,
    "payment.voided": _payment_voided,
    "payment.refunded": _payment_refunded,
    "payment.reprinted": _payment_reprinted,
    "cashier.shift_opened": _cashier_shift_opened,
    "cashier.count_refused": _cashier_count_refused,
    "cashier.shift_closed": _cashier_shift_closed,
    "cashier.day_closed": _cashier_day_closed,
    "billing.run": _billing_run,
    "billing.gas_tariff_set": _billing_gas_tariff_set,
    "billing.heating_tariff_set": _billing_heating_tariff_set,
    "billing.late_fee_policy_set": _billing_late_fee_policy_set,
    "billing.reading_recorded": _billing_reading_recorded,
    "queue.called_out_of_order": _queue_called_out_of_order,
    "queue.transferred": _queue_transferred,
    "queue.window_paused": _queue_window_paused,
    "queue.window_resumed": _queue_window_resumed,
    "queue.ended_at_sign_out": _queue_ended_at_sign_out,
    "queue.window_taken_over": _queue_window_taken_over,
    "queue.display_notice": _queue_display_notice,
    "queue.service_created": _queue_service_created,
    "login": _login,
    "logout": _logout,
    "logout.closed": _logout_closed,
    "screen.unlocked": _screen_unlocked,
    "login.failed": _login_failed,
    "unlock.failed": _unlock_failed,
    "approval.failed": _approval_failed,
    "login.unknown_user": _login_unknown_user,
    "approval.unknown_user": _approval_unknown_user,
    "staff.locked": _staff_locked,
    "staff.unlocked": _staff_unlocked,
    "password.changed": _password_changed,
    "password.change_failed": _password_change_failed,
    "staff.created": _staff_created,
    "staff.disabled": _staff_disabled,
    "staff.enabled": _staff_enabled,
    "hall.created": _hall_created,
    "deployment.setting_changed": _deployment_setting_changed,
    "demo.loaded": _demo_loaded,
    "device.registered": _device_registered,
    "device.code_renewed": _device_code_renewed,
    "device.enrolled": _device_enrolled,
    "device.code_voided": _device_code_voided,
    "device.revoked": _device_revoked,
}
