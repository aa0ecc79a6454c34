"""The KCC agent and their signed-in console, shared by the helpdesk tests."""

import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def agent(db):
    return UserFactory(roles=[Role.KCC_AGENT], full_name="Sofie Janssens")


@pytest.fixture
def console(client, agent):
    client.force_login(agent)
    return client
