"""The one refusal every app raises: ``ActionRefused``.

It sits at the bottom of the domain so a service of any app can refuse an action (a request in the wrong
state, a match already answered, an SMS without a mobile number) and every view shows it the same way: the
message is translated, nothing was changed."""


class ActionRefused(Exception):
    """The action is not possible now (its message says why, in the user's language); nothing was changed."""
