"""The shared seed world: named users for every role and a draft in every state (the demo world).

Building the world through the services takes seconds, and emptying a PostgreSQL database (TRUNCATE
of every table) about one, so the world is not rebuilt per module: between tests the database holds
either nothing or the committed demo world, and each test gets the one it asks for.
A test that names `world` (itself or through another fixture) runs on the world; any other
database test runs on an empty database. Each test's own changes still roll back (or, for a
transactional test, are flushed), and each test gets its own copy of the world's Python objects.
The tests are ordered so that the world is built at most twice (pytest_collection_modifyitems).
"""

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from search.backends.database import _estimated_matches
from search.backends.term_lists import listed_terms
from workflow.demo.world import DemoWorld, build_demo_world


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    """A quick password hasher (its cost is not under test), stored files in a temporary folder, and
    English when a request names no language, so that tests can quote messages (the translation
    tests ask for each language explicitly)."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="en",
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
    ):
        yield


class _TestDatabase:
    """What the test database holds between tests: nothing, or the demo world (`world` is set), with
    the files in MEDIA_ROOT when it was built (official copies, prints), which no rollback brings back."""

    def __init__(self):
        self.blocker = None  # set once the test database exists
        self.world: DemoWorld | None = None
        # One object for the whole session: module-scoped fixtures that hold it see every rebuild.
        self.built = DemoWorld()
        self.files: dict[Path, tuple[bytes, tuple[int, int] | None]] = {}

    def build(self) -> None:
        with self.blocker.unblock():
            # An empty database whose sequences start again, so that every build gives the same ids
            # and a kept database (--reuse-db) starts clean.
            call_command("flush", interactive=False, verbosity=0)
            vars(self.built).update(vars(build_demo_world(password="demo")))
        self.world = self.built
        files = (path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())
        self.files = {path: (path.read_bytes(), _signature(path)) for path in files}

    def restore_files(self) -> None:
        """Puts back what a test deleted or overwrote of those files."""
        for path, (data, signature) in self.files.items():
            if _signature(path) != signature:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                self.files[path] = (data, _signature(path))

    def empty(self) -> None:
        with self.blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        self.world = None

    def prepare_for(self, item) -> None:
        """Between two tests: the database as the next test needs it."""
        if self.blocker is None:
            return  # no test database yet: `demo_world` builds the world when first asked
        need = _needs(item)
        if need == "world" and self.world is None:
            self.build()
        elif need == "empty" and self.world is not None:
            self.empty()


_database = _TestDatabase()


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _is_transactional(item) -> bool:
    """As pytest-django decides it: such a test commits, and the database is flushed after it."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,)
    ):
        return True
    return "transactional_db" in fixtures or "live_server" in fixtures


def _flushed(item) -> bool:
    """Whether pytest-django flushed the database after this test: a transactional one whose database it set up.
    A test skipped by its marker never got that far, and the world it found is still there."""
    request = getattr(item, "_request", None)
    return _is_transactional(item) and bool(request) and "_django_db_helper" in request.fixturenames


def _needs(item) -> str | None:
    """ "world", "empty", or None for a test that does not use the database."""
    fixtures = getattr(item, "fixturenames", ())
    if "demo_world" in fixtures:
        return "world"
    if item.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(fixtures):
        return "empty"
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The transactional tests first, as they hold the longest ones (a browser driving the live
    server), which parallel workers (make test: -n 2) should start early; then the other database
    tests, those on an empty database before those on the world. So the world is built twice at most:
    for the transactional tests that need it (whose flush removes it), and for the rest."""

    def rank(item):
        need = _needs(item)
        if need is None:
            return (2, 0)
        return (0 if _is_transactional(item) else 1, 1 if need == "world" else 0)

    items.sort(key=rank)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After the test's own rollback or flush, before the next test's fixtures: a build or an emptying
    # counts in this test's teardown time (--durations), and a failure of it shows as this test's error.
    try:
        return (yield)
    finally:
        if _flushed(item):
            _database.world = None
        if _database.world is not None:
            _database.restore_files()
        if nextitem is not None:
            _database.prepare_for(nextitem)


@pytest.fixture(scope="session")
def demo_world(django_db_setup, django_db_blocker) -> DemoWorld:
    """The demo world in the test database, for a fixture wider than one test (read it, change nothing)."""
    _database.blocker = django_db_blocker
    if _database.world is None:
        _database.build()
    yield _database.built
    if _database.world is not None:
        _database.empty()


@pytest.fixture
def world(demo_world) -> DemoWorld:
    """The demo world, built through the services; each test's changes roll back, and each test gets
    its own copy of the Python objects, so that what one test changes in them no other test sees."""
    assert _database.world is not None, "the demo world is not in the database"
    return copy.deepcopy(demo_world)


@pytest.fixture
def as_user(client, world):
    """`as_user(name)`: the test client logged in as that demo user (None: anonymous)."""

    def login(username):
        client.logout()
        if username:
            client.force_login(world.users[username])
        return client

    return login


@pytest.fixture
def api():
    """`api(user)` gives an API client authenticated as that user (None: anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture(autouse=True)
def fresh_search_estimates():
    """The search backend keeps the planner's estimate of a query and the listed terms a minute per process;
    each test reads them afresh, so that no test's data chooses how another's searches are read."""
    _estimated_matches.cache_clear()
    listed_terms.cache_clear()


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
