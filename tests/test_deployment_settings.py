"""Settings every hall shares (company name, shift difference threshold): who may change them,
that a change is audited, that bad values are refused, and that the cashier service uses them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry
from app.services import cashier, deployment
from app.services.context import Actor
from tests.conftest import Hall
from tests.test_cli_billing import Cli, cli  # noqa: F401  (the fixture)

D = Decimal


def test_defaults_before_anything_is_set(db: Database) -> None:
    with db.scope(readonly=True) as s:
        current = deployment.read(s)
    assert current.company_name == ""
    assert current.shift_difference_threshold == cashier.DEFAULT_DIFFERENCE_THRESHOLD


def test_admin_sets_both_and_each_change_is_audited(db: Database, system: Actor) -> None:
    with db.scope() as s:
        assert deployment.set_company_name(s, system, "  某市燃气  热力有限公司 ") \
            == "某市燃气 热力有限公司"
    with db.scope() as s:
        assert deployment.set_difference_threshold(s, system, "20") == D("20.00")
    with db.scope() as s:
        deployment.set_company_name(s, system, "某市燃气热力有限公司")
    with db.scope(readonly=True) as s:
        current = deployment.read(s)
        entries = list(s.scalars(select(AuditEntry).where(
            AuditEntry.action == "deployment.setting_changed").order_by(AuditEntry.id)))
        assert [e.entity_id for e in entries] == [
            cashier.COMPANY_NAME_KEY, cashier.DIFFERENCE_THRESHOLD_KEY, cashier.COMPANY_NAME_KEY]
        assert "某市燃气 热力有限公司" in entries[2].details  # what it was before
        assert cashier.difference_threshold(s) == D("20.00")
    assert current == deployment.DeploymentSettings("某市燃气热力有限公司", D("20.00"))


@pytest.mark.parametrize("role", ["cashier", "hall_manager"])
def test_counter_roles_cannot_change_them(db: Database, hall: Hall, role: str) -> None:
    actor = hall.login(db, role)
    with pytest.raises(PermissionDenied), db.scope() as s:
        deployment.set_difference_threshold(s, actor, "1000")
    with pytest.raises(PermissionDenied), db.scope() as s:
        deployment.set_company_name(s, actor, "别的公司")


@pytest.mark.parametrize(("value", "rule"), [
    ("ten", "fen"), ("1.005", "fen"), ("-1", "range"), ("10000.01", "range")])
def test_a_bad_threshold_is_refused_and_nothing_changes(
        db: Database, system: Actor, value: str, rule: str) -> None:
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        deployment.set_difference_threshold(s, system, value)
    assert exc.value.field == "shift_difference_threshold"
    assert exc.value.params["rule"] == rule
    with db.scope(readonly=True) as s:
        assert deployment.read(s).shift_difference_threshold == D("10.00")


@pytest.mark.parametrize("name", ["", "   ", "公" * 61])
def test_a_bad_company_name_is_refused(db: Database, system: Actor, name: str) -> None:
    with pytest.raises(ValidationError), db.scope() as s:
        deployment.set_company_name(s, system, name)
    with db.scope(readonly=True) as s:
        assert deployment.read(s).company_name == ""


def test_the_company_command_sets_and_shows(cli: Cli) -> None:  # noqa: F811
    code, out, _err = cli("company", "show")
    assert code == 0 and "company-name = (not set" in out and "= 10.00" in out
    code, out, _err = cli("company", "set", "company-name", "某市燃气热力有限公司")
    assert code == 0 and "company-name = 某市燃气热力有限公司" in out
    code, out, _err = cli("company", "set", "shift-difference-threshold", "50")
    assert code == 0 and "shift-difference-threshold = 50.00" in out
    code, _out, err = cli("company", "set", "shift-difference-threshold", "lots")
    assert code == 2 and err.startswith("halldesk: ") and "Traceback" not in err
    code, _out, err = cli("company", "set", "company-name")
    assert code == 2 and "company set company-name NAME" in err
