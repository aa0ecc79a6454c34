"""The API's bodies. Input serializers check the JSON itself (types, unknown fields); what a value must be for
the domain is checked by the portal's own forms and services, so both say the same."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from people.models import Channel
from requests_app.models import ContactWay, Need, Referral, Urgency
from requests_app.workflow import Outcome, ReferralStatus, TrackState

DATE_ERRORS = {
    "invalid": _("Enter a date, for example 2026-03-12."),
    "date": _("Enter a date, for example 2026-03-12."),
}


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo must not be ignored silently) and a body that is no object."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and (unknown := sorted(set(data) - set(self.fields))):
            raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class Text(serializers.CharField):
    """A JSON string, nothing else (DRF's CharField would turn 12 into "12")."""

    default_error_messages = {"not_text": _("Give a text (a JSON string).")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


# -- input --------------------------------------------------------------------------------------------
class AcceptIn(StrictSerializer):
    started_on = serializers.DateField(
        error_messages=DATE_ERRORS, help_text="Not after today, not before the referral."
    )
    contact_person = Text(max_length=150, help_text="Whom the help seeker can contact at your organisation.")


class DeclineIn(StrictSerializer):
    reason = serializers.ChoiceField(choices=Referral.DeclineReason.choices)
    note = Text(max_length=2000, required=False, allow_blank=True, help_text="Required with reason `other`.")


class FirstMeetingIn(StrictSerializer):
    met_on = serializers.DateField(error_messages=DATE_ERRORS)


class ProgressNoteIn(StrictSerializer):
    note = Text(max_length=4000, help_text="Internal: Leuven Helpt's coordinators and your organisation read it.")


CONSENT_CHANNELS = [Channel.PHONE, Channel.COUNTER, Channel.EMAIL, Channel.LETTER, Channel.OUTREACH]


class OutcomeIn(StrictSerializer):
    outcome_kind = serializers.ChoiceField(choices=Outcome.choices)
    note = Text(max_length=2000, required=False, allow_blank=True, help_text="Required when not (fully) helped.")
    ended_on = serializers.DateField(error_messages=DATE_ERRORS)
    referred_to = serializers.IntegerField(
        required=False, allow_null=True, help_text="With `referred_on`: the id of the organisation referred on to."
    )
    consent_channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in CONSENT_CHANNELS],
        required=False,
        allow_blank=True,
        help_text="With `referred_on`: how the help seeker agreed to share their question with that organisation.",
    )


# -- output -------------------------------------------------------------------------------------------
class ReferralSummary(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    reference = serializers.CharField(help_text="The help request's reference, e.g. LH-7K3Q-92.")
    created_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices))
    track_status = serializers.ChoiceField(choices=TrackState.choices, allow_null=True)


class ReferralPage(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="The next page (a cursor link), or null at the end.")
    previous = serializers.URLField(allow_null=True)
    results = ReferralSummary(many=True)


class PersonOut(serializers.Serializer):
    full_name = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    address = serializers.CharField(
        allow_null=True, help_text="Street and number: only once your organisation accepted the referral."
    )
    postcode = serializers.CharField(allow_blank=True)
    municipality = serializers.CharField(allow_blank=True)
    preferred_language = serializers.CharField()


class RequestOut(serializers.Serializer):
    reference = serializers.CharField()
    description = serializers.CharField()
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices))
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    contact_way = serializers.ChoiceField(choices=ContactWay.choices)
    contact_time = serializers.CharField(allow_blank=True)


class TrackOut(serializers.Serializer):
    status = serializers.ChoiceField(choices=TrackState.choices)
    started_on = serializers.DateField()
    contact_person = serializers.CharField()
    first_meeting_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    outcome_kind = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    outcome = serializers.CharField(allow_blank=True)
    referred_on_to = serializers.IntegerField(allow_null=True)


class ProgressNoteOut(serializers.Serializer):
    at = serializers.DateTimeField()
    author = serializers.CharField()
    note = serializers.CharField()


class EarlierSupportOut(serializers.Serializer):
    reference = serializers.CharField()
    supported_by = serializers.CharField(allow_blank=True)
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    outcome_kind = serializers.CharField(allow_blank=True)
    outcome = serializers.CharField(allow_blank=True)


class ReferralDetail(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    created_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField(allow_blank=True, help_text="Leuven Helpt's note for your organisation.")
    decline_reason = serializers.CharField(allow_blank=True)
    decline_note = serializers.CharField(allow_blank=True)
    request = RequestOut()
    person = PersonOut()
    track = TrackOut(allow_null=True)
    progress_notes = ProgressNoteOut(many=True)
    earlier_support = EarlierSupportOut(allow_null=True)


class Term(serializers.Serializer):
    code = serializers.CharField()
    nl = serializers.CharField()
    en = serializers.CharField()


class Vocabulary(serializers.Serializer):
    help_request_states = Term(many=True)
    referral_statuses = Term(many=True)
    track_statuses = Term(many=True)
    outcomes = Term(many=True)
    decline_reasons = Term(many=True)
    needs = Term(many=True)
    urgencies = Term(many=True)


class Error(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
