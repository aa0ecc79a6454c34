"""Task types, languages and areas: stored as bit sets, read everywhere as words.

The bit of a choice is its position in its choices class, so the stored numbers of every profile depend on
the order below: adding a choice at the end is fine, reordering or removing one silently changes what every
volunteer said they do. This test is the alarm."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from privacy.export import personal_data_export
from tests.factories import make_volunteer
from volunteers.choices import Area, Language, TaskType
from volunteers.forms import ProfileForm
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


def test_the_order_of_the_choices_is_pinned_because_the_stored_bits_depend_on_it():
    assert TaskType.values == ["shopping", "lift", "paperwork", "digital", "visit"]
    assert Language.values == ["nl", "fr", "en", "ar", "tr", "es", "pl", "ru", "uk"]
    assert Area.values == ["3000", "3001", "3010", "3012", "3018"]


def test_the_database_keeps_a_bit_set_and_python_reads_the_values_in_choices_order():
    profile = make_volunteer(tasks=("visit", "shopping"), languages=("ar", "nl"), areas=("3010",))
    stored = VolunteerProfile.objects.filter(pk=profile.pk).values_list("task_types", flat=True).query
    assert "task_types" in str(stored)
    raw = VolunteerProfile.objects.filter(pk=profile.pk, task_types=0b10001, languages=0b1001, areas=0b100)
    assert raw.exists()  # shopping (bit 0) + visit (bit 4); nl (0) + ar (3); 3010 (2)
    profile.refresh_from_db()
    assert profile.task_types == ["shopping", "visit"]
    assert profile.languages == ["nl", "ar"]
    assert profile.areas == ["3010"]
    assert list(VolunteerProfile.objects.filter(pk=profile.pk).values_list("languages", flat=True)) == [["nl", "ar"]]


def test_assigning_a_list_or_nothing_reads_back_the_same_way():
    profile = make_volunteer()
    profile.areas = ["3018", "3000"]
    assert profile.areas == ["3000", "3018"]
    profile.save()
    profile.refresh_from_db()
    assert profile.areas == ["3000", "3018"]
    profile.areas = []
    profile.save()
    assert VolunteerProfile.objects.filter(pk=profile.pk, areas=0).exists()


def test_an_unknown_value_is_refused_when_assigned():
    profile = make_volunteer()
    with pytest.raises(ValidationError, match="juggling"):
        profile.task_types = ["shopping", "juggling"]
    assert profile.task_types == ["shopping"]


def test_the_personal_data_export_prints_words_not_numbers():
    profile = make_volunteer(tasks=("shopping", "visit"), languages=("nl", "ar"), areas=("3000", "3010"))
    data = personal_data_export(user=profile.user)
    section = next(s for s in data["sections"] if s["model"] == "volunteers.VolunteerProfile")
    row = section["rows"][0]
    assert row["task_types"] == ["shopping", "visit"]
    assert row["languages"] == ["nl", "ar"]
    assert row["areas"] == ["3000", "3010"]

    with translation.override("en"):
        shown = personal_data_export(user=profile.user, display=True)
    section = next(s for s in shown["sections"] if s["model"] == "volunteers.VolunteerProfile")
    values = dict(section["rows"][0])
    assert values["task types"] == "Shopping, A weekly visit against loneliness"
    assert values["languages"] == "Dutch, Arabic"
    assert values["postcodes served"] == "3000 Leuven, 3010 Kessel-Lo"


def test_the_form_field_comes_from_the_model_field():
    form = ProfileForm()
    assert list(form.fields["languages"].choices) == list(Language.choices)
    profile = make_volunteer(languages=("fr", "nl"))
    assert ProfileForm.initial_for(profile)["languages"] == ["nl", "fr"]
    with translation.override("nl"):
        assert profile.preference_labels()["languages"] == ["Nederlands", "Frans"]
