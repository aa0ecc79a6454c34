"""The help lines hold no personal data: public numbers of services."""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="emergency.HelpLine",
        subject=None,
        not_personal=(
            "id",
            "name",
            "name_en",
            "number",
            "purpose",
            "purpose_en",
            "kind",
            "hours",
            "closed_on_holidays",
            "order",
            "active",
        ),
    ),
]
