"""A plausible payload for a page's form, read from the page as a role that may open it: what a view that
forgot its role check would accept. Used by the permission matrix to POST valid-looking data as every role
that is refused (an empty POST is refused by the form's validation even when the role check is missing).

The form posted back to the page's own URL is taken (not the header's sign-out or language forms); each field
keeps its initial value, and an empty one is filled by its type and name: a date next week, an e-mail address,
a Belgian phone number, a number, some Dutch text; a select or radio group takes its first real option, a
checkbox is ticked; a formset's rows shown empty stay empty.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import timezone

_FILL_BY_TYPE = {
    "email": "test@example.org",
    "tel": "0470 12 34 56",
    "number": "1",
    "date": None,  # today, below
    "time": "10:00",
    "url": "https://example.org/",
    "password": "een-lang-wachtwoord-2026",
}
_FILL_BY_NAME = (
    ("email", "test@example.org"),
    ("phone", "0470 12 34 56"),
    ("telefoon", "0470 12 34 56"),
    ("date", None),
    ("birth", "1950-03-01"),
    ("postcode", "3000"),
    ("postal", "3000"),
    ("year", "2026"),
)
_TEXT = "Testgegevens voor de toegangstest"


class _Forms(HTMLParser):
    """Every ``<form method="post">`` on a page with its action and fields, in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                self._form = {"action": attributes.get("action", ""), "fields": []}
                self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            self._form["fields"].append(
                {
                    "tag": "input",
                    "type": kind,
                    "name": name,
                    "value": attributes.get("value", ""),
                    "checked": "checked" in attributes,
                }
            )
        elif tag == "select" and name:
            self._select = name
            self._form["fields"].append(
                {"tag": "select", "name": name, "options": [], "selected": None, "multiple": "multiple" in attributes}
            )
        elif tag == "option" and self._select:
            field = self._form["fields"][-1]
            value = attributes.get("value", "")
            field["options"].append(value)
            if "selected" in attributes:
                field["selected"] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["fields"].append({"tag": "textarea", "name": name, "value": ""})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][-1]["value"] += data


def _next_week() -> str:
    return (timezone.localdate() + timedelta(days=7)).isoformat()


def _row(name: str, formsets: set[str]) -> str | None:
    """The formset row ``<prefix>-<n>`` that the field ``name`` belongs to, if any."""
    found = re.match(r"(.+)-(\d+)-", name)
    return f"{found.group(1)}-{found.group(2)}" if found and found.group(1) in formsets else None


def _shown(field: dict) -> str:
    if field["tag"] == "select":
        return field["selected"] or ""
    if field.get("type") in ("checkbox", "radio"):
        return field["value"] if field["checked"] else ""
    return field["value"]


def _fill(field: dict) -> str:
    name = field["name"].lower()
    kind = field.get("type", "text")
    if kind in _FILL_BY_TYPE:
        return _FILL_BY_TYPE[kind] or _next_week()
    for part, value in _FILL_BY_NAME:
        if part in name:
            return value if value is not None else _next_week()
    return _TEXT


def plausible_payload(html: str, url: str) -> dict[str, list[str]]:
    """The fields of the form on ``html`` that posts to ``url`` (its own page), filled; ``{}`` without one."""
    parser = _Forms()
    parser.feed(html)
    path = urlsplit(url).path
    own = [form for form in parser.forms if urlsplit(form["action"]).path in ("", path)]
    if not own:
        return {}
    payload: dict[str, list[str]] = {}
    fields = own[0]["fields"]
    formsets = {
        field["name"].removesuffix("-TOTAL_FORMS") for field in fields if field["name"].endswith("-TOTAL_FORMS")
    }
    filled_rows = {_row(field["name"], formsets) for field in fields if field.get("type") != "hidden" and _shown(field)}
    for field in fields:
        name = field["name"]
        if name == "csrfmiddlewaretoken":
            continue
        values = payload.setdefault(name, [])
        if _row(name, formsets) not in filled_rows | {None}:  # an empty row of a formset stays empty
            if _shown(field) or field["tag"] != "input" or field["type"] not in ("checkbox", "radio"):
                values.append(_shown(field))
        elif field["tag"] == "select":
            real = [option for option in field["options"] if option]
            chosen = field["selected"] or (real[0] if real else "")
            values.append(chosen)
        elif field["tag"] == "textarea":
            values.append(field["value"].strip() or _TEXT)
        elif field["type"] in ("checkbox", "radio"):
            if field["type"] == "radio" and values:  # one value per radio group: the checked one, else the first
                if field["checked"]:
                    values[:] = [field["value"]]
                continue
            values.append(field["value"] or "on")
        elif field["type"] == "hidden":
            values.append(field["value"])
        else:
            values.append(field["value"] or _fill(field))
    return payload
