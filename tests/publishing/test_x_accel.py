"""Behind nginx the app checks who may read a stored PDF and nginx sends it (X-Accel-Redirect)."""

import pytest
from django.test import override_settings

from publishing.models import DraftPrint, OfficialCopy

pytestmark = pytest.mark.django_db


@override_settings(X_ACCEL_REDIRECT_PREFIX="/protected-media/")
def test_the_official_pdf_is_named_for_nginx_with_the_apps_etag_and_caching(world, api):
    draft = world.drafts["approved"]
    copy = OfficialCopy.objects.get(draft=draft)
    response = api(None).get(f"/api/v1/drafts/{draft.pk}/pdf/?download=1")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{copy.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["ETag"] == f'"{copy.pdf_checksum}"'
    assert response["Cache-Control"] == "public, max-age=86400"


@override_settings(X_ACCEL_REDIRECT_PREFIX="/protected-media/")
def test_a_print_is_named_for_nginx_and_stays_private(world, api):
    draft = world.drafts["public_discussion"]
    response = api(None).get(f"/api/v1/drafts/{draft.pk}/print/")

    stored = DraftPrint.objects.get(version__draft=draft)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{stored.file.name}"
    assert response["Cache-Control"] == "private, no-cache"


@override_settings(X_ACCEL_REDIRECT_PREFIX="/protected-media/")
def test_nobody_gets_a_name_for_a_draft_they_may_not_see(world, api):
    draft = world.drafts["draft"]
    response = api(world.users["citizen"]).get(f"/api/v1/drafts/{draft.pk}/print/")

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_without_nginx_django_sends_the_bytes_itself(world, api):
    response = api(None).get(f"/api/v1/drafts/{world.drafts['approved'].pk}/pdf/")

    assert response.status_code == 200 and "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
