"""Customers and their gas / heating accounts (户)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.addresses import address_key
from app.models.base import Base, utcnow


class AccountKind(StrEnum):
    GAS = "gas"
    HEATING = "heating"


class TariffClass(StrEnum):
    RESIDENTIAL = "residential"
    NON_RESIDENTIAL = "non_residential"
    LOW_INCOME = "low_income"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"  # 报停: heating paused at the customer's request
    CLOSED = "closed"


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_phone", "phone"), Index("ix_customers_name", "name"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")
    contact_address: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    accounts: Mapped[list[Account]] = relationship(
        back_populates="customer", order_by="Account.account_no"
    )


def _address_key_default(context: DefaultExecutionContext) -> str:
    """An insert that names the address but not its key (Core, executemany) gets the key."""
    params: dict[str, object] = context.get_current_parameters()  # type: ignore[no-untyped-call]
    return address_key(str(params.get("address") or ""))


class Account(Base):
    """A supply point the utility bills: one customer may hold several (gas and heating)."""

    __tablename__ = "accounts"
    __table_args__ = (
        Index("ix_accounts_customer_id", "customer_id"),
        Index("ix_accounts_meter_no", "meter_no"),
        # Address search looks for the typed text's key inside this one (pg_trgm, created by
        # migration 0006 when the migrating role may; else a plain index stands in). On
        # SQLite an empty partial index: LIKE '%…%' scans there anyway.
        Index("ix_accounts_address_key_trgm", "address_key", postgresql_using="gin",
              postgresql_ops={"address_key": "gin_trgm_ops"}, sqlite_where=text("0")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(200))
    # The address in the form it is searched in (app/addresses.py): set with the address.
    address_key: Mapped[str] = mapped_column(Text, default=_address_key_default)
    meter_no: Mapped[str | None] = mapped_column(String(30))
    heated_area: Mapped[Decimal | None] = mapped_column(Numeric(10, 2, asdecimal=True))
    tariff_class: Mapped[str] = mapped_column(String(20), default=TariffClass.RESIDENTIAL.value)
    household_size: Mapped[int] = mapped_column(default=3)
    status: Mapped[str] = mapped_column(String(12), default=AccountStatus.ACTIVE.value)
    opened_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="accounts")

    @validates("address")
    def _keep_address_key(self, _key: str, value: str) -> str:
        self.address_key = address_key(value)
        return value
