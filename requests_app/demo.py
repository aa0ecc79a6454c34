"""Sample help requests for ``seed_demo``: one in every stage, so each role has something to see.

Made once (skipped when the demo citizen already has requests); every step goes through the services.
"""

from accounts.models import Organization, User
from privacy.models import Consent
from privacy.services import consent_give
from requests_app import services
from requests_app.models import Person

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
            services.referral_accept(referral=referral, actor=coordinator, contact_person="Dienst maatschappelijk werk")
    stdout.write(f"Help requests: {len(SAMPLES) + 1} demo requests (one of them for {citizen.email}).")
