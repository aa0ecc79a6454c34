"""/api/v1/: partner organisations' systems read and answer their referrals.

Each view is thin: load the referral exactly as the portal does (``requests_app.selectors.partner_referral``:
404 for another organisation's, 403 ``no_longer_shared`` when the consent went), check the JSON's types
(serializers), check the values with the portal's own forms, call the portal's service, answer. Every read of
a help seeker's data writes the access log with the client's system account as actor.
"""

from datetime import datetime

from django.db.models import Prefetch
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from partner_api import serializers as s
from partner_api.errors import NoLongerShared as NoLongerSharedError
from partner_api.errors import Refused
from partner_api.permissions import HasScope
from privacy.models import AccessLog
from privacy.services import access_record
from requests_app import services
from requests_app.forms_staff import AcceptForm, DeclineForm, EndForm, FirstMeetingForm, ProgressForm
from requests_app.models import Need, Referral, RequestNeed, TimelineEvent, Urgency
from requests_app.permissions import partner_sees_address, referrals_for_caseworker
from requests_app.selectors import NoLongerShared, partner_referral
from requests_app.workflow import Outcome, ReferralStatus, State, TrackState

ERRORS = {
    400: OpenApiResponse(s.Error, description="The body or a parameter is wrong (`errors` names each field)."),
    401: OpenApiResponse(s.Error, description="No token, or it is not valid, expired or revoked."),
    403: OpenApiResponse(s.Error, description="The token lacks the scope, or the consent no longer allows it."),
    404: OpenApiResponse(s.Error, description="No such referral for your organisation."),
    429: OpenApiResponse(s.Error, description="Too many calls: wait `Retry-After` seconds."),
}
WRITE_ERRORS = ERRORS | {409: OpenApiResponse(s.Error, description="Not possible in the referral's state.")}


class ReferralCursor(CursorPagination):
    """Oldest first, so a system can page on to what is new; the cursor is opaque."""

    ordering = ("created_at", "id")
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class PartnerView(APIView):
    permission_classes = [HasScope]

    def referral(self, referral_id: int) -> Referral:
        try:
            return partner_referral(self.request.user, referral_id)
        except NoLongerShared:
            raise NoLongerSharedError(
                _("The help seeker no longer shares this question with your organisation.")
            ) from None


def _summary(referral: Referral) -> dict:
    track = getattr(referral, "support_track", None)
    return {
        "id": referral.pk,
        "status": referral.status,
        "reference": referral.request.reference,
        "created_at": referral.created_at,
        "answered_at": referral.answered_at,
        "urgency": referral.request.urgency,
        "needs": [need.need for need in referral.request.needs.all()],
        "track_status": track.status if track is not None else None,
    }


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _as_form_data(data: dict) -> dict:
    """The checked JSON as the portal's form reads a post (dates as ISO text, nothing as "")."""
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
        for name, value in data.items()
    }


def _form_valid(form):
    if not form.is_valid():
        raise drf_serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.cleaned_data


QUERY_PARAMETERS = {"status", "since", "cursor", "page_size"}


class ReferralList(PartnerView):
    @extend_schema(
        tags=["referrals"],
        operation_id="referrals_list",
        summary="Your organisation's referrals",
        parameters=[
            OpenApiParameter("status", str, enum=ReferralStatus.values, description="Only referrals in this status."),
            OpenApiParameter("since", datetime, description="Only referrals sent at or after this time (ISO 8601)."),
        ],
        responses={200: s.ReferralPage, **ERRORS},
    )
    def get(self, request):
        errors = {name: [_("Unknown parameter.")] for name in sorted(set(request.query_params) - QUERY_PARAMETERS)}
        referrals = referrals_for_caseworker(request.user)
        status = request.query_params.get("status")
        if status is not None:
            if status in ReferralStatus.values:
                referrals = referrals.filter(status=status)
            else:
                errors["status"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(ReferralStatus.values)}]
        since = request.query_params.get("since")
        if since is not None:
            try:
                moment = parse_datetime(since)
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is None:
                errors["since"] = [_("Give a time with its time zone, for example 2026-03-12T09:00:00+01:00.")]
            else:
                referrals = referrals.filter(created_at__gte=moment)
        if errors:
            raise drf_serializers.ValidationError(errors)
        referrals = referrals.select_related("request", "support_track").prefetch_related(
            Prefetch("request__needs", queryset=RequestNeed.objects.order_by("need"))
        )
        paginator = ReferralCursor()
        page = paginator.paginate_queryset(referrals, request, view=self)
        if page:
            access_record(
                request=request,
                person_ids=[referral.request.person_id for referral in page],
                categories=[AccessLog.Category.REQUEST],
                purpose=AccessLog.Purpose.REFERRAL,
                organization=request.auth.client.organization.name,
            )
        return paginator.get_paginated_response([_summary(referral) for referral in page])


def _detail(referral: Referral) -> dict:
    help_request, person = referral.request, referral.request.person
    track = getattr(help_request, "support_track", None)
    # Only the support track this partner started; never what another partner does (as on the portal's page).
    track = track if track is not None and track.referral_id == referral.pk else None
    progress = (
        help_request.timeline.filter(kind=TimelineEvent.Kind.PROGRESS).select_related("actor").order_by("at", "id")
        if track
        else []
    )
    earlier = help_request.follows_up
    earlier_track = getattr(earlier, "support_track", None) if earlier else None
    return {
        "id": referral.pk,
        "status": referral.status,
        "created_at": referral.created_at,
        "answered_at": referral.answered_at,
        "note": referral.note,
        "decline_reason": referral.reason,
        "decline_note": referral.reason_note,
        "request": {
            "reference": help_request.reference,
            "description": help_request.description,
            "needs": [need.need for need in help_request.needs.all()],
            "urgency": help_request.urgency,
            "contact_way": help_request.contact_way,
            "contact_time": help_request.contact_time,
        },
        "person": {
            "full_name": person.full_name,
            "phone": person.phone,
            "email": person.email,
            "address": (person.address or None) if partner_sees_address(referral) else None,
            "postcode": person.postcode,
            "municipality": person.municipality,
            "preferred_language": person.preferred_language,
        },
        "track": None
        if track is None
        else {
            "status": track.status,
            "started_on": track.started_on,
            "contact_person": track.contact_person,
            "first_meeting_on": track.first_meeting_on,
            "ended_on": track.ended_on,
            "outcome_kind": track.outcome_kind,
            "outcome": track.outcome,
            "referred_on_to": track.referred_on_to_id,
        },
        "progress_notes": [
            {"at": event.at, "author": str(event.actor or ""), "note": event.note} for event in progress
        ],
        "earlier_support": None
        if earlier is None
        else {
            "reference": earlier.reference,
            "supported_by": (
                earlier_track.organization.name if earlier_track and earlier_track.organization_id else ""
            ),
            "started_on": earlier_track.started_on if earlier_track else None,
            "ended_on": earlier_track.ended_on if earlier_track else None,
            "outcome_kind": earlier_track.outcome_kind if earlier_track else "",
            "outcome": earlier_track.outcome if earlier_track else "",
        },
    }


class ReferralDetail(PartnerView):
    @extend_schema(
        tags=["referrals"],
        operation_id="referral_read",
        summary="One referral, as far as the help seeker's consent allows",
        responses={200: s.ReferralDetail, **ERRORS},
    )
    def get(self, request, referral_id: int):
        referral = self.referral(referral_id)
        access_record(
            request=request,
            person_id=referral.request.person_id,
            categories=[AccessLog.Category.CONTACT, AccessLog.Category.REQUEST],
            purpose=AccessLog.Purpose.REFERRAL,
            reference=referral.request.reference,
            organization=referral.organization.name,
        )
        return Response(_detail(referral))


def _refreshed(referral: Referral) -> dict:
    fresh = (
        Referral.objects.select_related("request", "support_track")
        .prefetch_related(Prefetch("request__needs", queryset=RequestNeed.objects.order_by("need")))
        .get(pk=referral.pk)
    )
    return _summary(fresh)


class ReferralAccept(PartnerView):
    @extend_schema(
        tags=["referrals"],
        operation_id="referral_accept",
        summary="Accept and start the support",
        request=s.AcceptIn,
        responses={200: s.ReferralSummary, **WRITE_ERRORS},
    )
    def post(self, request, referral_id: int):
        referral = self.referral(referral_id)
        data = _valid(s.AcceptIn, request.data)
        cleaned = _form_valid(AcceptForm(_as_form_data(data), user=request.user, referral=referral))
        services.referral_accept(
            referral=referral,
            actor=request.user,
            contact_person=cleaned["contact_person"],
            started_on=cleaned["started_on"],
        )
        return Response(_refreshed(referral))


class ReferralDecline(PartnerView):
    @extend_schema(
        tags=["referrals"],
        operation_id="referral_decline",
        summary="Decline with a reason",
        request=s.DeclineIn,
        responses={200: s.ReferralSummary, **WRITE_ERRORS},
    )
    def post(self, request, referral_id: int):
        referral = self.referral(referral_id)
        data = _valid(s.DeclineIn, request.data)
        cleaned = _form_valid(DeclineForm(_as_form_data(data)))
        services.referral_decline(referral=referral, actor=request.user, reason=cleaned["reason"], note=cleaned["note"])
        return Response(_refreshed(referral))


class TrackView(PartnerView):
    def track(self, referral: Referral):
        track = getattr(referral, "support_track", None)
        if track is None:
            raise Refused(_("The support has not started: accept the referral first."))
        return track


class FirstMeeting(TrackView):
    @extend_schema(
        tags=["support"],
        operation_id="support_first_meeting",
        summary="Record the first meeting",
        request=s.FirstMeetingIn,
        responses={200: s.ReferralSummary, **WRITE_ERRORS},
    )
    def post(self, request, referral_id: int):
        referral = self.referral(referral_id)
        track = self.track(referral)
        cleaned = _form_valid(FirstMeetingForm(_as_form_data(_valid(s.FirstMeetingIn, request.data))))
        services.support_first_meeting(track=track, actor=request.user, met_on=cleaned["met_on"])
        return Response(_refreshed(referral))


class ProgressNote(TrackView):
    @extend_schema(
        tags=["support"],
        operation_id="support_progress_note",
        summary="Add an internal progress note",
        request=s.ProgressNoteIn,
        responses={201: s.ReferralSummary, **WRITE_ERRORS},
    )
    def post(self, request, referral_id: int):
        referral = self.referral(referral_id)
        track = self.track(referral)
        cleaned = _form_valid(ProgressForm(_as_form_data(_valid(s.ProgressNoteIn, request.data))))
        services.support_progress_note(track=track, actor=request.user, note=cleaned["note"])
        return Response(_refreshed(referral), status=201)


class SupportOutcome(TrackView):
    @extend_schema(
        tags=["support"],
        operation_id="support_outcome",
        summary="End the support with an outcome",
        request=s.OutcomeIn,
        responses={200: s.ReferralSummary, **WRITE_ERRORS},
    )
    def post(self, request, referral_id: int):
        referral = self.referral(referral_id)
        track = self.track(referral)
        data = _as_form_data(_valid(s.OutcomeIn, request.data))
        cleaned = _form_valid(EndForm(data, organization=referral.organization))
        services.support_end(track=track, actor=request.user, **cleaned)
        return Response(_refreshed(referral))


def _terms(choices) -> list[dict]:
    terms = []
    for value, label in choices:
        with translation.override("nl"):
            nl = str(label)
        with translation.override("en"):
            en = str(label)
        terms.append({"code": value, "nl": nl, "en": en})
    return terms


class StatusVocabulary(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["vocabulary"],
        operation_id="statuses",
        summary="The public status vocabulary (no token needed)",
        responses={200: s.Vocabulary, 429: ERRORS[429]},
    )
    def get(self, request):
        return Response(
            {
                "help_request_states": _terms(State.choices),
                "referral_statuses": _terms(ReferralStatus.choices),
                "track_statuses": _terms(TrackState.choices),
                "outcomes": _terms(Outcome.choices),
                "decline_reasons": _terms(Referral.DeclineReason.choices),
                "needs": _terms(Need.choices),
                "urgencies": _terms(Urgency.choices),
            }
        )
