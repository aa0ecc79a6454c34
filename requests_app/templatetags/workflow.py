"""``{% load workflow %}`` then ``{% if match|can:"accept" %}``: templates ask the process's workflow table
(``leuvenhelpt.workflow``) whether an action is allowed, instead of comparing state strings. The object's model
names its table in a ``workflow`` attribute; the table names the field that holds the state."""

from django import template

register = template.Library()


@register.filter
def can(obj, action: str) -> bool:
    """Whether ``action`` is allowed in the object's current state (False for no object)."""
    if obj is None or obj == "":
        return False
    workflow = obj.workflow
    return workflow.allowed(getattr(obj, workflow.field), action)
