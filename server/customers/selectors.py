"""Reading customers."""
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace

from customers.models import Customer

SEARCH_LIMIT = 20


def customer_search(text: str) -> QuerySet[Customer]:
    """Customers whose name, email or phone contains `text` (case-insensitive), for staff."""
    text = text.strip()
    customers = Customer.objects.select_related("user").order_by("name", "id")
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        match = Q(name__icontains=text) | Q(user__email__icontains=text) | Q(phone__icontains=text)
        if len(digits) >= 3:  # "07700900123" finds "07700 900-123", and the other way round
            customers = customers.annotate(phone_digits=Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")))
            match |= Q(phone_digits__icontains=digits)
        customers = customers.filter(match)
    return customers[:SEARCH_LIMIT]
