"""Finding a customer and the card that heads every workspace (masked by the server for the
caller's role)."""

from __future__ import annotations

from app.services import customers
from app.services.customers import CustomerCard, SearchResult
from ui.ops import Work


def search_customers(query: str) -> Work[SearchResult]:
    """The first customers found by what was typed (or scanned), and whether there are more."""
    return lambda client: client.call(customers.search_customers, query=query)


def customer_card(customer_id: int) -> Work[CustomerCard]:
    """The customer, their accounts and what each owes today."""
    return lambda client: client.call(customers.customer_card, customer_id=customer_id)
