"""Ranking in one query, with the facts behind each candidate's "why" line; proposing from the coordinator's page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from people.errors import ActionRefused
from requests_app.models import TimelineEvent
from tests.factories import make_matching_request, make_volunteer
from volunteers import services
from volunteers.models import Match, VolunteerProfile
from volunteers.selectors import candidate_why_line, rank_candidates, why_line

pytestmark = pytest.mark.django_db


def test_candidates_are_ranked_on_time_language_load_and_recency(coordinator):
    request, task = make_matching_request(coordinator=coordinator, language="ar", weekday=1, start=14, end=16)
    best = make_volunteer(languages=("nl", "ar"), slots=((1, 13, 17),), full_name="Fatima Benali")
    no_language = make_volunteer(slots=((1, 13, 17),), full_name="Wout Vermeulen")
    partly = make_volunteer(languages=("ar",), slots=((1, 15, 18),), full_name="Amal Haddad")
    not_free = make_volunteer(languages=("ar",), slots=((4, 9, 12),), full_name="Karim Aziz")
    busy = make_volunteer(languages=("nl", "ar"), slots=((1, 13, 17),), max_active_matches=2, full_name="Sara Idrissi")
    other_request, _ = make_matching_request(coordinator=coordinator)
    services.match_propose(request=other_request, volunteer=busy, actor=coordinator)  # 1 of 2: still eligible
    ranked = rank_candidates(task=task)
    assert [c.pk for c in ranked] == [best.pk, busy.pk, no_language.pk, partly.pk, not_free.pk]
    assert ranked[0].total == 5
    with translation.override("en"):
        lines = [why_line(candidate, task) for candidate in ranked]
    assert (
        lines[0] == "Shopping ✓ · Kessel-Lo ✓ · speaks Arabic ✓ · free on Tuesday afternoon ✓ · 0 of 2 active matches ✓"
    )
    assert lines[1].endswith("1 of 2 active matches ✓")
    assert "speaks Arabic ✗" in lines[2]
    assert "partly free on Tuesday afternoon ✓" in lines[3]
    assert "not free on Tuesday afternoon ✗" in lines[4]


def test_the_why_line_in_dutch(coordinator):
    request, task = make_matching_request(coordinator=coordinator, language="ar")
    make_volunteer(languages=("nl", "ar"), slots=((1, 13, 17),))
    with translation.override("nl"):
        line = why_line(rank_candidates(task=task)[0], task)
    assert (
        line
        == "Boodschappen ✓ · Kessel-Lo ✓ · spreekt Arabisch ✓ · vrij op dinsdagnamiddag ✓ · 0 van 2 actieve matches ✓"
    )


def test_the_why_line_of_one_volunteer_is_the_ranked_one_in_one_query(coordinator, django_assert_num_queries):
    """Proposing keeps the why line the page showed, without ranking every candidate again."""
    request, task = make_matching_request(coordinator=coordinator, language="ar", weekday=1, start=14, end=16)
    make_volunteer(languages=("nl", "ar"), slots=((1, 13, 17),))
    partly = make_volunteer(languages=("ar",), slots=((1, 15, 18),))
    shown = {candidate.pk: why_line(candidate, task) for candidate in rank_candidates(task=task)}
    with django_assert_num_queries(1):
        line = candidate_why_line(task=task, volunteer=partly)
    assert line == shown[partly.pk] and "deels vrij op dinsdagnamiddag ✓" in line
    services.match_propose(request=request, volunteer=partly, actor=coordinator)
    assert candidate_why_line(task=task, volunteer=partly) == ""  # asked already: no longer a candidate


def test_the_least_recently_asked_comes_first_among_equals(coordinator):
    request, task = make_matching_request(coordinator=coordinator)
    asked = make_volunteer()
    never = make_volunteer()
    VolunteerProfile.objects.filter(pk=asked.pk).update(last_asked_at=timezone.now() - timedelta(days=2))
    assert [c.pk for c in rank_candidates(task=task)] == [never.pk, asked.pk]


def test_who_is_not_eligible(coordinator):
    request, task = make_matching_request(coordinator=coordinator, task_type="shopping", area="3010")
    make_volunteer(tasks=("visit",))  # another task
    make_volunteer(areas=("3001",))  # another area
    make_volunteer(state="paused")  # paused until next week
    make_volunteer(commitment="regular")  # the task is one-off
    full = make_volunteer(max_active_matches=1)
    other_request, _ = make_matching_request(coordinator=coordinator)
    services.match_propose(request=other_request, volunteer=full, actor=coordinator)
    expired_screening = make_volunteer()
    VolunteerProfile.objects.filter(pk=expired_screening.pk).update(
        screening_valid_until=timezone.localdate() - timedelta(days=1)
    )
    asked = make_volunteer()
    services.match_propose(request=request, volunteer=asked, actor=coordinator)
    pause_over = make_volunteer(state="paused")
    VolunteerProfile.objects.filter(pk=pause_over.pk).update(pause_until=timezone.localdate() - timedelta(days=1))
    assert [c.pk for c in rank_candidates(task=task)] == [pause_over.pk]


def test_ranking_takes_two_queries_whatever_the_number_of_volunteers(coordinator):
    request, task = make_matching_request(coordinator=coordinator)
    make_volunteer()
    with CaptureQueriesContext(connection) as one:
        assert len(rank_candidates(task=task)) == 1
    for _ in range(6):
        make_volunteer()
    with CaptureQueriesContext(connection) as many:
        assert len(rank_candidates(task=task)) == 7
    assert len(one) == len(many) == 2  # the ranking, then the accounts of the candidates shown


@pytest.mark.parametrize("count", [1, 8])
def test_the_matching_page_uses_a_constant_number_of_queries(client, coordinator, count, django_assert_max_num_queries):
    request, _task = make_matching_request(coordinator=coordinator)
    for _ in range(count):
        make_volunteer()
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("volunteers:matching", args=[request.reference]))
    assert response.status_code == 200
    assert response.content.decode().count('name="propose-volunteer"') == count


def test_proposing_from_the_page_mails_the_volunteer_without_personal_data(
    client, coordinator, django_capture_on_commit_callbacks
):
    request, _task = make_matching_request(coordinator=coordinator)
    volunteer = make_volunteer(full_name="Jonas Claes")
    client.force_login(coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("volunteers:propose", args=[request.reference]),
            {"propose-volunteer": volunteer.pk, "propose-then_ask_next": "1"},
        )
    assert response.status_code == 302
    match = Match.objects.get(request=request)
    assert (match.volunteer, match.status, match.then_ask_next) == (volunteer, Match.Status.PROPOSED, 1)
    assert match.expires_at - match.proposed_at == timedelta(hours=48)
    assert "Boodschappen ✓" in match.why
    (message,) = mail.outbox
    assert message.to == [volunteer.user.email]
    assert (
        "Georgette" not in message.body
        and "Diestsesteenweg" not in message.body
        and request.reference not in message.body
    )
    event = TimelineEvent.objects.get(request=request, kind=TimelineEvent.Kind.MATCH)
    assert not event.public


def test_proposing_to_a_volunteer_at_their_maximum_is_refused(coordinator):
    volunteer = make_volunteer(max_active_matches=1)
    first, _ = make_matching_request(coordinator=coordinator)
    second, _ = make_matching_request(coordinator=coordinator)
    services.match_propose(request=first, volunteer=volunteer, actor=coordinator)
    with pytest.raises(ActionRefused, match="heeft al 1 actieve matches"):
        services.match_propose(request=second, volunteer=volunteer, actor=coordinator)


def test_proposing_needs_the_request_in_matching_and_a_task(coordinator):
    from tests.factories import make_request

    volunteer = make_volunteer()
    with pytest.raises(ActionRefused):
        services.match_propose(request=make_request(), volunteer=volunteer, actor=coordinator)


def test_an_invalid_task_is_refused_with_the_input_kept(client, coordinator):
    request, _task = make_matching_request(coordinator=coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("volunteers:task", args=[request.reference]),
        {
            "task-task_type": "shopping",
            "task-area": "3010",
            "task-language": "nl",
            "task-regular": "weekly",
            "task-weekday": "2",
            "task-valid_from": "2026-12-07",
            "task-valid_until": "2027-03-29",
            "task-start": "16:00",
            "task-end": "15:00",
            "task-summary": "Naar de apotheek",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Het einde moet later zijn dan het begin." in html
    assert "Naar de apotheek" in html


def test_the_coordinators_volunteer_page_costs_the_same_queries_with_many_matches(
    client, coordinator, django_assert_max_num_queries
):
    volunteer = make_volunteer(max_active_matches=10, slots=((1, 9, 12), (2, 14, 17)))
    first, _task = make_matching_request(coordinator=coordinator)
    services.match_propose(request=first, volunteer=volunteer, actor=coordinator)
    client.force_login(coordinator)
    url = reverse("volunteers:coordination_volunteer", kwargs={"profile_id": volunteer.pk})
    client.get(url)  # measured on a second read: the session comes from the cache or the database
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    baseline = len(few.captured_queries)  # (read now: the next request empties Django's query log)
    for _number in range(5):
        last, _task = make_matching_request(coordinator=coordinator)
        services.match_propose(request=last, volunteer=volunteer, actor=coordinator)
    client.get(url)
    with django_assert_max_num_queries(baseline):
        page = client.get(url).content.decode()
    assert last.reference in page and first.reference in page


def test_a_ukrainian_speaker_ranks_first_for_a_request_in_ukrainian(coordinator):
    """Ukrainian was appended to the spoken languages (its own bit); the ranking and the why line know it."""
    request, task = make_matching_request(coordinator=coordinator, language="uk", weekday=1, start=14, end=16)
    dutch = make_volunteer(languages=("nl",), slots=((1, 13, 17),), full_name="Wout Vermeulen")
    ukrainian = make_volunteer(languages=("nl", "uk"), slots=((1, 13, 17),), full_name="Olena Kovalenko")
    assert VolunteerProfile.objects.get(pk=ukrainian.pk).languages == ["nl", "uk"]
    ranked = rank_candidates(task=task)
    assert [c.pk for c in ranked] == [ukrainian.pk, dutch.pk]
    with translation.override("nl"):
        assert "spreekt Oekraïens ✓" in why_line(ranked[0], task)
