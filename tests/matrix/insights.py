"""Permission-matrix rows for the insights app (merged into ``tests.permission_matrix.MATRIX``)."""

from tests.matrix.access import Access

MATRIX: dict[str, Access] = {}
