import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, get_objects_for_user

from accounts import services
from accounts.models import Membership, Organization
from accounts.roles import Role
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_data_migration_created_exactly_the_roles():
    role_groups = set(Group.objects.exclude(name__startswith="org:").values_list("name", flat=True))
    assert role_groups == set(Role.values)


def test_organisation_gets_its_own_permission_group():
    organization = services.organization_create(name="OCMW Leuven", kind=Organization.Kind.OCMW)
    assert organization.slug == "ocmw-leuven"
    assert organization.group.name == "org:ocmw-leuven"


def test_organisation_kind_is_validated():
    with pytest.raises(Exception, match="kind"):
        services.organization_create(name="Iets", kind="bank")
    assert not Organization.objects.filter(name="Iets").exists()


def test_membership_joins_group_and_role():
    user = UserFactory()
    organization = OrganizationFactory()
    services.membership_add(user=user, organization=organization, role=Role.CASEWORKER)
    assert user.has_role(Role.CASEWORKER)
    assert organization.group in user.groups.all()
    services.membership_remove(user=user, organization=organization)
    assert not Membership.objects.filter(user=user).exists()
    assert organization.group not in user.groups.all()


def test_set_roles_replaces_roles_but_keeps_organisation_groups():
    user = UserFactory(roles=[Role.CITIZEN, Role.VOLUNTEER])
    organization = OrganizationFactory()
    services.membership_add(user=user, organization=organization, role=Role.CASEWORKER)
    services.user_set_roles(user=user, roles=[Role.COORDINATOR])
    user.refresh_from_db()
    assert user.role_names == {Role.COORDINATOR}
    assert organization.group in user.groups.all()
    with pytest.raises(ValueError, match="Unknown roles"):
        services.user_set_roles(user=user, roles=["superhero"])


def test_only_the_admin_role_is_staff():
    user = UserFactory(roles=[Role.ADMIN])
    assert user.is_staff
    services.user_set_roles(user=user, roles=[Role.MANAGER])
    user.refresh_from_db()
    assert not user.is_staff


def test_guardian_object_permissions_through_the_organisation_group():
    """Per-object grants go to an organisation's group; its members hold them, others do not."""
    caw, ocmw = OrganizationFactory(), OrganizationFactory()
    member, outsider = UserFactory(), UserFactory()
    services.membership_add(user=member, organization=caw)
    assign_perm("accounts.view_organization", caw.group, caw)
    assert member.has_perm("accounts.view_organization", caw)
    assert not member.has_perm("accounts.view_organization", ocmw)
    assert not outsider.has_perm("accounts.view_organization", caw)
    assert list(get_objects_for_user(member, "accounts.view_organization")) == [caw]


def test_user_manager_needs_an_email():
    from accounts.models import User

    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email="", password="x")
    user = User.objects.create_user(email="Jan@Example.TEST", password="x", full_name="Jan")
    assert user.email == "jan@example.test"
    assert str(user) == "Jan"
