"""Letters for people without e-mail: an A4 PDF per letter (reportlab), the address in the window of a DL/C5
window envelope (left window, 90 × 45 mm, 20 mm from the left and 45 mm from the top, as bpost advises), the
city's sender details, the date and the reference, in the person's language.

The outbox's ``letter`` channel "delivers" a letter by putting it in the print queue (``PrintedLetter``); a
coordinator downloads the day's letters as one PDF, prints them and marks them posted.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from outbox.channels import PermanentFailure

WINDOW_LEFT, WINDOW_TOP, WINDOW_WIDTH, WINDOW_HEIGHT = 20 * mm, 45 * mm, 90 * mm, 45 * mm
MARGIN = 20 * mm


def address_complete(lines: list[str]) -> bool:
    """A name, a street line and a postcode-and-municipality line at least."""
    return len([line for line in lines if line.strip()]) >= 3


def deliver_letter(message) -> None:
    """The outbox's delivery function for the ``letter`` channel: into the print queue (once)."""
    from messaging.models import PrintedLetter

    if not address_complete(message.context.get("address", [])):
        raise PermanentFailure("letter without a complete address")
    PrintedLetter.objects.get_or_create(message=message)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _draw(canvas: Canvas, message) -> None:
    width, height = A4
    city = settings.LEUVENHELPT
    sender = [
        _("City of Leuven – Leuven Helpt"),
        "Professor Van Overstraetenplein 1",
        "3000 Leuven",
        f"{_('Phone')} {city['PHONE']}",
        city["EMAIL"],
    ]
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(MARGIN, height - 18 * mm, sender[0])
    canvas.setFont("Helvetica", 9)
    for number, line in enumerate(sender[1:], start=1):
        canvas.drawString(MARGIN, height - 18 * mm - number * 4.2 * mm, line)
    # The return address just above the window, then the recipient inside it.
    top = height - WINDOW_TOP
    canvas.setFont("Helvetica", 7)
    canvas.drawString(
        WINDOW_LEFT + 2 * mm, top - 4 * mm, _("Return: Leuven Helpt, Prof. Van Overstraetenplein 1, 3000 Leuven")
    )
    canvas.setFont("Helvetica", 11)
    for number, line in enumerate(message.context.get("address", [])):
        canvas.drawString(WINDOW_LEFT + 2 * mm, top - 11 * mm - number * 5 * mm, line)
    # Date and reference on the right.
    right = width - MARGIN
    canvas.setFont("Helvetica", 10)
    today = formats.date_format(timezone.localdate(message.created_at), "j F Y")
    canvas.drawRightString(right, top - 4 * mm, f"Leuven, {today}")
    canvas.setFont("Helvetica-Bold", 10)
    reference = message.context.get("reference", "")
    canvas.drawRightString(right, top - 10 * mm, f"{_('Your reference')}: {reference}")
    # The subject and the text.
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15, spaceAfter=8)
    subject = ParagraphStyle("subject", parent=style, fontName="Helvetica-Bold", fontSize=12, spaceAfter=12)
    story = [Paragraph(_escape(message.subject), subject)]
    for paragraph in message.body.split("\n\n"):
        if paragraph.strip():
            story.append(Paragraph(_escape(paragraph.strip()).replace("\n", "<br/>"), style))
    frame_top = height - WINDOW_TOP - WINDOW_HEIGHT - 10 * mm
    Frame(MARGIN, 25 * mm, width - 2 * MARGIN, frame_top - 25 * mm, showBoundary=0).addFromList(story, canvas)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(MARGIN, 12 * mm, f"Leuven Helpt · {city['PHONE']} · {city['EMAIL']} · {reference}")


def letters_pdf(messages: Iterable) -> bytes:
    """One PDF with a page per letter, each in its own language."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Leuven Helpt")
    canvas.setAuthor("Stad Leuven – Leuven Helpt")
    pages = 0
    for message in messages:
        with translation.override(message.language):
            _draw(canvas, message)
        canvas.showPage()
        pages += 1
    if not pages:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
