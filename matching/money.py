"""Money as people write it: yuan with at most two decimals (fen), never rounded.

>>> from decimal import Decimal
>>> [format_yuan(Decimal(v)) for v in ("0.15", "12.50", "4500.00", "12345.6")]
['0.15', '12.5', '4,500', '12,345.6']
>>> to_yuan(0.15)
Decimal('0.15')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from matching.i18n import Text
from matching.i18n.validation import custom_error

__all__ = ["CENT", "check_fen", "format_yuan", "to_yuan"]

CENT = Decimal("0.01")


def to_yuan(amount: float | Decimal | str) -> Decimal:
    """The exact amount of a value with at most two decimals (``0.15`` stays ``0.15``).

    A float is read through its shortest repr, which is what was typed; more than two
    decimals is an error, not a rounding.
    """
    value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    if value != value.quantize(CENT):
        raise ValueError(f"{amount} has more than two decimals")
    return value.quantize(CENT)


def check_fen(amount: float) -> float:
    """Validator: refuse amounts finer than a fen (pydantic ``AfterValidator``)."""
    try:
        to_yuan(amount)
    except (InvalidOperation, ValueError) as error:
        raise custom_error("fen", Text("At most two decimals (fen)")) from error
    return amount


def format_yuan(amount: float | Decimal) -> str:
    """``0.15``, ``12.5``, ``4,500``: every decimal that was entered, none that was not."""
    value = to_yuan(amount) if not isinstance(amount, Decimal) else amount.quantize(CENT)
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
