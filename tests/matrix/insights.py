"""Permission-matrix rows for the insights app (merged into ``tests.permission_matrix.MATRIX``)."""

from tests.matrix.access import Access, Role, signed_in

MATRIX: dict[str, Access] = {
    # Aggregates only: coordinators and city management.
    "insights:dashboard": signed_in(Role.COORDINATOR, Role.MANAGER),
    "insights:csv": signed_in(Role.COORDINATOR, Role.MANAGER, kwargs={"key": "requests_by_channel"}),
}
