"""Writes on users, roles and organisations. Each function is one transaction."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Membership, Organization, User, UserSession
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


def _session_store_delete(session_key: str) -> None:
    """Delete a Django session from the store (database and cache), whoever it belongs to."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store().delete(session_key)


def user_session_start(*, user: User, session_key: str, user_agent: str, ip_prefix: str) -> UserSession:
    """Record a newly signed-in session (called when someone signs in)."""
    now = timezone.now()
    session, _ = UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "user_agent": user_agent[:300],
            "ip_prefix": ip_prefix,
            "started_at": now,
            "last_seen_at": now,
        },
    )
    return session


def user_session_end(*, user: User, session_id: int) -> bool:
    """End one of the user's own sessions (on another device): it is signed out at its next request.
    A session of someone else is not found, so nothing happens; returns whether one was ended."""
    with transaction.atomic():
        session = UserSession.objects.select_for_update().filter(user=user, pk=session_id).first()
        if session is None:
            return False
        session_key = session.session_key
        session.delete()
    _session_store_delete(session_key)
    return True


def user_sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End all the user's sessions but ``keep_session_key`` (the one they are using); returns how many."""
    with transaction.atomic():
        sessions = UserSession.objects.select_for_update().filter(user=user)
        if keep_session_key:
            sessions = sessions.exclude(session_key=keep_session_key)
        keys = list(sessions.values_list("session_key", flat=True))
        UserSession.objects.filter(session_key__in=keys).delete()
    for key in keys:
        _session_store_delete(key)
    return len(keys)


def user_deactivate(*, user: User) -> User:
    """Disable an account: it can no longer sign in, and every session it has is ended at once
    (the same happens when an administrator unticks "active" in the admin, through a signal)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user
