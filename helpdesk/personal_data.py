"""Personal data in the KCC console (see ``leuvenhelpt/register.py``).

A contact moment belongs to the caller when they are known (``person``); its summary, questions, the
guided intake's answers and callback notes are free text or answers about them, erased with the person.
The screening data (domains, signals, routes) is the city's, not anyone's.
"""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="helpdesk.ContactMoment",
        subject="person",
        path="person",
        request="help_request",
        personal=(
            "channel",
            "created_at",
            "ended_at",
            "summary",
            "outcome",
            "transfer_to",
            "transfer_succeeded",
            "handoffs",
            "route",
            "intake",
            "signals",
        ),
        erase={"summary": "", "intake": {}, "transfer_to": ""},
        not_personal=("id", "agent", "person", "help_request"),
    ),
    Holding(
        model="helpdesk.ContactQuestion",
        subject="person",
        path="contact__person",
        # A contact about a request whose caller was not identified still belongs to that request.
        request="contact__help_request",
        personal=("text", "domain", "created_at"),
        erase={"text": ""},
        not_personal=("id", "contact"),
    ),
    Holding(
        model="helpdesk.Callback",
        subject="person",
        path="contact__person",
        request="contact__help_request",
        personal=("due_at", "note", "done_at", "result", "attempts"),
        erase={"note": ""},
        not_personal=("id", "contact", "organization", "assignee", "done_by"),
    ),
    # A status look-up by phone: the reference, the agent and whether the identity check passed —
    # kept to lock a code after three failed checks and for an inquiry, never shown to anyone else.
    Holding(
        model="helpdesk.StatusCheck",
        subject=None,
        not_personal=("id", "reference", "agent", "at", "result"),
    ),
    Holding(model="helpdesk.LifeDomain", subject=None, not_personal=("id", "key", "name", "need", "order")),
    Holding(model="helpdesk.Signal", subject=None, not_personal=("id", "domain", "label", "order", "active", "routes")),
    Holding(
        model="helpdesk.Route",
        subject=None,
        not_personal=("id", "key", "name", "kind", "explanation", "min_signals", "order", "active", "organizations"),
    ),
]
