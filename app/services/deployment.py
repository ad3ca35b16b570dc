"""Settings every hall of the deployment shares, kept in the database (deployment_settings):
the company printed at the top of every receipt and report, and how far a cashier's count
may differ from the expected cash before a manager must sign the shift off.

Counter-local settings (database address, printer, language) live in each PC's config file
(app.config); these are the utility's, so one change reaches every counter at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from app.billing.money import ensure_fen
from app.errors import ValidationError
from app.models import DeploymentSetting
from app.permissions import Permission
from app.services import audit
from app.services.cashier import (
    COMPANY_NAME_KEY,
    DEFAULT_DIFFERENCE_THRESHOLD,
    DIFFERENCE_THRESHOLD_KEY,
)
from app.services.context import Actor, require
from app.text import written_text

MAX_COMPANY_NAME = 60  # two lines of an 80 mm receipt in double-width type
MAX_THRESHOLD = Decimal("10000.00")


@dataclass(frozen=True)
class DeploymentSettings:
    company_name: str
    shift_difference_threshold: Decimal


def read(session: Session) -> DeploymentSettings:
    company = session.get(DeploymentSetting, COMPANY_NAME_KEY)
    threshold = session.get(DeploymentSetting, DIFFERENCE_THRESHOLD_KEY)
    result = DeploymentSettings(
        company.value if company is not None else "",
        Decimal(threshold.value) if threshold is not None else DEFAULT_DIFFERENCE_THRESHOLD)
    return result


def settings(session: Session, actor: Actor) -> DeploymentSettings:
    """The deployment's settings as the administrator's screen shows them (``read`` is for
    the server's own use: receipts, the shift close)."""
    require(session, actor, Permission.MANAGE_HALLS)
    return read(session)


def _store(session: Session, actor: Actor, key: str, value: str) -> None:
    row = session.get(DeploymentSetting, key)
    before = row.value if row is not None else ""
    if row is None:
        session.add(DeploymentSetting(key=key, value=value))
    else:
        row.value = value
    audit.record(session, actor, "deployment.setting_changed", "deployment_setting", key,
                 details={"before": before, "after": value})


def set_company_name(session: Session, actor: Actor, name: str) -> str:
    """The company printed on receipts and reports (e.g. 某某市燃气热力有限公司)."""
    require(session, actor, Permission.MANAGE_HALLS)
    clean = written_text(" ".join(name.split()), field="company_name",
                         max_length=10 * MAX_COMPANY_NAME)  # no control characters
    if not clean:
        raise ValidationError("The company name is empty.", field="company_name",
                              rule="required")
    if len(clean) > MAX_COMPANY_NAME:
        raise ValidationError("The company name is longer than {n} characters.",
                              field="company_name", rule="too_long", n=MAX_COMPANY_NAME)
    _store(session, actor, COMPANY_NAME_KEY, clean)
    return clean


def set_difference_threshold(session: Session, actor: Actor, amount: str | Decimal) -> Decimal:
    """A shift count may differ from the expected cash by up to this much (either way)
    without a manager's approval; 0 makes every difference need one."""
    require(session, actor, Permission.MANAGE_HALLS)
    try:
        value = ensure_fen(Decimal(str(amount).strip()), "shift_difference_threshold")
    except InvalidOperation:
        raise ValidationError("{value} is not an amount in yuan and fen.",
                              field="shift_difference_threshold", rule="fen",
                              value=str(amount)) from None
    if value < 0 or value > MAX_THRESHOLD:
        raise ValidationError("The threshold is between 0 and {max} yuan.",
                              field="shift_difference_threshold", rule="range",
                              max=str(MAX_THRESHOLD))
    _store(session, actor, DIFFERENCE_THRESHOLD_KEY, str(value))
    return value
