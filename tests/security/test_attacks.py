"""HallDesk's server tried as an attacker would, with nothing but a valid session of a clerk,
a cashier or a hall manager of H01 (H02 exists) and a real server on loopback, on SQLite and
PostgreSQL (issue 10, acceptance 1). Every attempt must get a typed refusal — its key and
HTTP status — and never a 500; no answer may carry a password hash or an ID number."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.api.registry import REGISTRY, UseCase
from app.models import AuditEntry, Staff
from app.services import staff as staff_service
from app.services.context import Actor
from tests.api.conftest import Client
from tests.conftest import PASSWORD
from tests.security.conftest import ID_NUMBER, World

ARGON2 = "$argon2"


def refusal(answer: httpx.Response, status: int, key: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"key", "message", "field", "params"}, body
    assert body["key"] == key, body
    return dict(body)


def typed(answer: httpx.Response) -> None:
    """An answer or a typed refusal, never a crash, never a secret."""
    assert answer.status_code < 500 or answer.json()["key"] in {"db_busy"}, answer.text
    if answer.status_code >= 400:
        assert set(answer.json()) == {"key", "message", "field", "params"}, answer.text
    assert ARGON2 not in answer.text
    assert ID_NUMBER not in answer.text


def samples(w: World) -> dict[str, dict[str, Any]]:
    """A well-formed request of every registered use case, aimed at the data of H01."""
    today = datetime.now(UTC).date().isoformat()
    approver = {"approver_username": w.h1.users["hall_manager"], "approver_password": PASSWORD}
    return {
        "search_customers": {"query": "张三明"},
        "customer_card": {"customer_id": w.customer},
        "queue_status": {},
        "list_services": {},
        "window_service_ids": {},
        "my_window": {},
        "call_next": {},
        "call_ticket": {"code": "A001", "reason": "顾客回来了"},
        "recall": {"ticket_id": w.ticket_h1},
        "finish": {"ticket_id": w.ticket_h1},
        "mark_no_show": {"ticket_id": w.ticket_h1},
        "requeue_code": {"code": "A001"},
        "transfer": {"ticket_id": w.ticket_h1, "window_number": 3, "reason": "转收费"},
        "pause_window": {"reason": "休息"},
        "resume_window": {},
        "issue_ticket": {"service_id": w.service_h1},
        "mark_printed": {"ticket_id": w.ticket_h1, "printed": True},
        "set_display_notice": {"notice": "今日系统维护"},
        "open_bills": {"account_id": w.account},
        "customer_due": {"customer_id": w.customer},
        "open_shift": {"float_amount": "100.00"},
        "take_payment": {"account_id": w.account, "idempotency_key": uuid.uuid4().hex,
                         "amount": "1.00", "tenders": [{"method": "cash", "amount": "1.00"}]},
        "take_payments": {"parts": [{"account_id": w.account}],
                          "idempotency_key": uuid.uuid4().hex, "amount": "1.00",
                          "tenders": [{"method": "cash", "amount": "1.00"}]},
        "void_payment": {"payment_id": w.payment_h1, "reason": "收错了", **approver},
        "refund_payment": {"payment_id": w.payment_h1, "reason": "退费",
                           "idempotency_key": uuid.uuid4().hex, **approver},
        "reprint_receipt": {"payment_id": w.payment_h1, "reason": "卡纸"},
        "record_print_result": {"job_id": 1, "printed": True},
        "receipt_data": {"payment_id": w.payment_h1},
        "find_receipts": {"query": "", "day": today},
        "shift_report": {},
        "latest_shift": {},
        "close_shift": {"counted_by_denomination": {"100": 1}},
        "daily_report": {"day": today},
        "day_report_for_print": {"day": today},
        "close_day": {"day": today},
        "list_runs": {},
        "run_billing": {"kind": "heating", "period": "2026-2027", "due_on": "2026-12-31"},
        "list_staff": {},
        "create_user": {"username": f"mallory{uuid.uuid4().hex[:6]}", "full_name": "马洛里",
                        "role": "admin", "password": "mallory-pass-1"},
        "set_active": {"username": w.h1.users["clerk"], "active": True, "reason": "测试"},
        "unlock_staff": {"username": w.h1.users["clerk"], "reason": "测试解锁"},
        "change_password": {"old": "wrong-old-pass", "new": "new-pass-1234"},
        "search": {"query": {"text": ""}},
        "choices": {},
        "verify": {},
        "settings": {},
        "set_company_name": {"name": "某某燃气"},
        "set_difference_threshold": {"amount": "50.00"},
        "register_device": {"hall_code": "H02", "role": "kiosk", "name": "H02 取号机"},
        "new_enrolment_code": {"device_id": 1},
        "list_devices": {},
        "revoke_device": {"device_id": 1, "reason": "丢失"},
    }


def call(client: Client, case: UseCase, body: dict[str, Any]) -> httpx.Response:
    return client.call(f"{case.area}/{case.operation}", body)


def test_every_use_case_as_every_role_answers_typed_and_never_a_hash_or_an_id_number(
        world: World) -> None:
    """The sweep: every endpoint, each of the four roles, a well-formed request each; the
    answer is a result or a typed refusal, and its JSON carries no password hash and no ID
    number (every customer has one). A new use case must join ``samples``."""
    bodies = samples(world)
    assert {case.operation for case in REGISTRY} <= set(bodies)
    answered: dict[tuple[str, str], int] = {}
    for role, client in world.roles().items():
        for case in REGISTRY:
            if (role, case.operation) in {("admin", "set_active"), ("hall_manager", "close_day"),
                                          ("cashier", "close_shift")}:
                continue  # would end this sweep's own sessions or days; tested on their own
            answer = call(client, case, bodies[case.operation])
            typed(answer)
            answered[role, case.operation] = answer.status_code
    # the sweep reached the data: the card, the receipt, the staff list and the audit answer
    assert answered["clerk", "customer_card"] == answered["cashier", "receipt_data"] == 200
    assert answered["hall_manager", "list_staff"] == answered["admin", "search"] == 200
    assert answered["admin", "list_staff"] == answered["admin", "verify"] == 200
    assert answered["admin", "settings"] == 200  # the deployment's, administrators only
    assert answered["clerk", "settings"] == answered["hall_manager", "settings"] == 403
    # only an administrator creates staff; the others are refused before anything is read
    for role in ("clerk", "cashier", "hall_manager"):
        assert answered[role, "create_user"] == answered[role, "set_company_name"] == 403
    # money: a clerk reaches none of the cashier's writes
    for operation in ("open_shift", "take_payment", "take_payments", "void_payment",
                      "refund_payment", "reprint_receipt", "record_print_result",
                      "close_shift", "close_day", "run_billing"):
        assert answered["clerk", operation] == 403, operation


def test_the_sign_in_answer_and_the_staff_list_carry_no_hash(world: World) -> None:
    fresh = Client(str(world.clerk.http.base_url))
    answer = fresh.sign_in(world.h1.users["cashier"], window_number=3)
    fresh.close()
    assert answer.status_code == 200 and ARGON2 not in answer.text
    assert set(answer.json()) == {"token", "expires_at", "actor", "took_over"}
    listed = world.admin.call("staff/list_staff")
    assert listed.status_code == 200 and ARGON2 not in listed.text
    assert {"password_hash", "password"} & set(listed.json()["result"][0]) == set()


def test_no_session_changes_a_role_creates_an_admin_or_unlocks_someone(world: World) -> None:
    w = world
    for client in (w.clerk, w.cashier, w.manager):
        for role, hall in (("admin", ""), ("hall_manager", "H01"), ("clerk", "H01")):
            refusal(client.call("staff/create_user", {
                "username": "mallory", "full_name": "马洛里", "role": role,
                "password": "mallory-pass-1", "hall_code": hall}), 403, "permission_denied")
        # there is no endpoint that sets a role, under any name
        for path in ("staff/set_role", "staff/change_role", "staff/update_staff",
                     "staff/update", "auth/set_role"):
            refusal(client.call(path, {"username": w.h1.users["clerk"], "role": "admin"}),
                    404, "not_found")
        # a role or an id on one's own password change is refused, not taken
        for forged in ({"role": "admin"}, {"staff_id": 1}, {"username": "admin"}):
            refusal(client.call("staff/change_password", {
                "old": PASSWORD, "new": "new-pass-5678", **forged}), 422, "validation")
        refusal(client.call("staff/set_active", {
            "username": "admin", "active": False, "reason": "x"}), 403, "permission_denied")
    for client in (w.clerk, w.cashier):
        refusal(client.call("staff/unlock_staff", {
            "username": w.h1.users["clerk"], "reason": "解锁"}), 403, "permission_denied")
    with w.db.scope(readonly=True) as s:
        roles = dict(s.execute(select(Staff.username, Staff.role)).tuples().all())
        assert "mallory" not in roles
        assert sum(1 for r in roles.values() if r == "admin") == 1
        assert roles[w.h1.users["clerk"]] == "clerk"
        assert roles[w.h1.users["cashier"]] == "cashier"


def test_a_manager_unlocks_only_in_their_own_hall(world: World, system: Actor) -> None:
    w = world
    for name, code in (("victim_a", "H01"), ("victim_b", "H02")):
        with w.db.scope() as s:
            staff_service.create_user(s, system, name, "受害人", "clerk", PASSWORD,
                                      hall_code=code)
        stranger = Client(str(w.clerk.http.base_url))
        for _ in range(5):
            stranger.sign_in(name, "wrong-pass1", hall_code=code, window_number=None)
        refusal(stranger.sign_in(name, hall_code=code, window_number=None), 409,
                "account_locked")
        stranger.close()
    refusal(w.manager.call("staff/unlock_staff", {"username": "victim_b", "reason": "解锁"}),
            403, "permission_denied")
    refusal(w.clerk.call("staff/unlock_staff", {"username": "victim_a", "reason": "解锁"}),
            403, "permission_denied")
    assert w.manager.call("staff/unlock_staff", {
        "username": "victim_a", "reason": "本人来电"}).status_code == 200  # the control
    with w.db.scope(readonly=True) as s:
        assert s.scalar(select(Staff.locked_until).where(Staff.username == "victim_b"))


def test_money_moves_only_through_the_cashiers_rules(world: World) -> None:
    w = world
    pay = {"account_id": w.account, "idempotency_key": uuid.uuid4().hex,
           "amount": "1.00", "tenders": [{"method": "cash", "amount": "1.00"}]}
    refusal(w.clerk.call("cashier/take_payment", pay), 403, "permission_denied")
    # a void or a refund without an approver is refused, by the model or by the rules
    body = refusal(w.cashier.call("cashier/void_payment", {
        "payment_id": w.payment_h1, "reason": "收错了"}), 422, "validation")
    assert body["field"] in {"approver_username", "approver_password"}
    refusal(w.cashier.call("cashier/void_payment", {
        "payment_id": w.payment_h1, "reason": "收错了", "approver_username": "",
        "approver_password": ""}), 409, "approval_required")
    refusal(w.cashier.call("cashier/refund_payment", {
        "payment_id": w.payment_h1, "reason": "退费", "idempotency_key": uuid.uuid4().hex}),
        422, "validation")
    # the cashier approving their own void with their own password
    refusal(w.cashier.call("cashier/void_payment", {
        "payment_id": w.payment_h1, "reason": "收错了",
        "approver_username": w.h1.users["cashier"], "approver_password": PASSWORD}),
        403, "permission_denied")
    # amounts: negative, 10^10 and more, not a number, an exponent, and floats
    for amount in ("-1.00", "10000000000.00", "1E+30", "NaN", "Infinity", "0.001", "abc"):
        body = refusal(w.cashier.call("cashier/take_payment", {
            **pay, "idempotency_key": uuid.uuid4().hex, "amount": amount,
            "tenders": [{"method": "cash", "amount": amount}]}), 422, "validation")
        assert body["field"] in {"amount", "tenders.0.amount", "tenders"}, (amount, body)
    for amount in ("-100.00", "10000000000.00"):
        refusal(w.cashier.call("cashier/open_shift", {"float_amount": amount}), 422,
                "validation")
    raw = (f'{{"account_id": {w.account}, "idempotency_key": "{uuid.uuid4().hex}", '
           '"amount": "1.00", "tenders": [{"method": "cash", "amount": 1.1}]}')
    body = refusal(w.cashier.post("/api/v1/cashier/take_payment", content=raw.encode()), 422,
                   "validation")
    assert (body["field"], body["params"]["rule"]) == ("tenders.0.amount", "float")
    body = refusal(w.cashier.call("cashier/take_payment", {**pay, "amount": 0.5}), 422,
                   "validation")
    assert body["params"]["rule"] == "float"
    # nothing was paid by any of it: the one payment of H01 is the fixture's
    with w.db.scope(readonly=True) as s:
        from app.models import Payment

        assert s.scalar(select(func.count()).select_from(Payment).where(
            Payment.hall_id == w.h1_id)) == 1


FORGED = ("actor", "staff_id", "role", "now", "business_day", "session", "hall_id",
          "hall_code", "window_id", "cashier_id", "approved_by")


# parameters named like the actor that name what is created: the new user's role and hall,
# the hall a new device stands in (both refused to anyone but their managers, tested above)
TARGETS = {("create_user", "role"), ("create_user", "hall_code"), ("register_device", "hall_code"),
           ("register_device", "role")}


def test_no_request_sets_its_own_actor_time_or_hall(world: World) -> None:
    """Each forged field on each endpoint is refused by name (422), before anything is done:
    the actor, hall and window come from the session, the time from the server."""
    bodies = samples(world)
    for case in REGISTRY:
        fields = set(case.request_model().model_fields)
        for name in FORGED:
            if name in fields:  # what an administrator creates, not who asks
                assert (case.operation, name) in TARGETS, (case.operation, name)
                continue
            forged = {**bodies[case.operation], name: _forged_value(name, world)}
            body = refusal(call(world.cashier, case, forged), 422, "validation")
            assert body["field"] == name, (case.operation, body)


def _forged_value(name: str, w: World) -> Any:
    return {"actor": {"staff_id": 1, "role": "admin", "hall_id": w.h2_id},
            "now": "2020-01-01T00:00:00+00:00", "business_day": "2020-01-01",
            "hall_id": w.h2_id, "hall_code": "H02", "role": "admin",
            "session": "x"}.get(name, 1)


def test_no_session_acts_in_another_hall(world: World) -> None:
    w = world
    # the H01 cashier on H02's payment and shift: not found, as if it did not exist
    for path, body in (
            ("cashier/receipt_data", {"payment_id": w.payment_h2}),
            ("cashier/reprint_receipt", {"payment_id": w.payment_h2, "reason": "卡纸"}),
            ("cashier/void_payment", {"payment_id": w.payment_h2, "reason": "收错了",
                                      "approver_username": w.h2.users["hall_manager"],
                                      "approver_password": PASSWORD}),
            ("cashier/refund_payment", {"payment_id": w.payment_h2, "reason": "收错了",
                                        "idempotency_key": uuid.uuid4().hex,
                                        "approver_username": w.h2.users["hall_manager"],
                                        "approver_password": PASSWORD}),
            ("cashier/shift_report", {"shift_id": w.shift_h2})):
        refusal(w.cashier.call(path, body), 404, "not_found")
    # the H01 clerk on H02's queue
    for path, body in (("queueing/finish", {"ticket_id": w.ticket_h2}),
                       ("queueing/recall", {"ticket_id": w.ticket_h2}),
                       ("queueing/mark_no_show", {"ticket_id": w.ticket_h2}),
                       ("queueing/mark_printed", {"ticket_id": w.ticket_h2, "printed": True}),
                       ("queueing/transfer", {"ticket_id": w.ticket_h2, "window_number": 1}),
                       ("queueing/issue_ticket", {"service_id": w.service_h2})):
        refusal(w.clerk.call(path, body), 404, "not_found")
    # the H01 manager asking for H02: answered for H01 only
    today = datetime.now(UTC).date().isoformat()
    report = w.manager.call("cashier/daily_report", {"day": today})
    assert report.status_code == 200, report.text
    assert report.json()["result"]["hall_id"] == w.h1_id
    assert w.receipt_h2 not in report.text
    staff = w.manager.call("staff/list_staff").json()["result"]
    assert staff and {row["hall_code"] for row in staff} == {"H01"}
    found = w.manager.call("audit/search", {"query": {"hall_id": w.h2_id}})
    assert found.status_code == 200, found.text
    items = found.json()["result"]["items"]
    assert items and {item["hall_id"] for item in items} <= {w.h1_id, None}
    choices = w.manager.call("audit/choices").json()["result"]
    assert [h["id"] for h in choices["halls"]] == [w.h1_id]
    assert {p["username"] for p in choices["people"]}.isdisjoint(w.h2.users.values())
    refusal(w.manager.call("audit/verify"), 403, "permission_denied")
    # nor by searching: H02's receipt number finds nothing, in the receipts or the audit trail
    receipts = w.cashier.call("cashier/find_receipts", {"query": w.receipt_h2})
    assert receipts.status_code == 200 and receipts.json()["result"]["receipts"] == []
    audited = w.manager.call("audit/search", {"query": {"text": w.receipt_h2}})
    assert audited.status_code == 200 and audited.json()["result"]["items"] == []
    assert w.admin.call("audit/search", {"query": {"text": w.receipt_h2}}).json()[
        "result"]["items"]  # the control: an administrator finds it
    # and H02's manager never approves for H01
    refusal(w.cashier.call("cashier/void_payment", {
        "payment_id": w.payment_h1, "reason": "收错了",
        "approver_username": w.h2.users["hall_manager"], "approver_password": PASSWORD}),
        403, "permission_denied")


def test_a_signed_out_token_replayed_is_refused_everywhere(world: World) -> None:
    w = world
    token = w.clerk.token
    assert w.clerk.post("/api/v1/session/sign-out").status_code == 200
    for path, request in (("customers/search_customers", {"query": "张三明"}),
                          ("customers/customer_card", {"customer_id": w.customer}),
                          ("queueing/call_next", {})):
        body = refusal(w.clerk.call(path, request), 401, "session_ended")
        assert body["params"] == {"reason": "signed_out"}
    for path in ("/api/v1/session/sign-out", "/api/v1/session/lock"):
        refusal(w.clerk.post(path, token=token), 401, "session_ended")
    refusal(w.clerk.post("/api/v1/session/unlock", {"password": PASSWORD}, token=token), 401,
            "session_ended")


def test_a_disabled_persons_token_is_refused_at_once(world: World) -> None:
    w = world
    assert w.admin.call("staff/set_active", {
        "username": w.h1.users["cashier"], "active": False, "reason": "离职"}).status_code == 200
    body = refusal(w.cashier.call("cashier/shift_report"), 401, "session_ended")
    assert body["params"] == {"reason": "disabled"}
    refusal(w.cashier.post("/api/v1/session/unlock", {"password": PASSWORD}), 401,
            "session_ended")
    # signing in again is refused too, and says nothing more than a wrong password would
    again = Client(str(w.clerk.http.base_url))
    answer = again.sign_in(w.h1.users["cashier"])
    again.close()
    assert answer.status_code in {401, 409} and answer.status_code < 500, answer.text
    assert "token" not in answer.json()


@pytest.mark.parametrize("path", ["staff/set_active", "staff/create_user"])
def test_an_administrators_staff_writes_need_an_administrators_session(
        world: World, path: str) -> None:
    body = samples(world)["set_active" if path.endswith("set_active") else "create_user"]
    for client in (world.clerk, world.cashier, world.manager):
        refusal(client.call(path, body), 403, "permission_denied")


def test_numbers_out_of_any_range_are_typed_refusals(world: World) -> None:
    """Every whole-number field of every endpoint at 2^31, 2^63, 10^30 and -1: an integer
    column's range on PostgreSQL, SQLite's, and past both; refused or not found, never a
    driver's overflow as a 500."""
    bodies = samples(world)
    for case in REGISTRY:
        model = case.request_model()
        for name, info in model.model_fields.items():
            if "int" not in str(info.annotation) or "Sequence" in str(info.annotation):
                continue
            for value in (2**31, 2**63, 10**30, -1):
                answer = call(world.admin if case.area in {"staff", "deployment", "devices"}
                              else world.manager, case, {**bodies[case.operation], name: value})
                typed(answer)
    for counted in ({"100": 10**15}, {"100": -1}, {"100": 2**63}, {"bogus": 1}):
        typed(world.cashier.call("cashier/close_shift", {"counted_by_denomination": counted}))
    for query in ({"limit": -1}, {"limit": 2**31 - 1}, {"person_id": 2**31 - 1},
                  {"hall_id": -1}, {"kinds": ["x" * 10_000]}, {"text": "王\x00"}):
        typed(world.admin.call("audit/search", {"query": query}))


def test_nul_bytes_and_overlong_texts_are_typed_refusals(world: World) -> None:
    """Every text field of every endpoint with a NUL byte and with 10,000 characters: the
    same typed answer on both databases, never PostgreSQL's raw refusal of a NUL."""
    bodies = samples(world)
    for case in REGISTRY:
        for name, info in case.request_model().model_fields.items():
            if info.annotation is not str:
                continue
            for text in ("王\x00", "王" * 10_000):
                answer = call(world.admin if case.area in {"staff", "deployment", "devices"}
                              else world.manager, case, {**bodies[case.operation], name: text})
                typed(answer)


def test_the_card_is_masked_in_the_answer_as_the_role_requires(world: World) -> None:
    """Masking is the server's, not the screen's: the JSON a cashier or an administrator gets
    has the phone and contact address masked; no role gets the ID number."""
    cards = {role: client.call("customers/customer_card", {"customer_id": world.customer})
             for role, client in world.roles().items()}
    got = {role: answer.json()["result"] for role, answer in cards.items()}
    assert got["clerk"]["phone"] == got["hall_manager"]["phone"] == "13812345678"
    for role in ("cashier", "admin"):
        assert got[role]["phone"] != "13812345678" and "*" in got[role]["phone"]
        assert "1号" not in got[role]["contact_address"] and "*" in got[role]["contact_address"]
    assert got["admin"]["name"] != "张三明"
    for answer in cards.values():
        assert ID_NUMBER not in answer.text and "id_number" not in answer.text
    hits = world.clerk.call("customers/search_customers", {"query": "张三明"}).json()["result"]
    assert hits["hits"] and "张三明" not in str(hits) and "13812345678" not in str(hits)
    nul = refusal(world.clerk.call("customers/search_customers", {"query": "王\x00"}), 422,
                  "validation")
    assert (nul["field"], nul["params"]["rule"]) == ("query", "nul")
    big = refusal(world.clerk.call("customers/customer_card", {"customer_id": 2**31}), 422,
                  "validation")
    assert (big["field"], big["params"]["rule"]) == ("customer_id", "range")


def test_signing_in_at_another_halls_counter_is_refused(world: World) -> None:
    """The hall of a session is chosen at sign-in, so that is where another hall is tried."""
    stranger = Client(str(world.clerk.http.base_url))
    try:
        for role in ("clerk", "cashier", "hall_manager"):
            answer = stranger.sign_in(world.h1.users[role], hall_code="H02", window_number=1)
            assert answer.status_code in {403, 409}, answer.text
            assert answer.json()["key"] in {"wrong_hall", "permission_denied"}, answer.text
            assert "token" not in answer.json()
        extra = stranger.post("/api/v1/session/sign-in", {
            "username": world.h1.users["clerk"], "password": PASSWORD, "hall_code": "H01",
            "window_number": 2, "role": "admin"})
        assert refusal(extra, 422, "validation")["field"] == "role"
    finally:
        stranger.close()


def test_a_manager_registers_devices_only_for_their_own_hall(world: World) -> None:
    refusal(world.manager.call("devices/register_device", {
        "hall_code": "H02", "role": "kiosk", "name": "H02 取号机"}), 403, "permission_denied")
    for client in (world.clerk, world.cashier):
        refusal(client.call("devices/register_device", {
            "hall_code": "H01", "role": "kiosk", "name": "取号机"}), 403, "permission_denied")


def test_wrong_old_passwords_at_a_password_change_count_towards_the_lockout(
        world: World) -> None:
    """A session left open (or stolen) cannot guess its owner's password: the wrong current
    passwords count as at sign-in, kept although each refusal rolls back, and the fifth locks
    the account, which then changes nothing even with the right one."""
    clerk = world.h1.users["clerk"]
    for remaining in (4, 3, 2, 1):
        body = refusal(world.clerk.call("staff/change_password", {
            "old": "guess-pass-1", "new": "new-pass-1234"}), 422, "validation")
        assert body["field"] == "old_password", body
        assert body["params"]["remaining"] == remaining, body
    locked = refusal(world.clerk.call("staff/change_password", {
        "old": "guess-pass-2", "new": "new-pass-1234"}), 409, "account_locked")
    with world.db.scope(readonly=True) as s:
        row = s.scalars(select(Staff).where(Staff.username == clerk)).one()
        assert row.locked_until is not None
        assert datetime.fromisoformat(locked["params"]["until"]) == row.locked_until
        kept = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "password.change_failed", AuditEntry.entity_id == str(row.id)))
        assert kept == 5  # every wrong one, the fifth beside staff.locked
        old_hash = row.password_hash
    refusal(world.clerk.call("staff/change_password", {
        "old": PASSWORD, "new": "new-pass-1234"}), 409, "account_locked")
    with world.db.scope(readonly=True) as s:
        assert s.scalar(select(Staff.password_hash).where(Staff.username == clerk)) == old_hash
