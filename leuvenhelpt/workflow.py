"""The shape every process's ``workflow.py`` shares: one table of edges, each with its action and its reason.

An edge says: in state ``source``, the action ``action`` leads to ``target``, because ``reason``. An action may
keep the state (``refer`` while already referred asks one more partner). Nothing that is not in the table is
allowed. Services guard with ``allowed(state, action)`` (or ``edge()``, which refuses with the standard message),
views pass ``actions(state)`` to their templates as action flags, and templates ask ``{{ obj|can:"accept" }}``
(``requests_app/templatetags/workflow.py``) instead of comparing state strings. Each process has an all-pairs test
that tries every action in every state through its services.

The processes: the help request, the referral and the support track (``requests_app/workflow.py``), the
volunteer's onboarding and the match (``volunteers/workflow.py``).
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Edge:
    source: str
    action: str
    target: str
    reason: str

    @property
    def moves(self) -> bool:
        """Whether the action changes the state (a transition) or acts within it."""
        return self.source != self.target


class Workflow:
    """The states of one process and its table of edges (one per state and action)."""

    def __init__(self, name: str, *, field: str, states: Iterable[str], edges: Iterable[Edge]):
        self.name = name
        self.field = field  # the model field that holds the state ("state", "status")
        self.states = tuple(states)
        self.edges = tuple(edges)
        self._edges: dict[tuple[str, str], Edge] = {}
        for edge in self.edges:
            if edge.source not in self.states or edge.target not in self.states:
                raise ValueError(f"{name}: {edge} names a state that is not in the process")
            if not edge.reason.strip():
                raise ValueError(f"{name}: {edge} has no reason")
            if (edge.source, edge.action) in self._edges:
                raise ValueError(f"{name}: two edges for {edge.action!r} from {edge.source!r}")
            self._edges[(edge.source, edge.action)] = edge
        self.action_names = tuple(dict.fromkeys(edge.action for edge in self.edges))

    def __repr__(self) -> str:
        return f"<Workflow {self.name}: {len(self.edges)} edges>"

    def _known(self, action: str) -> None:
        if action not in self.action_names:
            raise ValueError(f"{self.name} has no action '{action}' (its actions: {', '.join(self.action_names)})")

    def allowed(self, state: str, action: str) -> bool:
        """Whether ``action`` may be taken in ``state``. An unknown action is a programming error."""
        self._known(action)
        return (state, action) in self._edges

    def edge(self, state: str, action: str) -> Edge | None:
        """The edge ``action`` takes from ``state``, or None when the table has none."""
        self._known(action)
        return self._edges.get((state, action))

    def target(self, state: str, action: str) -> str | None:
        """Where ``action`` leads from ``state``; None when it is not allowed there."""
        edge = self.edge(state, action)
        return edge.target if edge else None

    def after(self, state: str, action: str) -> str:
        """Where ``action`` leads from ``state``, for a service that has already checked it is allowed."""
        edge = self.edge(state, action)
        if edge is None:
            raise ValueError(f"{self.name}: {action} is not allowed in {state}")
        return edge.target

    def actions(self, state: str) -> dict[str, bool]:
        """Every action of the process → whether it is allowed in ``state`` (a view's action flags)."""
        return {action: (state, action) in self._edges for action in self.action_names}

    def sources(self, action: str, *, moving: bool = False) -> list[str]:
        """The states in which ``action`` is allowed (with ``moving``: only where it changes the state)."""
        self._known(action)
        return [edge.source for edge in self.edges if edge.action == action and (edge.moves or not moving)]

    def transitions(self) -> dict[tuple[str, str], str]:
        """(source, target) → reason for every edge that changes the state."""
        found: dict[tuple[str, str], str] = {}
        for edge in self.edges:
            if edge.moves:
                found.setdefault((edge.source, edge.target), edge.reason)
        return found

    def can_move(self, source: str, target: str) -> bool:
        """Whether some action leads from ``source`` to ``target``."""
        return any(edge.source == source and edge.target == target for edge in self.edges)


def fan_in(sources: Iterable[str], action: str, target: str, reason: str) -> list[Edge]:
    """The same action and reason from several states (e.g. withdrawing from every waiting state)."""
    return [Edge(source, action, target, reason) for source in sources]
