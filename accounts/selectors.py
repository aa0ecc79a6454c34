from accounts.models import Membership, User
from accounts.roles import Role


def memberships_of(*, user: User):
    return Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")


def roles_of(*, user: User) -> list[str]:
    """The user's roles as translated labels, in the order of ``Role``."""
    return [str(label) for value, label in Role.choices if value in user.role_names]


def sessions_of(*, user: User):
    """The user's signed-in sessions, most recently used first."""
    from accounts.models import UserSession

    return UserSession.objects.filter(user=user).order_by("-last_seen_at", "-pk")


def fas_linked(*, user: User) -> bool:
    """Whether the user can sign in with itsme or the eID (their account holds a FAS link)."""
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(user=user, provider="fas").exists()
