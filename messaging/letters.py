"""Letters for people without e-mail: an A4 PDF per letter (reportlab), the address in the window of a DL/C5
window envelope (left window, 90 × 45 mm, 20 mm from the left and 45 mm from the top, as bpost advises), the
city's sender details, the date and the reference, in the person's language.

The outbox's ``letter`` channel "delivers" a letter by putting it in the print queue (``PrintedLetter``); a
coordinator downloads the day's letters as one PDF, prints them and marks them posted.

**Scripts.** The letters use DejaVu Sans (vendored in ``messaging/fonts/``, embedded as a subset in the PDF), which
has the Latin, Turkish, Cyrillic and Arabic letters of every language the site offers. ReportLab draws the glyphs
of a string left to right as given, without shaping: Arabic text is first turned into its joined letter forms
(``arabic_reshaper``) and then into display order, line by line (``bidi``). An Arabic letter has its text
right-aligned; the address in the window stays as bpost reads it, left-aligned (a name in Arabic script in it is
shaped too).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from arabic_reshaper import reshape
from bidi import get_display
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from leuvenhelpt.languages import is_rtl
from outbox.channels import PermanentFailure

WINDOW_LEFT, WINDOW_TOP, WINDOW_WIDTH, WINDOW_HEIGHT = 20 * mm, 45 * mm, 90 * mm, 45 * mm
MARGIN = 20 * mm

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "LetterSans", "LetterSans-Bold"

# Letters that need shaping and right-to-left order: Arabic, its supplement and its presentation forms.
RTL_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Groups of digits separated by single spaces ("016 27 27 72"): kept together as one number (see _visual).
SPACED_NUMBER = re.compile(r"\d+(?: \d+)+")
DIRECTION_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A left-to-right isolate: the text inside keeps its order and does not take the number after it along.
LTR_ISOLATE = "\u2066{}\u2069"


@cache
def register_fonts() -> None:
    """Register the letters' fonts with ReportLab, once per process (reading a font costs about 50 ms)."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    # <b> in a Paragraph picks the bold face.
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, name)


def _visual(text: str, rtl: bool) -> str:
    """One line as ReportLab must draw it: Arabic letters in their joined forms and the line in display order.

    A line without right-to-left letters is returned as it is (an address or an e-mail address in an Arabic
    letter stays left to right). In a right-to-left line the spaces inside a spaced number become no-break
    spaces: the bidi algorithm then keeps "016 27 27 72" as one left-to-right number instead of putting its
    groups in reverse order. Directional marks and isolates steer the order and are then dropped: the font has
    no glyph for them."""
    if not RTL_SCRIPT.search(text):
        return DIRECTION_MARKS.sub("", text)
    if rtl:
        text = SPACED_NUMBER.sub(lambda number: number.group().replace(" ", "\u00a0"), text)
    return DIRECTION_MARKS.sub("", get_display(reshape(text), base_dir="R" if rtl else "L"))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """A right-to-left paragraph broken into lines that fit ``width``, each in display order. The lines are
    broken in logical order (ReportLab would break the already reversed text from its wrong end)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pdfmetrics.stringWidth(reshape(candidate), font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return [_visual(line, rtl=True) for line in lines]


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


def _paragraph(text: str, style: ParagraphStyle, width: float, rtl: bool) -> Paragraph:
    """A paragraph of the letter; its single line breaks stay. Right to left: wrapped here, right-aligned."""
    if not rtl:
        return Paragraph(_escape(text).replace("\n", "<br/>"), style)
    lines = [visual for source in text.split("\n") for visual in _wrap(source, style.fontName, style.fontSize, width)]
    return Paragraph("<br/>".join(_escape(line) for line in lines), style)


def _draw(canvas: Canvas, message, rtl: bool) -> None:
    width, height = A4
    right = width - MARGIN
    city = settings.LEUVENHELPT

    def line(text: str, x: float, y: float, font: str, size: float, *, align_right: bool = False) -> None:
        canvas.setFont(font, size)
        if align_right:
            canvas.drawRightString(x, y, _visual(text, rtl))
        else:
            canvas.drawString(x, y, _visual(text, rtl))

    # The sender: at the top, on the reading side (left, or right in a right-to-left letter).
    sender = [
        _("City of Leuven – Leuven Helpt"),
        "Professor Van Overstraetenplein 1",
        "3000 Leuven",
        f"{_('Phone')} {city['PHONE']}",
        city["EMAIL"],
    ]
    for number, text in enumerate(sender):
        font, size = (BOLD, 11) if number == 0 else (REGULAR, 9)
        y = height - 18 * mm - number * 4.2 * mm
        line(text, right if rtl else MARGIN, y, font, size, align_right=rtl)
    # The return address just above the window, then the recipient inside it: always left to right, as the
    # postal service reads them.
    top = height - WINDOW_TOP
    canvas.setFont(REGULAR, 7)
    canvas.drawString(
        WINDOW_LEFT + 2 * mm,
        top - 4 * mm,
        _visual(_("Return: Leuven Helpt, Prof. Van Overstraetenplein 1, 3000 Leuven"), rtl=False),
    )
    canvas.setFont(REGULAR, 11)
    for number, text in enumerate(message.context.get("address", [])):
        canvas.drawString(WINDOW_LEFT + 2 * mm, top - 11 * mm - number * 5 * mm, _visual(text, rtl=False))
    # Date and reference on the right.
    today = formats.date_format(timezone.localdate(message.created_at), "j E Y")  # E: "5 грудня"
    # In a right-to-left line "Leuven," is isolated, else the bidi algorithm joins the day to it ("Leuven, 5").
    place = LTR_ISOLATE.format("Leuven,") if rtl else "Leuven,"
    line(f"{place} {today}", right, top - 4 * mm, REGULAR, 10, align_right=True)
    reference = message.context.get("reference", "")
    line(
        _("Your reference number: %(reference)s") % {"reference": reference},
        right,
        top - 10 * mm,
        BOLD,
        10,
        align_right=True,
    )
    # The subject and the text.
    alignment = {"alignment": TA_RIGHT} if rtl else {}
    style = ParagraphStyle("body", fontName=REGULAR, fontSize=11, leading=15, spaceAfter=8, **alignment)
    subject = ParagraphStyle("subject", parent=style, fontName=BOLD, fontSize=12, spaceAfter=12)
    text_width = width - 2 * MARGIN
    # Right-to-left lines are wrapped here a little narrower than the frame's inside (its padding is 6 pt a
    # side), so that the Paragraph never breaks them again.
    line_width = text_width - 2 * 6 - 2
    story = [_paragraph(message.subject, subject, line_width, rtl)]
    for paragraph in message.body.split("\n\n"):
        if paragraph.strip():
            story.append(_paragraph(paragraph.strip(), style, line_width, rtl))
    frame_top = height - WINDOW_TOP - WINDOW_HEIGHT - 10 * mm
    Frame(MARGIN, 25 * mm, text_width, frame_top - 25 * mm, showBoundary=0).addFromList(story, canvas)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(MARGIN, 12 * mm, f"Leuven Helpt · {city['PHONE']} · {city['EMAIL']} · {reference}")


def letters_pdf(messages: Iterable) -> bytes:
    """One PDF with a page per letter, each in its own language."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=REGULAR)  # no Helvetica at all
    canvas.setTitle("Leuven Helpt")
    canvas.setAuthor("Stad Leuven – Leuven Helpt")
    pages = 0
    for message in messages:
        with translation.override(message.language):
            _draw(canvas, message, rtl=is_rtl(message.language))
        canvas.showPage()
        pages += 1
    if not pages:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
