"""Consent records: the words shown with their version, named recipients, withdrawal at once."""

import pytest
from django.utils import translation

from people.models import Channel
from privacy.consent_texts import WORDINGS
from privacy.models import Consent
from privacy.selectors import consent_covers
from privacy.services import ConsentRefused, consent_give, consent_withdraw
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, make_request

pytestmark = pytest.mark.django_db


def test_a_consent_keeps_the_words_shown_in_the_persons_language_and_their_version():
    person = PersonFactory()
    with translation.override("nl"):
        consent = consent_give(person=person, purpose=Consent.Purpose.VOLUNTEER, channel=Channel.WEB)
    assert consent.wording_version == WORDINGS[Consent.Purpose.VOLUNTEER][0]
    assert "vrijwilliger" in consent.wording
    assert consent.in_force and consent.recorded_by is None


def test_a_referral_consent_must_name_its_recipients():
    with pytest.raises(ConsentRefused):
        consent_give(person=PersonFactory(), purpose=Consent.Purpose.REFERRAL, channel=Channel.PHONE)
    assert not Consent.objects.exists()


def test_a_referral_consent_covers_only_the_organisations_it_names():
    person, caw, ocmw = PersonFactory(), OrganizationFactory(), OrganizationFactory()
    agent = UserFactory()
    consent_give(
        person=person, purpose=Consent.Purpose.REFERRAL, channel=Channel.PHONE, recipients=[caw], recorded_by=agent
    )
    covers = dict(person_id=person.pk, purpose=Consent.Purpose.REFERRAL)
    assert consent_covers(**covers, organization_id=caw.pk)
    assert not consent_covers(**covers, organization_id=ocmw.pk)
    assert not consent_covers(person_id=PersonFactory().pk, purpose=Consent.Purpose.REFERRAL)


def test_a_withdrawal_takes_effect_at_once_and_cannot_be_repeated():
    person = PersonFactory()
    consent = consent_give(person=person, purpose=Consent.Purpose.VOLUNTEER, channel=Channel.WEB)
    assert consent_covers(person_id=person.pk, purpose=Consent.Purpose.VOLUNTEER)
    consent_withdraw(consent=consent, actor=None)
    assert not consent_covers(person_id=person.pk, purpose=Consent.Purpose.VOLUNTEER)
    with pytest.raises(ConsentRefused):
        consent_withdraw(consent=consent, actor=None)


def test_a_consent_for_one_request_does_not_cover_another():
    first = make_request()
    second = make_request(person=first.person)
    consent_give(person=first.person, purpose=Consent.Purpose.VOLUNTEER, channel=Channel.WEB, help_request=first)
    covers = dict(person_id=first.person_id, purpose=Consent.Purpose.VOLUNTEER)
    assert consent_covers(**covers, help_request_id=first.pk)
    assert not consent_covers(**covers, help_request_id=second.pk)
