"""Letters print in every offered language (issue 21): the PDF embeds DejaVu Sans, which has the Latin, Turkish,
Cyrillic and Arabic letters, and Arabic comes out shaped (joined forms) and right to left. Read back with poppler
(pdftotext, pdffonts), as a person reading the printed page would: the words, their order on the line and their
place on the page."""

import re
import shutil
import subprocess
import unicodedata

import pytest
from django.utils import timezone

from accounts.roles import Role
from messaging.letters import letters_pdf, register_fonts
from messaging.models import PrintedLetter
from outbox.models import Channel, OutboxMessage
from people import services as people_services
from requests_app import services as request_services
from tests.factories import UserFactory, make_request

pytestmark = pytest.mark.django_db

A4_WIDTH = 595.3  # points


def poppler(tool: str, pdf: bytes, *arguments: str) -> str:
    path = shutil.which(tool)
    assert path, "install poppler-utils"
    files = ["-"] if tool == "pdffonts" else ["-", "-"]
    return subprocess.run([path, *arguments, *files], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603


def letter_for(language: str, django_capture_on_commit_callbacks, full_name: str = "Georgette Wouters"):
    """The letter a help seeker who chose letters gets when a coordinator takes up their request."""
    person = people_services.person_create(
        full_name=full_name,
        phone="016 44 55 66",
        language=language,
        notify_channel="letter",
        street="Diestsesteenweg",
        house_number="112",
        postcode="3010",
        municipality="Kessel-Lo",
    )
    request = make_request(person=person)
    with django_capture_on_commit_callbacks(execute=True):
        request_services.request_take_up(request=request, actor=UserFactory(roles=[Role.COORDINATOR]))
    return PrintedLetter.objects.get().message, request.reference


def normalised(text: str) -> str:
    """pdftotext's text in a comparable form: Arabic presentation forms back to their letters and no-break spaces
    to spaces (NFKC), the direction marks pdftotext adds around right-to-left runs dropped, spacing collapsed."""
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def has(phrase: str, text: str) -> bool:
    """The phrase is in the text, in logical order or (as some pdftotext versions give right-to-left text) in
    visual order, character by character reversed."""
    return phrase in text or phrase[::-1] in text


def words(pdf: bytes) -> list[tuple[str, float, float]]:
    """Each word on page 1 with its left edge and its top, normalised."""
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', poppler("pdftotext", pdf, "-bbox"))
    return [(normalised(word), float(left), float(top)) for left, top, word in found]


def left_of(pdf: bytes, word: str) -> float:
    return next(left for text, left, _top in words(pdf) if text in (word, word[::-1]))


EXPECTED = {
    "nl": ["Nieuws over uw vraag", "Uw referentienummer:", "Stad Leuven"],
    "fr": ["Nouvelles sur votre question", "Bonjour", "Ville de Louvain"],
    "tr": ["sorunuz hakkında haber", "Merhaba", "Leuven Belediyesi"],
    "uk": ["Новини щодо вашого запитання", "Добрий день!", "Ваш номер запиту:", "грудня"],
    "ar": ["أخبار عن سؤالك", "مرحبا", "رقمك المرجعي", "مدينة لوفان", "ديسمبر"],
}


@pytest.mark.parametrize("language", ["nl", "fr", "tr", "uk", "ar"])
def test_a_letter_prints_in_the_persons_language_with_an_embedded_font(
    language, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.datetime(2026, 12, 5, 10, tzinfo=timezone.get_current_timezone()))
    message, reference = letter_for(language, django_capture_on_commit_callbacks)
    assert message.language == language
    pdf = letters_pdf([message])
    text = normalised(poppler("pdftotext", pdf, "-layout"))
    for phrase in EXPECTED[language]:
        assert has(phrase, text), f"{phrase!r} not in the {language} letter: {text}"
    # Numbers, the reference and the address come out as written, in every language.
    for phrase in (
        reference,
        "016 27 27 72",
        "Georgette Wouters",
        "Diestsesteenweg 112",
        "3010 Kessel-Lo",
        "3000 Leuven",
    ):
        assert phrase in text, f"{phrase!r} not in the {language} letter: {text}"
    fonts = poppler("pdffonts", pdf).splitlines()[2:]
    assert {line.split()[0].split("+")[-1] for line in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), fonts  # embedded, as a subset


def test_turkish_letters_are_printed_not_replaced():
    message = OutboxMessage(
        channel=Channel.LETTER,
        language="tr",
        subject="Başvurunuz",
        body="Değişiklik: ışık, şu, ğ, İ, ç, ö, ü.",
        context={"address": ["Ayşe Yılmaz", "Naamsestraat 3", "3000 Leuven"], "reference": "LH-7K3Q-92"},
    )
    text = normalised(poppler("pdftotext", letters_pdf([message]), "-layout"))
    assert "Değişiklik: ışık, şu, ğ, İ, ç, ö, ü." in text and "Ayşe Yılmaz" in text


def test_arabic_is_shaped_and_runs_right_to_left(django_capture_on_commit_callbacks):
    message, reference = letter_for("ar", django_capture_on_commit_callbacks)
    pdf = letters_pdf([message])
    raw = poppler("pdftotext", pdf, "-layout")
    # Shaped: every Arabic letter is drawn in its joined (presentation) form, none as the bare letter, which
    # ReportLab would print unjoined.
    assert re.search("[\ufe70-\ufefc]", raw)
    assert not re.search("[\u0621-\u064a]", raw), "unshaped Arabic letters in the PDF"
    # Right to left: in the subject "أخبار عن سؤالك LH-…" the first word is the rightmost, the reference the
    # leftmost; the text ends at the right margin.
    first, last = left_of(pdf, "أخبار"), left_of(pdf, "سؤالك")
    assert left_of(pdf, reference) < last < first
    assert first > A4_WIDTH / 2
    # Phone numbers read left to right as written, on every line they are on (not "72 27 27 016").
    placed = words(pdf)
    lines = {top for text, _left, top in placed if text == "016"}
    assert len(lines) == 4  # the sender block, two sentences of the text, the footer
    for top in lines:
        on_line = [(left, text) for text, left, word_top in placed if word_top == top and text in ("016", "27", "72")]
        assert [text for _left, text in sorted(on_line)] == ["016", "27", "27", "72"]
    # The address in the envelope window stays left to right at the left, as for every letter.
    assert left_of(pdf, "Georgette") < 70 < left_of(pdf, "Wouters") < 150
    assert "Diestsesteenweg 112" in normalised(raw)


def test_a_name_in_arabic_script_in_a_dutch_letter_is_shaped_in_the_window(django_capture_on_commit_callbacks):
    message, _reference = letter_for("nl", django_capture_on_commit_callbacks, full_name="سارة الحسن")
    pdf = letters_pdf([message])
    assert message.language == "nl"
    assert has("سارة الحسن", normalised(poppler("pdftotext", pdf, "-layout")))
    assert not re.search("[\u0621-\u064a]", poppler("pdftotext", pdf, "-raw"))
    assert left_of(pdf, "Diestsesteenweg") < 70


def test_the_fonts_are_read_once_per_process():
    register_fonts.cache_clear()
    message = OutboxMessage(
        channel=Channel.LETTER,
        language="uk",
        subject="Новини",
        body="Добрий день!",
        context={"address": ["Олена Коваль", "Naamsestraat 3", "3000 Leuven"], "reference": "LH-7K3Q-92"},
    )
    letters_pdf([message])
    letters_pdf([message])
    assert register_fonts.cache_info().misses == 1 and register_fonts.cache_info().hits == 1


def test_a_long_arabic_paragraph_is_broken_into_lines_that_read_from_the_top_right():
    """The lines are broken in logical order: the paragraph's first word is at the top right, its last word on
    the last line, every word printed once and no line past the margin."""
    middle = " ".join(["نحن", "ندرس", "سؤالك", "بعناية"] * 25)
    dutch = OutboxMessage(
        channel=Channel.LETTER,
        language="nl",
        subject="Nieuws",
        body="Goedendag,",
        context={"address": ["Jan Peeters", "Naamsestraat 3", "3000 Leuven"], "reference": "LH-7K3Q-92"},
    )
    arabic = OutboxMessage(
        channel=Channel.LETTER,
        language="ar",
        subject="أخبار",
        body=f"البداية {middle} النهاية",
        context={"address": ["Jan Peeters", "Naamsestraat 3", "3000 Leuven"], "reference": "LH-7K3Q-92"},
    )
    pdf = letters_pdf([dutch, arabic])  # one PDF, a page per letter, each in its own language and direction
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
        poppler("pdftotext", pdf, "-bbox", "-f", "2", "-l", "2"),
    )
    body = [(normalised(text), float(left), float(top), float(right)) for left, top, right, text in found]
    first = next(word for word in body if has("البداية", word[0]))
    last = next(word for word in body if has("النهاية", word[0]))
    tops = sorted({round(top) for text, _left, top, _right in body if has("بعناية", text)})
    assert len(tops) >= 3  # the paragraph takes several lines
    assert first[2] < last[2] and round(first[2]) == tops[0]  # begins on the first line, ends on the last
    assert first[3] > A4_WIDTH - 20 / 25.4 * 72 - 12  # the first word touches the right margin
    assert sum(has("بعناية", text) for text, *_ in body) == 25
    assert max(right for *_, right in body) < A4_WIDTH - 20 / 25.4 * 72 + 1
    assert min(left for _text, left, *_ in body) > 20 / 25.4 * 72 - 1
    assert "Goedendag," in poppler("pdftotext", pdf, "-f", "1", "-l", "1")
