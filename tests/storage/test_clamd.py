"""The optional virus scan with a real clamd (Debian's clamav-daemon), started here on a signature of our own.

ClamAV's signature database comes from the network, which tests do not reach; clamd loads any
signature file in its database folder, so this one holds a single body signature (.ndb) for a
test pattern. What is under test is our side: the file is held (409) until clamd answered, a
match is refused with its bytes deleted, a clean file becomes ready.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.files.storage import default_storage
from django.test import RequestFactory

from files.kinds import Kind
from files.models import StoredFile
from files.services import stored_file_create
from files.serving import stored_file_response
from kernel.errors import NotVisible, StateConflict
from tests.files.makers import pdf, upload

PATTERN = b"LEGALDRAFTS-CLAMD-TEST-SIGNATURE"
CLAMD = shutil.which("clamd", path=os.environ.get("PATH", "") + ":/usr/sbin")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(CLAMD is None, reason="clamd is not installed (Debian: apt-get install clamav-daemon)"),
]


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    """clamd in the foreground on a Unix socket, with a database folder holding only our signature."""
    home = tmp_path_factory.mktemp("clamd")
    (home / "db").mkdir()
    (home / "db" / "legaldrafts-test.ndb").write_text(f"LegalDrafts.Test.Pattern:0:*:{PATTERN.hex()}\n")
    address = home / "clamd.sock"
    (home / "clamd.conf").write_text(
        f"Foreground yes\nLocalSocket {address}\nDatabaseDirectory {home / 'db'}\n"
        f"TemporaryDirectory {home}\nStreamMaxLength 50M\n"
    )
    daemon = subprocess.Popen(
        [CLAMD, "-c", str(home / "clamd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        for _ in range(300):
            if daemon.poll() is not None:
                pytest.fail(f"clamd stopped: {daemon.stderr.read().decode()[-2000:]}")
            if _answers_ping(address):
                break
            time.sleep(0.1)
        else:
            pytest.fail("clamd did not answer within 30 s")
        yield str(address)
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def _answers_ping(address) -> bool:
    try:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.settimeout(1)
            connection.connect(str(address))
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


def served(stored: StoredFile):
    return stored_file_response(RequestFactory().get("/"), stored)


def test_uploads_are_held_until_clamd_answered_then_refused_with_their_bytes_deleted_or_ready(
    clamd, settings, django_user_model, django_capture_on_commit_callbacks, tmp_path
):
    settings.CLAMD_SOCKET = clamd
    settings.MEDIA_ROOT = str(tmp_path)
    user = django_user_model.objects.create_user("uploader")
    infected = pdf().replace(b"%%EOF", b"% " + PATTERN + b"\n%%EOF")
    with django_capture_on_commit_callbacks() as scans:
        bad = stored_file_create(upload("annex.pdf", infected), user=user, kinds={Kind.DOCUMENT})
        good = stored_file_create(upload("note.pdf", pdf()), user=user, kinds={Kind.DOCUMENT})

    # Stored, but nobody is served a byte before the scan.
    for stored in (bad, good):
        assert stored.status == StoredFile.Status.PROCESSING and default_storage.exists(stored.file.name)
        with pytest.raises(StateConflict, match="still being checked"):
            served(stored)

    with django_capture_on_commit_callbacks(execute=True):
        for scan in scans:
            scan()
    bad.refresh_from_db()
    good.refresh_from_db()

    assert bad.status == StoredFile.Status.REFUSED
    assert bad.refusal == "A virus scanner found LegalDrafts.Test.Pattern.UNOFFICIAL in it."
    assert not default_storage.exists(bad.file.name)
    with pytest.raises(NotVisible):
        served(bad)
    assert good.status == StoredFile.Status.READY
    assert b"".join(served(good).streaming_content) == pdf()
