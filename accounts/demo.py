"""Demo accounts and Leuven partner organisations for ``seed_demo``.

Every app may have a ``demo.py`` with ``seed(*, stdout)``; ``seed_demo`` calls them in
``INSTALLED_APPS`` order, so accounts and organisations come first.
"""

import time

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import transaction

from accounts import services
from accounts.models import Organization, User
from accounts.roles import STAFF_ROLES, Role

DEMO_PASSWORD = "LeuvenHelpt-demo"  # noqa: S105 - documented in the README, demo data only # nosec B105
# The second factor of every staff demo account (README): add it to an authenticator app as a
# key entered by hand, or compute the code with ``demo_totp_code()``. Demo data only.
DEMO_TOTP_SECRET = "LEUVENHELPTDEMO2"  # noqa: S105 - demo accounts only, in the README # nosec B105
DEMO_EMAIL_DOMAIN = "@leuvenhelpt.test"


def demo_totp_code(at: float | None = None) -> str:
    """The current six-digit code of the demo authenticator (``at``: a Unix time, default now)."""
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(at if at is not None else time.time()) // 30))


def _demo_second_factor(user: User) -> None:
    """Give a staff demo account a TOTP authenticator with the documented demo secret."""
    data = {"secret": get_mfa_adapter().encrypt(DEMO_TOTP_SECRET)}
    updated = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).update(data=data)
    if not updated:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data=data)


ORGANIZATIONS = [
    {
        "slug": "stad-leuven",
        "name": "Stad Leuven – Leuven Helpt",
        "kind": Organization.Kind.CITY_SERVICE,
        "email": "leuvenhelpt@leuven.be",
        "phone": "016 27 27 72",
        "address": "Professor Van Overstraetenplein 1, 3000 Leuven",
        "website": "https://www.leuven.be/leuvenhelpt",
    },
    {
        "slug": "ocmw-leuven",
        "name": "OCMW Leuven",
        "kind": Organization.Kind.OCMW,
        "address": "Andreas Vesaliusstraat 47, 3000 Leuven",
        "website": "https://www.ocmw-leuven.be",
    },
    {
        "slug": "caw-oost-brabant",
        "name": "CAW Oost-Brabant",
        "kind": Organization.Kind.CAW,
        "website": "https://www.caw.be",
    },
    {
        "slug": "cm-leuven",
        "name": "CM – Christelijke Mutualiteit (dienst maatschappelijk werk)",
        "kind": Organization.Kind.MUTUALITEIT,
        "website": "https://www.cm.be",
    },
    {
        "slug": "solidaris",
        "name": "Solidaris (dienst maatschappelijk werk)",
        "kind": Organization.Kind.MUTUALITEIT,
        "website": "https://www.solidaris-vlaanderen.be",
    },
    {
        "slug": "elz-leuven",
        "name": "Eerstelijnszone Leuven",
        "kind": Organization.Kind.ELZ_PARTNER,
    },
    {
        "slug": "lampeke",
        "name": "Buurtwerk 't Lampeke",
        "kind": Organization.Kind.BUURTWERK,
        "address": "Riddersstraat 147, 3000 Leuven",
        "website": "https://www.lampeke.be",
    },
]

# (e-mail, full name, role, organisation slug or None, job title)
ACCOUNTS = [
    ("burger@leuvenhelpt.test", "An Peeters", Role.CITIZEN, None, ""),
    ("intermediair@leuvenhelpt.test", "Karim El Amrani", Role.INTERMEDIARY, None, ""),
    ("kcc@leuvenhelpt.test", "Sofie Janssens", Role.KCC_AGENT, "stad-leuven", "Medewerker klantcontactcentrum"),
    ("coordinator@leuvenhelpt.test", "Els Vermeulen", Role.COORDINATOR, "stad-leuven", "Coördinator Leuven Helpt"),
    ("vrijwilliger@leuvenhelpt.test", "Jonas Claes", Role.VOLUNTEER, None, ""),
    ("hulpverlener@leuvenhelpt.test", "Fatima Benali", Role.CASEWORKER, "caw-oost-brabant", "Maatschappelijk werker"),
    ("ocmw@leuvenhelpt.test", "Tom Maes", Role.CASEWORKER, "ocmw-leuven", "Maatschappelijk werker"),
    ("redacteur@leuvenhelpt.test", "Pieter De Smet", Role.CATALOGUE_EDITOR, "stad-leuven", "Redacteur dienstverlening"),
    # A second editor: a catalogue draft is only published after another editor approved it (four-eyes review).
    ("redacteur2@leuvenhelpt.test", "Nora Vos", Role.CATALOGUE_EDITOR, "stad-leuven", "Redacteur communicatie"),
    ("dpo@leuvenhelpt.test", "Lies Wouters", Role.DPO, "stad-leuven", "Functionaris voor gegevensbescherming"),
    ("manager@leuvenhelpt.test", "Marc Willems", Role.MANAGER, "stad-leuven", "Afdelingshoofd Welzijn"),
    ("admin@leuvenhelpt.test", "Technisch beheer", Role.ADMIN, "stad-leuven", "Applicatiebeheerder"),
]


@transaction.atomic
def seed(*, stdout) -> None:
    services.roles_ensure()
    organizations = {}
    for data in ORGANIZATIONS:
        data = dict(data)
        slug = data.pop("slug")
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            organization = services.organization_create(slug=slug, **data)
        else:
            Organization.objects.filter(pk=organization.pk).update(**data)
        organizations[slug] = organization

    for email, full_name, role, org_slug, job_title in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
        elif not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.full_name = full_name
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.save()
        services.user_set_roles(user=user, roles=[role])
        if org_slug:
            services.membership_add(user=user, organization=organizations[org_slug], role=role, job_title=job_title)
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if role in STAFF_ROLES:
            _demo_second_factor(user)

    stdout.write(f"Organisations: {len(organizations)}")
    stdout.write(
        f"Demo accounts (password for all: {DEMO_PASSWORD}; staff second factor: TOTP key {DEMO_TOTP_SECRET}):"
    )
    for email, full_name, role, org_slug, _job in ACCOUNTS:
        where = f" – {organizations[org_slug].name}" if org_slug else ""
        stdout.write(f"  {role:<17} {email:<32} {full_name}{where}")
