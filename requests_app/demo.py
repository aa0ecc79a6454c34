"""Sample help requests for ``seed_demo``: one in every stage, so each role has something to see.

Made once (skipped when the demo citizen already has requests); every step goes through the services.
"""

from accounts.models import Organization, User
from people import services as people_services
from people.models import Person
from privacy.models import Consent
from privacy.services import consent_give
from requests_app import services

SAMPLES = [
    # (name, phone, postcode, needs, description, urgency, channel, stage)
    (
        "Maria Janssens",
        "0470 11 22 33",
        "3010",
        ["finances", "housing"],
        "Ik kan mijn huur en mijn energiefactuur niet meer betalen. Ik krijg aanmaningen.",
        3,
        "phone",
        "referred",
    ),
    (
        "Jozef Van den Broeck",
        "016 22 33 44",
        "3001",
        ["mobility", "loneliness"],
        "Ik ben 84 en kan niet meer zelf naar de winkel. Ik zie bijna niemand.",
        2,
        "counter",
        "triage",
    ),
    (
        "Samira El Idrissi",
        "0485 66 77 88",
        "3000",
        ["administration"],
        "Ik begrijp de brieven van het OCMW niet goed en heb hulp nodig met formulieren.",
        2,
        "web",
        "submitted",
    ),
    (
        "Koen Peeters",
        "0496 12 12 12",
        "3012",
        ["health"],
        "Na mijn ziekenhuisopname heb ik thuis hulp nodig bij het wassen en koken.",
        3,
        "partner",
        "support_started",
    ),
]


def seed(*, stdout) -> None:
    citizen = User.objects.filter(email="burger@leuvenhelpt.test").first()
    coordinator = User.objects.filter(email="coordinator@leuvenhelpt.test").first()
    if citizen is None or coordinator is None or Person.objects.filter(user=citizen).exists():
        stdout.write("Help requests: demo requests already there.")
        return
    caw = Organization.objects.get(slug="caw-oost-brabant")
    cm = Organization.objects.get(slug="cm-leuven")
    own = Person.objects.create(
        user=citizen, full_name=citizen.full_name, email=citizen.email, phone="0478 12 34 56", postcode="3010"
    )
    mine = services.request_submit(
        person=own,
        channel="web",
        needs=["finances"],
        description="Ik heb schulden bij drie schuldeisers en weet niet waar te beginnen.",
        urgency=2,
    )
    services.request_take_up(request=mine, actor=coordinator)
    # The demo citizen agreed online to share this question with the CAW (see /mijn/gegevens/toestemmingen/).
    consent_give(person=own, purpose=Consent.Purpose.REFERRAL, channel="web", recipients=[caw], help_request=mine)
    services.request_refer(request=mine, organizations=[caw], actor=coordinator, note="Vraag naar budgetbegeleiding.")
    _seed_without_e_mail(coordinator)
    for name, phone, postcode, needs, description, urgency, channel, stage in SAMPLES:
        person = Person.objects.create(full_name=name, phone=phone, postcode=postcode)
        request = services.request_submit(
            person=person, channel=channel, needs=needs, description=description, urgency=urgency
        )
        if stage == "submitted":
            continue
        services.request_take_up(request=request, actor=coordinator)
        if stage == "triage":
            continue
        partner = cm if stage == "support_started" else caw
        # The help seeker agreed by phone; the coordinator records it with the referral.
        (referral,) = services.request_refer(
            request=request, organizations=[partner], actor=coordinator, consent_channel="phone"
        )
        if stage == "support_started":
            track = services.referral_accept(
                referral=referral, actor=coordinator, contact_person="Dienst maatschappelijk werk"
            )
            # Closing the loop: the first meeting took place (under way) and a progress note was written.
            services.support_first_meeting(track=track, actor=coordinator, met_on=track.started_on)
            services.support_progress_note(
                track=track, actor=coordinator, note="Thuiszorg aangevraagd; poetshulp start volgende week."
            )
    _closed_loop(coordinator=coordinator, partner=caw, stdout=stdout)
    stdout.write(
        f"Help requests: {len(SAMPLES) + 3} demo requests (one of them for {citizen.email}; an urgent one, "
        "one by SMS and one by letter, which waits in the print queue)."
    )


def _closed_loop(*, coordinator, partner, stdout) -> None:
    """A support that ended "helped" whose help seeker still answered "partly" (back in the triage queue with
    the badge), and the same person registered twice (try /coordinatie/personen/samenvoegen/)."""
    from requests_app.models import FollowUpQuestion

    person = Person.objects.create(
        full_name="Linda Claes", phone="0471 55 44 33", email="linda.claes@example.org", postcode="3000"
    )
    request = services.request_submit(
        person=person, channel="web", needs=["finances"], description="Ik heb hulp nodig met mijn budget."
    )
    services.request_take_up(request=request, actor=coordinator)
    (referral,) = services.request_refer(
        request=request, organizations=[partner], actor=coordinator, consent_channel="phone"
    )
    track = services.referral_accept(referral=referral, actor=coordinator, contact_person="Fatima Benali")
    services.support_first_meeting(track=track, actor=coordinator, met_on=track.started_on)
    services.support_end(track=track, actor=coordinator, outcome_kind="helped", note="Budgetplan opgemaakt.")
    question = FollowUpQuestion.objects.create(request=request, moment=FollowUpQuestion.Moment.AFTER_END)
    services.follow_up_answer(question=question, answer="partly", comment="De huurachterstand is nog niet geregeld.")
    twice = Person.objects.create(full_name="Linda Claes", phone="0471/55.44.33", postcode="3000")
    services.request_submit(person=twice, channel="phone", needs=["food"], description="Voedselpakket gevraagd.")
    stdout.write(
        f"Closing the loop: {request.reference} answered “partly” (badge in the triage queue); records "
        f"{person.pk} and {twice.pk} are the same Linda Claes (merge them at /coordinatie/personen/samenvoegen/)."
    )


def _seed_without_e_mail(coordinator: User) -> None:
    """The crisis path and people without e-mail: an urgent request nobody has called yet (the banner in
    /coordinatie/ and the KCC console), a caller who hears by SMS (the console prints it in development) and
    one who gets letters (one waits at /coordinatie/brieven/)."""
    urgent = people_services.person_create(full_name="Lotte Vermeersch", phone="0471 23 45 67", notify_channel="sms")
    services.request_submit(
        person=urgent,
        channel="phone",
        needs=["safety", "housing"],
        description="Ik moet vanavond weg van huis en weet niet waar ik kan slapen.",
        urgency=4,
    )
    by_letter = people_services.person_create(
        full_name="Godelieve Maes",
        phone="016 44 55 77",
        street="Tiensesteenweg",
        house_number="212",
        box="1",
        postcode="3001",
        municipality="Heverlee",
        notify_channel="letter",
        language="nl",
    )
    request = services.request_submit(
        person=by_letter,
        channel="letter",
        needs=["administration"],
        description="Ik heb geen computer. Kan iemand mij helpen met de premie voor mijn verwarming?",
        contact_way="letter",
    )
    services.request_take_up(request=request, actor=coordinator)
