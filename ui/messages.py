"""Typed service errors -> one plain sentence in the user's language."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.errors import HallDeskError


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def open_shifts_text(shifts: object) -> str:
    """Open shifts named as the manager's screen names them everywhere, from
    ``(full name, user name, window number)`` triples: 赵磊（zhaolei，3号窗口）；李娜（…）."""
    if not isinstance(shifts, list | tuple):
        return ""
    return _t("Messages", "; ").join(
        _t("Messages", "%1 (%2, window %3)").replace("%1", str(name)).replace(
            "%2", str(user)).replace("%3", str(window))
        for name, user, window in shifts)


def takeover_text(window_number: int, previous_name: str, ended_code: str = "") -> str:
    """Said after signing in at a window someone else was still signed in at."""
    if ended_code:
        text = _t("Messages", "Window %1 was in use by %2 and is now yours; their number %3 "
                              "was finished.")
    else:
        text = _t("Messages", "Window %1 was in use by %2 and is now yours.")
    return text.replace("%3", ended_code).replace("%2", previous_name).replace(
        "%1", str(window_number))


def local_time(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone().strftime("%H:%M")
    return str(value)


def validation_text(error: HallDeskError) -> str:
    rule = error.params.get("rule")
    field = (error.field or "").rpartition(".")[2]  # the server names a nested field by path
    if rule == "nul":  # refused by the server before the service saw it: same sentence
        rule = "control_character"
    texts = {
        ("username", "required"): _t("Messages", "Enter your user name."),
        ("password", "required"): _t("Messages", "Enter your password."),
        ("password", "too_short"): _t("Messages", "The password needs at least %1 characters."),
        ("password", "letters_digits"): _t("Messages", "The password must mix letters and digits."),
        ("password", "unchanged"): _t("Messages", "The new password must differ from the old one."),
        ("old_password", "wrong"): _t("Messages", "The current password is wrong."),
        ("query", "too_short"): _t("Messages", "Type at least two characters to search."),
        ("query", "too_long"): _t("Messages", "A search can have at most %1 characters: type "
                                              "part of it, e.g. the compound and building."),
        ("query", "control_character"): _t("Messages", "The search holds a character that "
                                                       "cannot be typed (it came with pasted "
                                                       "text): type the search again."),
        ("text", "control_character"): _t("Messages", "The search holds a character that "
                                                      "cannot be typed (it came with pasted "
                                                      "text): type the search again."),
        ("text", "too_long"): _t("Messages", "A search can have at most %1 characters: type "
                                             "part of it."),
        ("reason", "required"): _t("Messages", "Give a reason."),
        ("notice", "too_long"): _t("Messages", "The notice can have at most %1 characters."),
        ("username", "not_locked"): _t("Messages", "%2 is not locked out."),
        ("username", "username"): _t(
            "Messages",
            "A user name is 2 to 40 lower-case letters or digits, starting with a letter.",
        ),
        ("account_no", "digits"): _t("Messages", "Enter digits only."),
        ("account_no", "account_no"): _t("Messages", "An account number has 6 to 20 digits."),
        ("phone", "digits"): _t("Messages", "Enter digits only."),
        ("phone", "phone"): _t(
            "Messages",
            "A mobile number has 11 digits starting with 1; a landline needs its area code.",
        ),
        ("priority_reason", "required"): _t("Messages", "Choose why the ticket has priority."),
        ("amount", "required"): _t("Messages", "Enter an amount."),
        ("amount", "number"): _t("Messages", "Not an amount: write yuan with a decimal point, "
                                             "e.g. 1,234.50 (commas only between thousands)."),
        ("amount", "fen"): _t("Messages", "An amount has at most two decimals (fen)."),
        ("amount", "negative"): _t("Messages", "The amount cannot be negative."),
        ("amount", "too_large"): _t("Messages", "The amount is too large."),
        ("amount", "positive"): _t("Messages", "Each way of paying must pay more than nothing."),
        ("amount", "split"): _t("Messages", "The first way of paying must pay less than the "
                                            "amount due: the second pays the rest."),
        ("amount", "tender_total"): _t("Messages", "The ways of paying do not add up to the "
                                                   "amount due."),
        ("tendered", "required"): _t("Messages", "Enter the cash handed over."),
        ("tendered", "number"): _t("Messages", "Not an amount: write yuan with a decimal point, "
                                               "e.g. 1,234.50 (commas only between thousands)."),
        ("tendered", "fen"): _t("Messages", "An amount has at most two decimals (fen)."),
        ("tendered", "negative"): _t("Messages", "The amount cannot be negative."),
        ("tendered", "too_large"): _t("Messages", "The amount is too large."),
        ("tendered", "short"): _t("Messages", "Less cash handed over than this pays."),
        ("tendered", "no_change"): _t("Messages", "Only cash gives change."),
        ("reference", "required"): _t("Messages", "Enter the transaction number (POS slip or "
                                                  "the customer's phone)."),
        ("tenders", "required"): _t("Messages", "Choose how the customer pays."),
        ("accounts", "required"): _t("Messages", "Tick the accounts to collect."),
        ("accounts", "duplicate"): _t("Messages", "An account is named twice in one payment."),
        ("amount", "waiver_unpaid"): _t("Messages", "This amount does not reach account %1, "
                                                    "so its late fee waiver cannot be booked: "
                                                    "take more, or take the waiver off."),
        ("credit_to", "not_in_payment"): _t("Messages", "Prepaid credit can only go to an "
                                                        "account collected in this payment."),
        ("method", "method"): _t("Messages", "Choose how the customer pays."),
        ("float_amount", "required"): _t("Messages", "Enter the float counted into the drawer."),
        ("float_amount", "number"): _t("Messages", "Not an amount: write yuan with a decimal "
                                                   "point, e.g. 1,234.50 (commas only between "
                                                   "thousands)."),
        ("float_amount", "fen"): _t("Messages", "An amount has at most two decimals (fen)."),
        ("float_amount", "negative"): _t("Messages", "The amount cannot be negative."),
        ("float_amount", "too_large"): _t("Messages", "The amount is too large."),
        ("counted", "count"): _t("Messages", "Count notes and coins in whole numbers."),
        ("counted", "denomination"): _t("Messages", "Count notes and coins in whole numbers."),
        ("query", "receipt_query"): _t("Messages", "Scan the receipt's barcode, or type a "
                                                   "receipt number or an account number."),
        ("waiver", "required"): _t("Messages", "Enter the late fee to waive."),
        ("waiver", "number"): _t("Messages", "Not an amount: write yuan with a decimal point, "
                                             "e.g. 1,234.50 (commas only between thousands)."),
        ("waiver", "fen"): _t("Messages", "An amount has at most two decimals (fen)."),
        ("waiver", "negative"): _t("Messages", "The amount cannot be negative."),
        ("waiver", "too_large"): _t("Messages", "The amount is too large."),
        ("waiver", "range"): _t("Messages", "At most the late fee owed can be waived."),
        ("waivers", "bill"): _t("Messages", "A waiver is for a bill that is not being paid: "
                                            "tick that bill, or take the waiver off."),
        ("waivers", "duplicate"): _t("Messages", "One waiver per bill."),
    }
    text = texts.get((field or "", str(rule)))
    if text is None:  # the rules every written text and amount follows (app/text.py, money)
        text = {
            "control_character": _t("Messages", "The text holds a character that cannot be "
                                                "typed (it came with pasted text): type it "
                                                "again."),
            "too_long": _t("Messages", "This text can have at most %1 characters."),
            "too_large": _t("Messages", "The amount is too large."),
            "range": _t("Messages", "This number is too large."),
        }.get(str(rule))
    if text is None:
        return _t("Messages", "Please check the highlighted field.")
    return text.replace("%1", str(error.params.get("n", ""))).replace(
        "%2", str(error.params.get("username", "")))


def error_text(error: BaseException) -> str:
    """What the person at the counter reads: never an exception text."""
    if not isinstance(error, HallDeskError):
        return _t(
            "Messages",
            "Something went wrong and was not saved. Please try again; if it happens "
            "again, tell the administrator (details are in the log).",
        )
    p = error.params
    match error.key:
        case "validation":
            return validation_text(error)
        case "auth_failed":
            if p.get("warn"):
                return _t(
                    "Messages",
                    "Wrong user name or password. %1 more wrong attempt(s) will lock the "
                    "account for 15 minutes.",
                ).replace("%1", str(p.get("remaining")))
            return _t("Messages", "Wrong user name or password.")
        case "account_locked":
            return _t(
                "Messages",
                "Too many wrong passwords: the account is locked until %1. A hall manager "
                "can unlock it earlier.",
            ).replace("%1", local_time(p.get("until")))
        case "wrong_hall":
            return _t("Messages", "%1 does not belong to %2 and cannot sign in here.").replace(
                "%1", str(p.get("username"))).replace("%2", str(p.get("hall")))
        case "printer_unavailable":
            return _t("Messages", "The printer does not answer: check its power, paper and "
                                  "cable. Nothing was lost; print again when it is ready.")
        case "queue_refused":
            return queue_refusal_text(error)
        case "cashier_refused":
            return cashier_refusal_text(error)
        case "shift_not_open":
            return _t("Messages", "No shift is open: open a shift (with the float in the "
                                  "drawer) before taking money.")
        case "day_closed":
            return _t("Messages", "The business day %1 is closed at this hall: nothing more "
                                  "can be paid in it.").replace("%1", str(p.get("day", "")))
        case "approval_required":
            if p.get("n"):
                return _t("Messages", "The count differs from the expected cash by more than "
                                      "¥%1: count again, or a hall manager approves the "
                                      "difference.").replace("%1", str(p.get("n")))
            return _t("Messages", "A hall manager must approve this with their own user name "
                                  "and password.")
        case "idempotency_conflict":
            return _t("Messages", "This payment was already taken as receipt %1, with other "
                                  "amounts. Check that receipt before taking money again."
                      ).replace("%1", str(p.get("receipt_no", "")))
        case "account_disabled":
            return _t("Messages", "This account is disabled. Ask the administrator.")
        case "self_approval":
            return _t("Messages", "You cannot approve what you do yourself: another hall "
                                  "manager approves it with their own user name and "
                                  "password.")
        case "db_busy":
            return _t("Messages", "Another counter is still busy with the same records (for "
                                  "example a payment whose connection dropped). Nothing was "
                                  "saved: try again in a few seconds.")
        case "permission_denied":
            return _t("Messages", "Your role may not do this.")
        case "not_found":
            what = p.get("what")
            if what == "hall":
                return _t("Messages", "Hall %1 is not set up in the database.").replace(
                    "%1", str(p.get("code", ""))
                )
            if what == "window":
                return _t("Messages", "Window %1 is not set up for this hall.").replace(
                    "%1", str(p.get("number", ""))
                )
            return _t("Messages", "Not found.")
        case "conflict":
            return _t("Messages", "This already exists.")
        case "db_unavailable":
            return _t(
                "Messages",
                "The database cannot be reached. Retrying automatically; what you typed is kept.",
            )
        case "internal" | "error" | "http":  # the server failed (its log says why), unsaved
            return _t("Messages", "The server could not do this and saved nothing of it. Try "
                                  "again; if it happens again, tell the administrator (the "
                                  "server's log says why).")
        case "server_unavailable":
            return _t("Messages", "The HallDesk server cannot be reached. Retrying "
                                  "automatically; what you typed is kept.")
        case "not_signed_in":
            return _t("Messages", "You are not signed in at the server: sign in again.")
        case "session_ended":
            return _t("Messages", "Your session has ended (signed out, or your account was "
                                  "changed by a manager): sign in again.")
        case "session_expired":
            return _t("Messages", "Your session has expired after 12 hours: sign in again.")
        case "session_locked":
            return _t("Messages", "The screen is locked: unlock it with your password.")
        case "device_refused":
            return device_refusal_text(error)
        case "db_auth_failed":
            return _t(
                "Messages",
                "The database refused the password for user %1. Enter the right database "
                "password, or ask the administrator.",
            ).replace("%1", str(p.get("user")))
        case "schema_outdated":
            return (
                _t(
                    "Messages",
                    "The database has schema version %1, this program needs %2. An "
                    "administrator must run 'halldesk migrate'.",
                )
                .replace("%1", str(p.get("current")))
                .replace("%2", str(p.get("expected")))
            )
        case "config":
            return _t("Messages", "The settings are not valid: %1").replace(
                "%1", str(p.get("detail"))
            )
    return str(error)


def role_name(role: str) -> str:
    return {
        "clerk": _t("Messages", "Clerk"),
        "cashier": _t("Messages", "Cashier"),
        "hall_manager": _t("Messages", "Hall manager"),
        "admin": _t("Messages", "Administrator"),
        "system": _t("Messages", "System"),
    }.get(role, role)


def account_kind_name(kind: str) -> str:
    names = {
        "gas": _t("Messages", "Gas"),
        "heating": _t("Messages", "Heating"),
    }
    return names.get(kind, kind)


def tariff_class_name(tariff_class: str) -> str:
    names = {
        "residential": _t("Messages", "Residential"),
        "non_residential": _t("Messages", "Non-residential"),
        "low_income": _t("Messages", "Low-income relief"),
    }
    return names.get(tariff_class, tariff_class)


def account_status_name(status: str) -> str:
    names = {
        "active": _t("Messages", "Active"),
        "suspended": _t("Messages", "Suspended"),
        "closed": _t("Messages", "Closed"),
    }
    return names.get(status, status)


def device_refusal_text(error: HallDeskError) -> str:
    """A kiosk or display the server did not let in, and what to do about it."""
    p = error.params
    texts = {
        "wrong_code": _t("Messages", "Wrong code: %1 more wrong attempt(s) and the code is "
                                     "void.").replace("%1", str(p.get("remaining", ""))),
        "expired": _t("Messages", "The code has expired (it lasts 15 minutes): ask a manager "
                                  "for a new code."),
        "void": _t("Messages", "The code is void after five wrong attempts: ask a manager for "
                               "a new code."),
        "used": _t("Messages", "This device is enrolled already: ask a manager to register it "
                               "again if it needs a new code."),
        "revoked": _t("Messages", "This device was revoked: ask a manager to register it "
                                  "again."),
        "unknown": _t("Messages", "The server does not know this device: check its number, or "
                                  "ask a manager to register it."),
        "hall_closed": _t("Messages", "This device's hall is closed: ask the administrator."),
    }
    return texts.get(str(p.get("rule")), _t("Messages", "The server did not let this device "
                                                        "in: ask a manager."))


def queue_refusal_text(error: HallDeskError) -> str:
    p = error.params
    rule = p.get("rule")
    code = str(p.get("code", ""))
    texts = {
        "closed": _t("Messages", "%1 is closed now (open %2–%3).").replace(
            "%1", str(p.get("name", ""))).replace("%2", str(p.get("opens", ""))).replace(
            "%3", str(p.get("closes", ""))),
        "daily_cap": _t("Messages", "Today's numbers for %1 are all given out.").replace(
            "%1", str(p.get("name", ""))),
        "paused": _t("Messages", "This window is paused: resume it first."),
        "no_window": _t("Messages", "Sign in at a window to call numbers."),
        "no_hall": _t("Messages", "Sign in at a hall to use its queue."),
        "not_waiting": _t("Messages", "%1 is not waiting.").replace("%1", code),
        "not_called": _t("Messages", "%1 is not called at this window.").replace("%1", code),
        "not_no_show": _t("Messages", "%1 is not a no-show.").replace("%1", code),
        "grace_expired": _t("Messages", "%1 missed its turn too long ago: take a new number.")
        .replace("%1", code),
        "window_not_serving": _t("Messages", "Window %1 does not serve this service.").replace(
            "%1", str(p.get("number", ""))),
    }
    return texts.get(str(rule), _t("Messages", "The queue refused this."))


def cashier_refusal_text(error: HallDeskError) -> str:
    p = error.params
    receipt = str(p.get("receipt_no", ""))
    texts = {
        "no_hall": _t("Messages", "Sign in at a hall to take payments."),
        "no_window": _t("Messages", "Sign in at a window to open a shift."),
        "other_window": _t("Messages", "Your open shift is at another window: close it there "
                                       "first."),
        "stale_shift": _t("Messages", "Your shift of %1 is still open: close it and open a "
                                      "new one for today.").replace("%1", str(p.get("day", ""))),
        "shift_open": _t("Messages", "You already have an open shift."),
        "window_busy": _t("Messages", "Another cashier's shift is open at this window."),
        "other_customer": _t("Messages", "One payment collects the accounts of one customer "
                                         "only: take the other customer's separately."),
        "bill_paid": _t("Messages", "Bill %1 has been paid meanwhile: the bills are reloaded."
                        ).replace("%1", str(p.get("bill_no", ""))),
        "credit_used": _t("Messages", "The prepaid credit this payment left has been used "
                                      "since: it cannot be taken back."),
        "refund": _t("Messages", "A refund is not voided: take a new payment instead."),
        "already_voided": _t("Messages", "Receipt %1 is void already.").replace("%1", receipt),
        "other_shift": _t("Messages", "Receipt %1 is not of your open shift: it can only be "
                                      "refunded.").replace("%1", receipt),
        "refund_of_refund": _t("Messages", "A refund is not refunded."),
        "nothing_to_refund": _t("Messages", "Receipt %1 took no money (prepaid credit paid "
                                            "its bills): there is nothing to refund."
                                ).replace("%1", receipt),
        "credit_closed": _t("Messages", "Account %1 is closed and takes no prepaid credit: "
                                        "collect only what is owed, or put the rest on an "
                                        "open account.").replace(
            "%1", str(p.get("account_no", ""))),
        "already_refunded": _t("Messages", "Receipt %1 is refunded already.").replace(
            "%1", receipt),
        "void_instead": _t("Messages", "The shift of receipt %1 is still open: its cashier "
                                       "voids it instead.").replace("%1", receipt),
        "report_changed": _t("Messages", "The day's figures changed after they were read "
                                         "back (payments or a shift meanwhile): read them "
                                         "again before closing."),
        "open_shifts": _t("Messages", "Shifts still open: %1.").replace(
            "%1", open_shifts_text(p.get("open")) or str(p.get("shifts", ""))),
    }
    return texts.get(str(p.get("rule")), _t("Messages", "The cashier's desk refused this."))
