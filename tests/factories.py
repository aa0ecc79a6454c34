import factory
from allauth.account.models import EmailAddress

from accounts import services
from accounts.models import Membership, Organization, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.test")
    full_name = factory.Faker("name", locale="nl_BE")
    preferred_language = User.Language.DUTCH
    password = factory.django.Password("Correct-horse-battery-9")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            services.user_set_roles(user=self, roles=list(extracted))

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Partnerorganisatie {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = Organization.Kind.CAW

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organization_create(**kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.membership_add(**kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.Person"

    full_name = factory.Faker("name", locale="nl_BE")
    phone = factory.Sequence(lambda n: f"0470 {n:02d} 34 56")
    postcode = "3010"


def make_request(**kwargs):
    """A submitted help request through the service, as a person would ask for help."""
    from requests_app import services

    values = {
        "person": kwargs.pop("person", None) or PersonFactory(),
        "channel": "phone",
        "needs": ["finances"],
        "description": "Ik heb schulden en weet niet waar te beginnen.",
    }
    values.update(kwargs)
    return services.request_submit(**values)
