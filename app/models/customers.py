"""Customers and their gas / heating accounts (户)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

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


class Account(Base):
    """A supply point the utility bills: one customer may hold several (gas and heating)."""

    __tablename__ = "accounts"
    __table_args__ = (
        Index("ix_accounts_customer_id", "customer_id"),
        Index("ix_accounts_meter_no", "meter_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(200))
    meter_no: Mapped[str | None] = mapped_column(String(30))
    heated_area: Mapped[Decimal | None] = mapped_column(Numeric(10, 2, asdecimal=True))
    tariff_class: Mapped[str] = mapped_column(String(20), default=TariffClass.RESIDENTIAL.value)
    household_size: Mapped[int] = mapped_column(default=3)
    status: Mapped[str] = mapped_column(String(12), default=AccountStatus.ACTIVE.value)
    opened_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="accounts")
