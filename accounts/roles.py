"""The roles of Leuven Helpt. Each role is a Django group, created by a data migration.

``design.md`` says what each role may see; views declare the roles they admit with
``accounts.permissions.role_required`` and the permission-matrix test checks them all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    INTERMEDIARY = "intermediary", _("Intermediary")
    KCC_AGENT = "kcc_agent", _("KCC agent")
    COORDINATOR = "coordinator", _("Coordinator")
    VOLUNTEER = "volunteer", _("Volunteer")
    CASEWORKER = "caseworker", _("Caseworker")
    CATALOGUE_EDITOR = "catalogue_editor", _("Catalogue editor")
    DPO = "dpo", _("Data protection officer")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


# The roles that work with other people's data or run the service: each of them signs in with a second
# factor (TOTP) and has the staff idle timeout. Citizens, intermediaries and volunteers are the public
# side: they are never asked for a second factor (they may turn it on themselves).
STAFF_ROLES: frozenset[str] = frozenset(Role.values) - {Role.CITIZEN, Role.INTERMEDIARY, Role.VOLUNTEER}

# Where each role works: staff land here after signing in (and a "no access" page points here), in this order
# when someone holds several roles. Citizens, intermediaries and volunteers (the public side) land on /mijn/, and so does the technical
# admin (the profile page links to Django's admin).
WORK_AREAS: tuple[tuple[str, str], ...] = (
    (Role.KCC_AGENT, "helpdesk:console"),
    (Role.COORDINATOR, "coordination:queue"),
    (Role.CASEWORKER, "partners:list"),
    (Role.DPO, "dpo:index"),
    (Role.CATALOGUE_EDITOR, "assistant:editor_overview"),
    (Role.MANAGER, "insights:dashboard"),
)


def work_area(user) -> str:
    """The URL name of the user's work area (``accounts:profile`` when they have none)."""
    if user.is_authenticated:
        for role, url_name in WORK_AREAS:
            if user.has_role(role):
                return url_name
    return "accounts:profile"
