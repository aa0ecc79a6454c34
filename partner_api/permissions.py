"""Who may call what: a valid token with the scope of the call (reading or answering referrals)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from partner_api.models import ApiToken, Scope


class HasScope(BasePermission):
    """A token whose scopes include ``referrals:read`` for a GET and ``referrals:write`` for a POST."""

    message = _("This API token may not do this: it lacks the scope %(scope)s.")
    code = "scope_missing"

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        needed = Scope.READ if request.method in SAFE_METHODS else Scope.WRITE
        if needed not in token.scopes:
            self.message = self.message % {"scope": needed.value}
            return False
        return True
