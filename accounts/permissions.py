"""Who may open which page. Every view declares its roles here; the permission-matrix
test (``tests/test_permission_matrix.py``) walks every URL × role against a table."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(*roles: str) -> Callable:
    """Admit authenticated users holding one of ``roles``; others get the login page or 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_required(view: Callable) -> Callable:
    """Any signed-in user, whatever their role."""
    return role_required()(view)
