"""How insights write a figure, the same on the pages and in the yearly PDF."""

from django.utils.formats import number_format


def figure(value, kind: str = "count") -> str:
    """A figure as the active language writes it ("—" for none): counts grouped, hours
    with one decimal, percentages with one decimal and a sign."""
    if value is None:
        return "—"
    if kind == "percent":
        return number_format(value, decimal_pos=1, use_l10n=True) + " %"
    if kind == "hours":
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
