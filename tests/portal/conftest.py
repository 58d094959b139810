import pytest


@pytest.fixture
def as_user(client, world):
    """`as_user(name)`: the test client logged in as that demo user (None: anonymous)."""

    def login(username):
        client.logout()
        if username:
            client.force_login(world.users[username])
        return client

    return login
