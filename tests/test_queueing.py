"""Queue numbers on both databases: numbering, order, no-shows, transfers, limits, and many
windows calling at the same instant."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest

from app.db import Database
from app.errors import NotFound, PermissionDenied, QueueRefused, ValidationError
from app.models import Ticket
from app.permissions import Role
from app.services import audit, auth, queueing, staff
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall

# 10:00 in Shanghai (UTC+8) on 2026-11-24
MORNING = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
ALL_DAY = {"opens_at": time(0, 0), "closes_at": time(23, 59, 59)}


class Queue:
    def __init__(self, db: Database, hall: Hall) -> None:
        self.db = db
        self.hall = hall
        self.manager = hall.login(db, "hall_manager", window=None)
        with db.scope() as s:
            self.a = queueing.create_service(s, self.manager, "A", "缴费", windows=(1, 2),
                                             **ALL_DAY)
        with db.scope() as s:
            self.b = queueing.create_service(s, self.manager, "B", "业务办理", windows=(2, 3),
                                             **ALL_DAY)
        self.kiosk = Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")

    def issue(self, service: queueing.ServiceInfo, now: datetime = MORNING,
              **kw: object) -> queueing.TicketInfo:
        with self.db.scope() as s:
            return queueing.issue_ticket(s, self.kiosk, service.id, now=now, **kw)  # type: ignore[arg-type]

    def window(self, number: int) -> Actor:
        return self.hall.login(self.db, "cashier" if number == 1 else "clerk", window=number)

    def call(self, actor: Actor, now: datetime = MORNING) -> queueing.TicketInfo | None:
        with self.db.scope() as s:
            return queueing.call_next(s, actor, now=now)


@pytest.fixture
def queue(db: Database, hall: Hall) -> Queue:
    return Queue(db, hall)


def test_numbers_run_per_service_and_restart_at_local_midnight(queue: Queue) -> None:
    codes = [queue.issue(queue.a).code, queue.issue(queue.a).code, queue.issue(queue.b).code]
    assert codes == ["A001", "A002", "B001"]
    before_midnight = datetime(2026, 11, 24, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai
    after_midnight = datetime(2026, 11, 24, 16, 1, tzinfo=UTC)  # 00:01 next day there
    assert queue.issue(queue.a, before_midnight).code == "A003"
    assert queue.issue(queue.a, after_midnight).code == "A001"


def test_ticket_says_how_many_are_ahead(queue: Queue) -> None:
    queue.issue(queue.a)
    queue.issue(queue.a)
    third = queue.issue(queue.a)
    assert third.waiting_ahead == 2 and third.hall_name == "第一营业厅"
    assert third.service_name == "缴费"


def test_priority_tickets_are_called_first(queue: Queue) -> None:
    queue.issue(queue.a)
    queue.issue(queue.a, priority=True, priority_reason="老年人")
    window = queue.window(1)
    first = queue.call(window)
    assert first is not None and first.code == "A002" and first.priority
    with pytest.raises(ValidationError):
        queue.issue(queue.a, priority=True)  # a reason is required


def test_a_window_serves_its_own_service_before_the_ones_it_helps(queue: Queue) -> None:
    queue.issue(queue.b, MORNING)
    queue.issue(queue.a, MORNING + timedelta(minutes=1))
    window_2 = queue.window(2)  # serves A first, then B
    called = [queue.call(window_2, MORNING + timedelta(minutes=m)) for m in (2, 3)]
    assert [t.code for t in called if t] == ["A001", "B001"]
    assert queue.call(queue.window(3)) is None  # nobody left


def test_no_ticket_is_called_by_two_windows_and_next_finishes_the_current(queue: Queue) -> None:
    for _ in range(3):
        queue.issue(queue.a)
    w1, w2 = queue.window(1), queue.window(2)
    t1, t2 = queue.call(w1), queue.call(w2)
    assert t1 is not None and t2 is not None and t1.code != t2.code
    t3 = queue.call(w1)
    assert t3 is not None and t3.code == "A003"
    with queue.db.scope() as s:
        status = queueing.queue_status(s, queue.manager, now=MORNING)
    assert status.served == 1 and {w.current_code for w in status.windows} >= {"A002", "A003"}


def test_recalls_then_no_show_by_itself(queue: Queue) -> None:
    queue.issue(queue.a)
    window = queue.window(1)
    ticket = queue.call(window)
    assert ticket is not None
    counts = []
    for minute in range(1, 4):  # the hall allows 2 recalls; the 3rd attempt gives up
        with queue.db.scope() as s:
            after = queueing.recall(s, window, ticket.id, now=MORNING + timedelta(minutes=minute))
        counts.append((after.status, after.call_count))
    assert counts == [("called", 2), ("called", 3), ("no_show", 3)]


def test_no_show_may_come_back_within_the_grace_time_only(queue: Queue) -> None:
    queue.issue(queue.a)
    queue.issue(queue.a)
    window = queue.window(1)
    ticket = queue.call(window)
    assert ticket is not None
    with queue.db.scope() as s:
        queueing.mark_no_show(s, window, ticket.id, now=MORNING)
    with queue.db.scope() as s:
        back = queueing.requeue(s, window, ticket.id, now=MORNING + timedelta(minutes=9))
    assert back.status == "waiting" and back.waiting_ahead == 1  # at the end of the line
    again = queue.call(window, MORNING + timedelta(minutes=10))
    assert again is not None and again.code == "A002"
    again = queue.call(window, MORNING + timedelta(minutes=11))
    assert again is not None and again.code == "A001"
    with queue.db.scope() as s:
        queueing.mark_no_show(s, window, again.id, now=MORNING + timedelta(minutes=12))
    with pytest.raises(QueueRefused) as exc, queue.db.scope() as s:
        queueing.requeue(s, window, again.id, now=MORNING + timedelta(minutes=23))
    assert exc.value.params["rule"] == "grace_expired"


def test_transfer_keeps_the_original_place_in_time(queue: Queue) -> None:
    early = queue.issue(queue.a, MORNING)
    queue.issue(queue.b, MORNING + timedelta(minutes=5))
    window_1 = queue.window(1)
    called = queue.call(window_1, MORNING + timedelta(minutes=6))
    assert called is not None and called.id == early.id
    with queue.db.scope() as s:
        moved = queueing.transfer(s, window_1, early.id, service_id=queue.b.id,
                                  reason="需办理过户", now=MORNING + timedelta(minutes=7))
    assert moved.status == "waiting" and moved.waiting_ahead == 0  # ahead of B001
    first_b = queue.call(queue.window(3), MORNING + timedelta(minutes=8))
    assert first_b is not None and first_b.code == "A001"
    with queue.db.scope() as s:
        rows = audit.recent(s, queue.manager)
    assert any(r.action == "queue.transferred" and r.reason == "需办理过户" for r in rows)


def test_transfer_to_a_window_is_called_only_there(queue: Queue) -> None:
    ticket = queue.issue(queue.a)
    window_1 = queue.window(1)
    queue.call(window_1)
    with queue.db.scope() as s:
        queueing.transfer(s, window_1, ticket.id, window_number=2)
    assert queue.call(window_1) is None
    at_2 = queue.call(queue.window(2))
    assert at_2 is not None and at_2.id == ticket.id


def test_closed_service_and_daily_cap_refuse_with_a_reason(queue: Queue) -> None:
    with queue.db.scope() as s:
        evening = queueing.create_service(s, queue.manager, "C", "报修投诉", opens_at=time(8, 30),
                                          closes_at=time(17, 0), daily_cap=2, windows=(3,))
    night = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai
    with pytest.raises(QueueRefused) as exc:
        queue.issue(evening, night)
    assert exc.value.params["rule"] == "closed" and exc.value.params["opens"] == "08:30"
    queue.issue(evening)
    queue.issue(evening)
    with pytest.raises(QueueRefused) as exc:
        queue.issue(evening)
    assert exc.value.params["rule"] == "daily_cap"


def test_calling_out_of_order_needs_a_reason_and_is_audited(queue: Queue) -> None:
    queue.issue(queue.a)
    queue.issue(queue.a)
    window = queue.window(1)
    with pytest.raises(ValidationError), queue.db.scope() as s:
        queueing.call_ticket(s, window, "A002", reason="", now=MORNING)
    with queue.db.scope() as s:
        called = queueing.call_ticket(s, window, "a002", reason="预约客户", now=MORNING)
    assert called.code == "A002" and called.status == "called"
    with pytest.raises(NotFound), queue.db.scope() as s:
        queueing.call_ticket(s, window, "A099", reason="预约客户", now=MORNING)
    with queue.db.scope() as s:
        rows = audit.recent(s, queue.manager)
    assert any(r.action == "queue.called_out_of_order" and r.reason == "预约客户" for r in rows)


def test_a_paused_window_calls_nobody_until_resumed(queue: Queue) -> None:
    queue.issue(queue.a)
    window = queue.window(1)
    with queue.db.scope() as s:
        queueing.pause_window(s, window, reason="午休")
    with pytest.raises(QueueRefused) as exc:
        queue.call(window)
    assert exc.value.params["rule"] == "paused"
    with queue.db.scope() as s:
        assert next(w for w in queueing.queue_status(s, queue.manager, now=MORNING).windows
                    if w.number == 1).state == "paused"
        queueing.resume_window(s, window)
    assert queue.call(window) is not None


def test_devices_do_only_what_they_are_for(queue: Queue, db: Database, hall: Hall) -> None:
    display = Actor.device(Role.DISPLAY, hall.info.id, hall.code, "display-1")
    with pytest.raises(PermissionDenied), db.scope() as s:
        queueing.issue_ticket(s, display, queue.a.id, now=MORNING)
    with pytest.raises(PermissionDenied), db.scope() as s:
        queueing.call_next(s, queue.kiosk, now=MORNING)
    with pytest.raises(PermissionDenied), db.scope() as s:
        staff.create_user(s, queue.kiosk, "eve", "伊娃", "admin", PASSWORD)
    with db.scope() as s:
        assert queueing.queue_status(s, display, now=MORNING).hall_name == "第一营业厅"


def test_clerks_cannot_set_up_services(queue: Queue, db: Database, hall: Hall) -> None:
    with pytest.raises(PermissionDenied), db.scope() as s:
        queueing.create_service(s, hall.login(db, "clerk"), "D", "其他", **ALL_DAY)


def test_hall_status_shows_waits_alerts_and_todays_figures(queue: Queue) -> None:
    queue.issue(queue.a, MORNING)
    queue.issue(queue.b, MORNING + timedelta(minutes=10))
    window = queue.window(1)
    a001 = queue.call(window, MORNING + timedelta(minutes=4))  # A001 waited 4 minutes
    assert a001 is not None and _current(queue, 1) == a001.id
    with queue.db.scope() as s:
        queueing.finish(s, window, a001.id, now=MORNING + timedelta(minutes=9))
    with queue.db.scope() as s:
        status = queueing.queue_status(s, queue.manager, now=MORNING + timedelta(minutes=35))
    b = next(x for x in status.services if x.prefix == "B")
    assert b.waiting == 1 and b.longest_wait_seconds == 25 * 60 and b.alert  # > 20 minutes
    assert status.issued == 2 and status.served == 1
    assert status.average_wait_seconds == 4 * 60 and status.average_service_seconds == 5 * 60
    assert [c.code for c in status.recent_calls] == ["A001"]
    assert status.alert and status.wait_alert_minutes == 20
    a = next(x for x in status.services if x.prefix == "A")
    assert a.remaining == queue.a.daily_cap - 1
    assert status.hours == ((10, 2, 4 * 60),)  # both issued 10:xx local; A001 waited 4 min


def test_kiosk_account_and_phone_are_checked_and_kept(queue: Queue) -> None:
    ticket = queue.issue(queue.a, account_no="1002003004", phone="138 0013 8000")
    assert ticket.account_no == "1002003004"
    for field, value in (("phone", "12345"), ("phone", "1380013800a"),
                         ("account_no", "123"), ("phone", "23800138000")):
        with pytest.raises(ValidationError) as refused:
            queue.issue(queue.a, **{field: value})
        assert refused.value.field == field
    assert queue.issue(queue.a, phone="031185551234").code == "A002"  # landline with area code


def test_display_notice_is_the_managers_and_audited(queue: Queue, db: Database,
                                                    hall: Hall) -> None:
    with db.scope() as s:
        assert queueing.set_display_notice(s, queue.manager, "  今日  16:00 停止收费 ") == \
            "今日 16:00 停止收费"
    with db.scope() as s:
        assert queueing.queue_status(s, queue.kiosk, now=MORNING).notice == "今日 16:00 停止收费"
    with pytest.raises(PermissionDenied), db.scope() as s:
        queueing.set_display_notice(s, hall.login(db, "clerk"), "x")
    with pytest.raises(ValidationError), db.scope() as s:
        queueing.set_display_notice(s, queue.manager, "长" * 201)
    with db.scope() as s:
        actions = [e.action for e in audit.recent(s, queue.manager, limit=5)]
    assert "queue.display_notice" in actions


def test_admin_sets_up_a_service_for_any_hall(db: Database, hall: Hall, system: Actor) -> None:
    with db.scope() as s:
        info = queueing.create_service(s, system, "Z", "测试", hall_id=hall.info.id, **ALL_DAY)
    assert info.prefix == "Z"


def _current(queue: Queue, window_number: int) -> int:
    from sqlalchemy import select

    from app.models import Ticket, Window, WindowStatus

    with queue.db.scope() as s:
        ticket_id = s.scalar(select(WindowStatus.current_ticket_id).join(
            Window, Window.id == WindowStatus.window_id).where(Window.number == window_number))
        assert ticket_id is not None and s.get(Ticket, ticket_id) is not None
        return int(ticket_id)


def test_many_windows_calling_at_once_never_share_or_lose_a_ticket(
        db: Database, system: Actor) -> None:
    """20 windows drain 200 tickets concurrently, each call on its own connection."""
    windows = 20
    with db.scope() as s:
        staff.create_hall(s, system, "H09", "压力测试厅", windows=windows)
    with db.scope() as s:
        staff.create_user(s, system, "boss", "主任", "hall_manager", PASSWORD, hall_code="H09")
    with db.scope() as s:
        from app.services import auth

        boss = auth.authenticate(s, "boss", PASSWORD, hall_code="H09")
    with db.scope() as s:
        service = queueing.create_service(s, boss, "A", "缴费", windows=tuple(
            range(1, windows + 1)), daily_cap=1000, **ALL_DAY)
    kiosk = Actor.device(Role.KIOSK, boss.hall_id or 0, "H09", "kiosk")
    for _ in range(200):
        with db.scope() as s:
            queueing.issue_ticket(s, kiosk, service.id, now=MORNING)
    actors = []
    for number in range(1, windows + 1):
        with db.scope() as s:
            actors.append(auth.authenticate(s, "boss", PASSWORD, hall_code="H09",
                                            window_number=number))
    called: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(windows)

    def work(actor: Actor) -> None:
        barrier.wait()
        while True:
            with db.scope() as s:
                ticket = queueing.call_next(s, actor, now=MORNING)
            if ticket is None:
                return
            with lock:
                called.append(ticket.code)

    threads = [threading.Thread(target=work, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duplicates = [code for code, n in Counter(called).items() if n > 1]
    assert duplicates == []
    assert sorted(called) == [f"A{n:03d}" for n in range(1, 201)]


def test_only_the_calling_window_finishes_or_drops_its_ticket(queue: Queue) -> None:
    queue.issue(queue.a)
    one, two = queue.window(1), queue.window(2)
    called = queue.call(one)
    assert called is not None
    for act in (lambda s: queueing.finish(s, two, called.id),
                lambda s: queueing.mark_no_show(s, two, called.id),
                lambda s: queueing.transfer(s, two, called.id, service_id=queue.b.id)):
        with pytest.raises(QueueRefused), queue.db.scope() as s:
            act(s)


def test_transfer_to_a_window_that_does_not_serve_the_service_is_refused(queue: Queue) -> None:
    queue.issue(queue.a)
    one = queue.window(1)
    called = queue.call(one)
    assert called is not None
    with pytest.raises(QueueRefused) as refused, queue.db.scope() as s:
        queueing.transfer(s, one, called.id, window_number=3)  # window 3 calls only B
    assert refused.value.params["rule"] == "window_not_serving"


def test_yesterdays_ticket_is_not_this_mornings_current_number(queue: Queue) -> None:
    queue.issue(queue.a, MORNING - timedelta(days=1))
    one = queue.window(1)
    assert queue.call(one, MORNING - timedelta(days=1)) is not None
    with queue.db.scope() as s:
        mine = queueing.my_window(s, one, now=MORNING)
    assert mine.current is None
    with queue.db.scope() as s:
        status = queueing.queue_status(s, queue.manager, now=MORNING)
    assert next(w for w in status.windows if w.number == 1).current_code == ""


def test_signing_out_closes_the_window(queue: Queue) -> None:
    from app.services import auth

    one = queue.window(1)
    queue.call(one)  # opens the window even with nobody waiting
    with queue.db.scope() as s:
        auth.logout(s, one)
    with queue.db.scope() as s:
        status = queueing.queue_status(s, queue.manager, now=MORNING)
    assert next(w for w in status.windows if w.number == 1).state == "closed"


def _window_view(queue: Queue, number: int) -> queueing.WindowView:
    with queue.db.scope() as s:
        status = queueing.queue_status(s, queue.manager, now=MORNING)
    return next(w for w in status.windows if w.number == number)


def test_signing_in_at_a_window_opens_it_before_its_first_call(queue: Queue) -> None:
    assert _window_view(queue, 1).state == "closed"  # nobody has signed in at it yet
    before = _queue_counter(queue)
    one = queue.window(1)
    assert _window_view(queue, 1).state == "open" and _queue_counter(queue) > before
    with queue.db.scope() as s:
        assert queueing.my_window(s, one, now=MORNING).state == "open"
    with queue.db.scope() as s:
        queueing.pause_window(s, one, reason="午休")
    queue.window(1)  # the same person back after the program ended: still on their break
    assert _window_view(queue, 1).state == "paused"
    queue.hall.login(queue.db, "clerk", window=1)  # someone else takes the window over
    assert _window_view(queue, 1).state == "open"
    queue.hall.login(queue.db, "hall_manager", window=None)  # no window: nothing opens
    assert _window_view(queue, 3).state == "closed"


def test_signing_out_ends_the_ticket_at_the_window_and_says_so(queue: Queue) -> None:
    from app.services import auth

    queue.issue(queue.a)
    one = queue.window(1)
    called = queue.call(one)
    assert called is not None and _window_view(queue, 1).current_code == "A001"
    before = _queue_counter(queue)
    with queue.db.scope() as s:  # the same morning: the hall's clock, not the test's
        auth.logout(s, one, now=MORNING + timedelta(minutes=7))
    view = _window_view(queue, 1)
    assert view.state == "closed" and view.current_code == ""
    assert _queue_counter(queue) > before  # the display and the manager's view reload
    with queue.db.scope() as s:
        status = queueing.queue_status(s, queue.manager, now=MORNING)
        rows = audit.recent(s, queue.manager)
        assert s.get(Ticket, called.id).finished_at == MORNING + timedelta(minutes=7)
    assert status.served == 1  # the visit ended: not called again, not a no-show
    assert status.average_service_seconds == 7 * 60
    ended = [r for r in rows if r.action == "queue.ended_at_sign_out"]
    assert len(ended) == 1 and ended[0].details["code"] == "A001"
    again = queue.window(1)  # the next person at the window starts with nobody at it
    with queue.db.scope() as s:
        assert queueing.my_window(s, again, now=MORNING).current is None
    assert queue.call(again) is None  # A001 is not waiting again


def test_signing_out_days_later_does_not_serve_an_earlier_days_ticket(queue: Queue) -> None:
    from app.services import auth

    queue.issue(queue.a)
    one = queue.window(1)
    called = queue.call(one)  # 10:00 on the 24th; the program ends without signing out
    assert called is not None
    later = MORNING + timedelta(days=9)
    with queue.db.scope() as s:
        auth.logout(s, one, now=later)
    with queue.db.scope() as s:
        ticket = s.get(Ticket, called.id)
        assert (ticket.status, ticket.finished_at) == ("called", None)  # left on its own day
        rows = audit.recent(s, queue.manager)
    assert not [r for r in rows if r.action == "queue.ended_at_sign_out"]
    view = _window_view(queue, 1)
    assert view.state == "closed" and view.current_code == ""
    with queue.db.scope() as s:
        day = queueing.queue_status(s, queue.manager, now=MORNING)
    assert (day.issued, day.served, day.average_service_seconds) == (1, 0, 0)


def test_calling_next_days_later_does_not_serve_an_earlier_days_ticket(queue: Queue) -> None:
    queue.issue(queue.a)
    one = queue.window(1)
    called = queue.call(one)
    assert called is not None
    assert queue.call(one, MORNING + timedelta(days=2)) is None  # nobody waits today
    with queue.db.scope() as s:
        ticket = s.get(Ticket, called.id)
        assert (ticket.status, ticket.finished_at) == ("called", None)


def _sign_in(queue: Queue, role: str, window: int, now: datetime) -> auth.SignIn:
    with queue.db.scope() as s:
        return auth.sign_in(s, queue.hall.users[role], PASSWORD, hall_code=queue.hall.code,
                            window_number=window, now=now)


def test_signing_in_at_a_window_someone_holds_takes_it_over_and_says_so(queue: Queue) -> None:
    queue.issue(queue.a)
    queue.issue(queue.a)
    first = _sign_in(queue, "cashier", 1, MORNING)
    assert first.took_over is None  # nobody held it
    cashier = first.actor
    a001 = queue.call(cashier)
    assert a001 is not None and a001.code == "A001"
    with queue.db.scope() as s:
        queueing.pause_window(s, cashier, reason="午休")
    second = _sign_in(queue, "clerk", 1, MORNING + timedelta(minutes=5))
    clerk = second.actor
    assert second.took_over == queueing.Takeover(1, "李娜", "cashier_h01", "A001")
    view = _window_view(queue, 1)
    assert view.state == "open" and view.current_code == ""  # the cashier's pause ended too
    with queue.db.scope() as s:
        ended = s.get(Ticket, a001.id)
        assert (ended.status, ended.finished_at) == ("done",
                                                     MORNING + timedelta(minutes=5))
        taken = [r for r in audit.recent(s, queue.manager)
                 if r.action == "queue.window_taken_over"]
    assert len(taken) == 1 and taken[0].actor_name == clerk.username
    assert taken[0].details == {"window": 1, "username": "cashier_h01", "code": "A001"}
    a002 = queue.call(clerk, MORNING + timedelta(minutes=6))
    assert a002 is not None and a002.code == "A002"
    with queue.db.scope() as s:  # the cashier's own sign-out, from the PC they left
        auth.logout(s, cashier, now=MORNING + timedelta(minutes=8))
    view = _window_view(queue, 1)
    assert (view.state, view.current_code) == ("open", "A002")  # still the clerk's
    with queue.db.scope() as s:
        assert s.get(Ticket, a002.id).status == "called"
        auth.logout(s, clerk, now=MORNING + timedelta(minutes=9))
    with queue.db.scope() as s:
        assert s.get(Ticket, a002.id).status == "done"
        rows = audit.recent(s, queue.manager)
    ended_at_sign_out = [(r.actor_name, r.details["code"]) for r in rows
                         if r.action == "queue.ended_at_sign_out"]
    assert ended_at_sign_out == [(clerk.username, "A002")]  # not A001, never the cashier's
    assert _window_view(queue, 1).state == "closed"


def test_signing_in_again_at_ones_own_window_takes_nothing_over(queue: Queue) -> None:
    one = _sign_in(queue, "cashier", 1, MORNING).actor
    queue.issue(queue.a)
    called = queue.call(one)
    again = _sign_in(queue, "cashier", 1, MORNING + timedelta(minutes=1))
    assert again.took_over is None
    assert called is not None and _window_view(queue, 1).current_code == called.code


def test_a_recall_does_not_lengthen_the_measured_wait(queue: Queue) -> None:
    queue.issue(queue.a, MORNING)
    one = queue.window(1)
    called = queue.call(one, MORNING + timedelta(minutes=5))
    assert called is not None
    with queue.db.scope() as s:
        queueing.recall(s, one, called.id, now=MORNING + timedelta(minutes=8))
    with queue.db.scope() as s:
        queueing.finish(s, one, called.id, now=MORNING + timedelta(minutes=10))
    with queue.db.scope() as s:
        status = queueing.queue_status(s, queue.manager, now=MORNING + timedelta(minutes=11))
    assert status.average_wait_seconds == 5 * 60
    assert status.average_service_seconds == 5 * 60


def _queue_counter(queue: Queue) -> int:
    from sqlalchemy import select

    from app import events
    from app.models import ChangeCounter

    with queue.db.scope(readonly=True) as s:
        return s.scalar(select(ChangeCounter.version).where(
            ChangeCounter.topic == events.QUEUE,
            ChangeCounter.hall_id == queue.hall.info.id)) or 0


def test_call_next_returns_what_the_window_panel_shows(queue: Queue) -> None:
    queue.issue(queue.a, account_no="1002003004")
    queue.issue(queue.b, MORNING + timedelta(minutes=1))
    window = queue.window(2)
    for minute in (2, 3):  # a window's first call, then one with a current ticket to close
        called = queue.call(window, MORNING + timedelta(minutes=minute))
        with queue.db.scope() as s:
            shown = queueing.my_window(s, window, now=MORNING).current
        assert called is not None and called == shown
        assert called.issued_at.tzinfo == UTC and called.hall_name == "第一营业厅"
    assert called.service_name == "业务办理" and called.window_number == 2


def test_services_at_the_same_position_are_called_by_place_in_time(queue: Queue) -> None:
    """Only the setup code numbers positions (one per service), but rows edited by hand may
    share one: then place in time decides between those services, as the order says."""
    from sqlalchemy import select, update

    from app.models import Window, WindowService

    with queue.db.scope() as s:
        window_id = s.scalar(select(Window.id).where(Window.number == 2))
        s.execute(update(WindowService).where(WindowService.window_id == window_id)
                  .values(position=0))
        s.commit()
    window = queue.window(2)
    assert queue.call(window) is None  # the window is open: what follows is its usual call
    queue.issue(queue.b, MORNING)
    queue.issue(queue.a, MORNING + timedelta(minutes=1))
    called = [queue.call(window, MORNING + timedelta(minutes=m)) for m in (2, 3)]
    assert [t.code for t in called if t] == ["B001", "A001"]


def test_a_refused_call_changes_nothing_and_announces_nothing(queue: Queue) -> None:
    from sqlalchemy import update

    from app.errors import AccountDisabled
    from app.models import Staff

    queue.issue(queue.a)
    window = queue.window(1)
    first = queue.call(window)
    with queue.db.scope() as s:
        queueing.pause_window(s, window)
    before = _queue_counter(queue)
    with pytest.raises(QueueRefused):
        queue.call(window)
    assert _current(queue, 1) == (first.id if first else 0)
    assert _queue_counter(queue) == before
    with queue.db.scope() as s:
        queueing.resume_window(s, window)
    before = _queue_counter(queue)
    with queue.db.scope() as s:  # moved to the back office: no calling from the next action
        s.execute(update(Staff).where(Staff.id == window.staff_id).values(role="admin"))
        s.commit()
    with pytest.raises(PermissionDenied):
        queue.call(window)
    with queue.db.scope() as s:
        s.execute(update(Staff).where(Staff.id == window.staff_id)
                  .values(role="cashier", active=False))
        s.commit()
    with pytest.raises(AccountDisabled):
        queue.call(window)
    assert _current(queue, 1) == (first.id if first else 0)
    assert _queue_counter(queue) == before


def test_a_call_inside_an_outer_transaction_commits_nothing_by_itself(queue: Queue) -> None:
    """A session joined to a transaction it does not own (a savepoint in it) must leave the
    commit to that transaction: rolled back, the call never happened."""
    from sqlalchemy.orm import Session

    ticket = queue.issue(queue.a)
    window = queue.window(1)
    assert queue.call(window) is not None  # the window's status row exists from now on
    queue.issue(queue.a)
    before = _queue_counter(queue)
    with queue.db.engine.connect() as conn:
        outer = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint")
        try:
            called = queueing.call_next(session, window, now=MORNING)
        finally:
            session.close()
            outer.rollback()
    assert called is not None and called.code == "A002"
    assert _current(queue, 1) == ticket.id and _queue_counter(queue) == before
    again = queue.call(window)
    assert again is not None and again.code == "A002"


@pytest.mark.pg_only
def test_a_link_lost_during_a_call_is_reported_as_a_connection_error(
        queue: Queue, dialect: str) -> None:
    if dialect != "postgresql":
        pytest.skip("a network link to the database is PostgreSQL's")
    from sqlalchemy.exc import DBAPIError

    from app.db import is_connection_error
    from tests.tcp_proxy import TcpProxy

    queue.issue(queue.a)
    window = queue.window(1)
    assert queue.call(window) is not None
    queue.issue(queue.a)
    proxy = TcpProxy(queue.db.url.host or "127.0.0.1", queue.db.url.port or 5432)
    proxy.start()
    link = Database(queue.db.url.set(host="127.0.0.1", port=proxy.port))
    try:
        with pytest.raises(DBAPIError) as failed, link.scope() as s:  # out of the unit of work
            s.connection()  # checked out and pinged: the link is up
            proxy.stop()  # the cable is pulled
            queueing.call_next(s, window, now=MORNING)
        assert is_connection_error(failed.value) and failed.value.connection_invalidated
        proxy.start()
        with link.scope() as s:
            called = queueing.call_next(s, window, now=MORNING)
        assert called is not None and called.code == "A002"
    finally:
        proxy.stop()
        link.dispose()


def test_one_window_pressed_twice_at_once_leaves_no_ticket_behind(queue: Queue) -> None:
    """Two PCs signed in at one window, both calling: every call but the last is finished by
    the next one, whichever order the two transactions take."""
    from sqlalchemy import func, select

    from app.models import Ticket, TicketEvent

    window = queue.window(1)
    assert queue.call(window) is None  # the window's status row exists from now on
    for _ in range(40):
        queue.issue(queue.a)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def press() -> None:
        try:
            for _ in range(10):
                barrier.wait()
                queue.call(window)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with queue.db.scope(readonly=True) as s:
        statuses = dict(s.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
                        .tuples().all())
        calls = s.scalars(select(func.count()).select_from(TicketEvent).where(
            TicketEvent.action == "called").group_by(TicketEvent.ticket_id)).all()
    assert statuses == {"done": 19, "called": 1, "waiting": 20}
    assert calls == [1] * 20
