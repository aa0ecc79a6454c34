"""Personal data of the people the city helps (see ``leuvenhelpt/register.py``).

Erased: the name, contact details (phone, e-mail, the postal address but its postcode) and date of birth.
Kept after erasure: postcode, language, the preferred channel and times — what the statistics count, no longer
tied to anyone. Importing ``leuvenhelpt.register`` from here is the register's convention (every app's
``personal_data.py`` does), allowed by the import contract although privacy sits above people.
"""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="people.Person",
        subject="person",
        personal=(
            "full_name",
            "date_of_birth",
            "phone",
            "email",
            "street",
            "house_number",
            "box",
            "postcode",
            "municipality",
            "preferred_language",
            "notify_channel",
            "created_at",
        ),
        erase={
            "full_name": "",
            "date_of_birth": None,
            "phone": "",
            "email": "",
            "street": "",
            "house_number": "",
            "box": "",
            "municipality": "",
        },
        not_personal=("id", "user", "updated_at", "anonymised_at"),
    ),
    # That two records were one person: the number of the merged record, who merged and when.
    Holding(
        model="people.PersonMerge",
        subject="person",
        path="kept",
        personal=("merged_id", "at"),
        not_personal=("id", "kept", "actor"),
    ),
    # Two records that look like one person, listed for a coordinator (migration 0003): deleted when either person is
    # erased (privacy.retention.person_anonymise) or the pair is merged.
    Holding(
        model="people.LikelyDuplicate",
        subject="person",
        path="first",
        personal=("how", "found_at"),
        not_personal=("id", "first", "second"),
    ),
]
