"""Writes on users, roles and organisations. Each function is one transaction."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from accounts.models import Membership, Organization, User
from accounts.roles import Role


def organization_group_name(slug: str) -> str:
    return f"org:{slug}"


def roles_ensure() -> None:
    """Make sure every role group exists (the data migration creates them; a flushed database may not have them)."""
    for role in Role.values:
        Group.objects.get_or_create(name=role)


@transaction.atomic
def organization_create(*, name: str, kind: str, slug: str = "", **fields) -> Organization:
    """Create an organisation together with the group that holds its object permissions."""
    slug = slug or slugify(name)[:60]
    group, _ = Group.objects.get_or_create(name=organization_group_name(slug))
    organization = Organization(name=name, slug=slug, kind=kind, group=group, **fields)
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str]) -> None:
    """Give the user exactly these roles (role groups); organisation groups stay as they are."""
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    role_groups = list(Group.objects.filter(name__in=Role.values))
    user.groups.remove(*[g for g in role_groups if g.name not in roles])
    user.groups.add(*[g for g in role_groups if g.name in roles])
    # Only the technical admin opens Django's admin.
    if user.is_staff != (Role.ADMIN in roles):
        user.is_staff = Role.ADMIN in roles
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_names", None)


@transaction.atomic
def membership_add(
    *, user: User, organization: Organization, role: str = Role.CASEWORKER, job_title: str = ""
) -> Membership:
    """Make the user a member of the organisation: they join its group and hold the role."""
    membership, _ = Membership.objects.update_or_create(
        user=user, organization=organization, defaults={"role": role, "job_title": job_title}
    )
    user.groups.add(organization.group, Group.objects.get(name=role))
    user.__dict__.pop("_role_names", None)
    return membership


@transaction.atomic
def membership_remove(*, user: User, organization: Organization) -> None:
    Membership.objects.filter(user=user, organization=organization).delete()
    user.groups.remove(organization.group)


def user_update_profile(*, user: User, full_name: str, phone: str, preferred_language: str) -> User:
    user.full_name = full_name
    user.phone = phone
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone", "preferred_language"])
    return user
