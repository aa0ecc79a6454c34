"""List the likely duplicates in the existing data for the coordinators to review (issue 17 item 3). Merges
nothing. Frozen logic, as a migration must be: the same phone number (its digits; numbers were normalised by
requests_app 0010), the same e-mail address (any case), or the same name (any case) and date of birth."""

from collections import defaultdict

from django.db import migrations

BATCH = 5000


def list_likely_duplicates(apps, schema_editor):
    person = apps.get_model("people", "Person")
    duplicate = apps.get_model("people", "LikelyDuplicate")
    groups = defaultdict(list)
    rows = (
        person.objects.filter(anonymised_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "phone", "email", "full_name", "date_of_birth")
    )
    for pk, phone, email, name, born in rows.iterator(chunk_size=BATCH):
        digits = "".join(ch for ch in phone if ch.isdigit())
        if digits:
            groups[("phone", digits)].append(pk)
        if email:
            groups[("email", email.strip().lower())].append(pk)
        if name and born:
            groups[("name_birth", " ".join(name.lower().split()), born)].append(pk)
    pairs = []
    for key, found in groups.items():
        ids = sorted(set(found))
        pairs += [duplicate(first_id=ids[0], second_id=other, how=key[0]) for other in ids[1:]]
    duplicate.objects.bulk_create(pairs, batch_size=BATCH, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_likely_duplicates")]

    operations = [migrations.RunPython(list_likely_duplicates, migrations.RunPython.noop)]
