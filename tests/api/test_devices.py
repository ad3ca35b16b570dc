"""Kiosks and hall displays through the real server (issue 10), on SQLite and PostgreSQL:
registered by an administrator or their hall's manager, enrolled once with the one-time code,
signed in with the credential, allowed only what their role allows, and cut off by a revoke."""

from __future__ import annotations

import uuid
from datetime import time, timedelta
from typing import Any

import httpx
from sqlalchemy import select, update

from app.db import Database
from app.models import Device, StaffSession
from app.services import queueing
from app.services.context import Actor
from tests.api.conftest import Client
from tests.conftest import Hall

ALL_DAY = {"opens_at": time(0, 0), "closes_at": time(23, 59, 59)}


def refusal(answer: httpx.Response, status: int, key: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["key"] == key, body
    assert isinstance(body, dict)
    return body


def ok(answer: httpx.Response) -> Any:
    assert answer.status_code == 200, answer.text
    return answer.json()


def register(client: Client, name: str = "1号取号机", role: str = "kiosk",
             hall_code: str = "H01") -> dict[str, Any]:
    result = ok(client.call("devices/register_device",
                            {"hall_code": hall_code, "role": role, "name": name}))["result"]
    assert isinstance(result, dict)
    return result


def enrol(client: Client, given: dict[str, Any], code: str | None = None) -> httpx.Response:
    """No token: the code is the proof."""
    return client.http.post("/api/v1/device/enrol", json={
        "device_id": given["device_id"], "code": code or given["code"]})


def device_session(client: Client, device: Client, given: dict[str, Any]) -> str:
    credential = ok(enrol(client, given))["result"]["credential"]
    signed = ok(device.post("/api/v1/device/sign-in", {"credential": credential}))
    device.token = signed["token"]
    return str(credential)


def service(db: Database, hall: Hall) -> int:
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        return queueing.create_service(s, manager, "A", "缴费", windows=(1,), **ALL_DAY).id


def test_a_kiosk_enrols_once_signs_in_and_takes_a_ticket_but_nothing_else(
        db: Database, hall: Hall, admin: Actor, client: Client, another: Client) -> None:
    service_id = service(db, hall)
    client.sign_in("admin", hall_code="", window_number=None)
    given = register(client)
    assert len(given["code"]) == 8
    device_session(client, another, given)
    refusal(enrol(client, given), 401, "device_refused")  # the code was used
    status = ok(another.call("queueing/queue_status"))  # a kiosk may see the queue
    ticket = ok(another.call("queueing/issue_ticket", {"service_id": service_id}))["result"]
    assert ticket["code"] == "A001"
    with db.scope(readonly=True) as s:
        row = s.scalars(select(StaffSession).where(StaffSession.device_id.is_not(None))).one()
        assert (row.staff_id, row.role, row.device, row.hall_id) == (
            None, "kiosk", "1号取号机", hall.info.id)
    assert status["result"]["services"]
    payment = {"account_id": 1, "idempotency_key": uuid.uuid4().hex, "amount": "1.00",
               "tenders": [{"method": "cash", "amount": "1.00", "tendered": "1.00"}]}
    for path, body in (("cashier/take_payment", payment), ("queueing/call_next", None),
                       ("cashier/open_shift", {"float_amount": "0.00"}),
                       ("customers/search_customers", {"query": "张三"}),
                       ("devices/list_devices", None),
                       ("devices/register_device",
                        {"hall_code": "H01", "role": "kiosk", "name": "2号"})):
        body_of = refusal(another.call(path, body), 403, "permission_denied")
        assert body_of["params"]["role"] == "kiosk", path
    refusal(another.post("/api/v1/session/lock"), 403, "permission_denied")


def test_a_display_reads_the_queue_status_and_nothing_else(
        db: Database, hall: Hall, admin: Actor, client: Client, another: Client) -> None:
    service_id = service(db, hall)
    client.sign_in("admin", hall_code="", window_number=None)
    device_session(client, another, register(client, "大厅显示屏", "display"))
    signed_as = ok(another.call("queueing/queue_status"))["result"]
    assert [s["prefix"] for s in signed_as["services"]] == ["A"]
    for path, body in (("queueing/issue_ticket", {"service_id": service_id}),
                       ("queueing/call_next", None),
                       ("customers/search_customers", {"query": "张三"})):
        refusal(another.call(path, body), 403, "permission_denied")


def test_revoking_ends_the_devices_session_at_once_and_its_credential(
        db: Database, hall: Hall, admin: Actor, client: Client, another: Client) -> None:
    client.sign_in("admin", hall_code="", window_number=None)
    given = register(client)
    credential = device_session(client, another, given)
    ok(another.call("queueing/queue_status"))
    revoked = ok(client.call("devices/revoke_device",
                             {"device_id": given["device_id"], "reason": "被盗"}))["result"]
    assert revoked["state"] == "revoked"
    body = refusal(another.call("queueing/queue_status"), 401, "session_ended")
    assert body["params"]["reason"] == "revoked"
    body = refusal(another.post("/api/v1/device/sign-in", {"credential": credential}),
                   401, "device_refused")
    assert body["params"]["rule"] == "revoked"


def test_a_new_sign_in_of_the_device_ends_its_earlier_session(
        db: Database, hall: Hall, admin: Actor, client: Client, another: Client) -> None:
    client.sign_in("admin", hall_code="", window_number=None)
    credential = device_session(client, another, register(client))
    first = another.token
    another.token = ok(another.post("/api/v1/device/sign-in", {"credential": credential},
                                    token=""))["token"]
    assert first != another.token
    ok(another.call("queueing/queue_status"))
    body = refusal(another.post("/api/v1/queueing/queue_status", token=first), 401,
                   "session_ended")
    assert body["params"]["reason"] == "replaced"


def test_the_code_expires_and_five_wrong_codes_void_it(
        db: Database, hall: Hall, admin: Actor, client: Client) -> None:
    client.sign_in("admin", hall_code="", window_number=None)
    given = register(client)
    wrong = f"{(int(given['code']) + 1) % 10 ** 8:08d}"
    for left in (4, 3, 2, 1):
        body = refusal(enrol(client, given, wrong), 401, "device_refused")
        assert (body["params"]["rule"], body["params"]["remaining"]) == ("wrong_code", left)
    assert refusal(enrol(client, given, wrong), 401, "device_refused")["params"]["rule"] \
        == "void"
    assert refusal(enrol(client, given), 401, "device_refused")["params"]["rule"] == "void"
    late = register(client, "2号取号机")
    with db.scope() as s:  # a quarter of an hour later
        expires = s.scalar(select(Device.code_expires_at).where(Device.id == late["device_id"]))
        assert expires is not None
        s.execute(update(Device).where(Device.id == late["device_id"])
                  .values(code_expires_at=expires - timedelta(minutes=16)))
        s.commit()
    assert refusal(enrol(client, late), 401, "device_refused")["params"]["rule"] == "expired"
    states = {d["name"]: d["state"]
              for d in ok(client.call("devices/list_devices"))["result"]}
    assert states == {"1号取号机": "void", "2号取号机": "expired"}


def test_a_hall_manager_enrols_for_their_own_hall_only(
        db: Database, hall: Hall, system: Actor, client: Client) -> None:
    Hall(db, system, "H02", "第二营业厅")
    client.sign_in(hall.users["hall_manager"], window_number=None)
    body = refusal(client.call("devices/register_device",
                               {"hall_code": "H02", "role": "kiosk", "name": "x"}),
                   403, "permission_denied")
    assert body["params"]["role"] == "hall_manager"
    assert register(client)["hall_code"] == "H01"
    client.sign_in(hall.users["clerk"])
    refusal(client.call("devices/list_devices"), 403, "permission_denied")


def test_no_answer_carries_a_hash(
        db: Database, hall: Hall, admin: Actor, client: Client, another: Client) -> None:
    client.sign_in("admin", hall_code="", window_number=None)
    given = register(client)
    answers = [ok(enrol(client, given))]
    credential = answers[0]["result"]["credential"]
    answers.append(ok(another.post("/api/v1/device/sign-in", {"credential": credential})))
    answers.append(ok(client.call("devices/list_devices")))
    register(client, "2号取号机")
    answers.append(ok(client.call("devices/list_devices")))
    answers.append(ok(client.call("devices/revoke_device",
                                  {"device_id": given["device_id"], "reason": "换新"})))
    with db.scope(readonly=True) as s:
        hashes = [h for row in s.scalars(select(Device))
                  for h in (row.code_hash, row.credential_hash) if h]
        hashes += list(s.scalars(select(StaffSession.token_hash)))
    assert len(hashes) >= 3
    text = "".join(str(a) for a in answers)
    assert "hash" not in text
    assert not [h for h in hashes if h in text]
    for listed in answers[-2]["result"]:
        assert set(listed) == {"id", "hall_code", "role", "name", "state", "registered_by",
                               "created_at", "code_expires_at", "enrolled_at", "revoked_at",
                               "revoked_by"}


def test_a_device_signs_out_without_a_persons_sign_out_and_gets_a_new_code_through_the_api(
        db: Database, hall: Hall, admin: Actor, client: Client, another: Client) -> None:
    from app.models import AuditEntry

    client.sign_in("admin", hall_code="", window_number=None)
    device_session(client, another, register(client, "大厅显示屏", "display"))
    assert ok(another.post("/api/v1/session/sign-out")) == {"ended": True}
    refusal(another.call("queueing/queue_status"), 401, "session_ended")
    with db.scope(readonly=True) as s:
        assert "logout" not in set(s.scalars(select(AuditEntry.action)))
    late = register(client, "2号取号机")
    fresh = ok(client.call("devices/new_enrolment_code",
                           {"device_id": late["device_id"]}))["result"]
    if fresh["code"] != late["code"]:  # one draw in 10^8 is the same code
        refusal(enrol(client, late), 401, "device_refused")  # the old code died
    assert ok(enrol(client, fresh))["result"]["name"] == "2号取号机"
