"""With DEBUG off, 400, 403, 404 and 500 are the portal's own pages, in the reader's language (issue 11, defect 11)."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import get_template
from django.test import Client, override_settings
from django.urls import include, path

from config import urls as site_urls


def _bad_request(request):
    raise SuspiciousOperation("a malformed request")


def _forbidden(request):
    raise PermissionDenied


def _crash(request):
    raise RuntimeError("a bug")


# This module is the URLconf of the tests below: the site's routes, the site's handlers, and three that raise.
urlpatterns = [
    path("test-errors/400/", _bad_request),
    path("test-errors/403/", _forbidden),
    path("test-errors/500/", _crash),
    path("", include(site_urls.urlpatterns)),
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls(__name__),
]

PAGES = {
    400: ("/test-errors/400/", "The request could not be understood"),
    403: ("/test-errors/403/", "Access denied"),
    404: ("/no-such-page/", "Page not found"),
    500: ("/test-errors/500/", "Something went wrong on our side"),
}


@pytest.fixture
def browser():
    # A server answers an error with a page; the test client would otherwise re-raise the exception.
    return Client(raise_request_exception=False)


@override_settings(DEBUG=False)
@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_error_is_the_portals_own_page(browser, status):
    address, heading = PAGES[status]
    response = browser.get(address, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in page
    assert 'class="site"' in page and 'href="/"' in page  # the portal's header and a way home
    assert 'rel="icon"' in page and "portal/site.css" in page
    assert "Traceback" not in page and "a bug" not in page


@override_settings(DEBUG=False)
@pytest.mark.parametrize("status", sorted(PAGES))
@pytest.mark.parametrize("language", ["uz", "uz-cyrl", "ru"])
def test_error_pages_are_in_the_readers_language(browser, status, language):
    address, _heading = PAGES[status]
    response = browser.get(address, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status
    assert f'<html lang="{language}">' in response.content.decode()


@override_settings(DEBUG=False)
def test_the_404_page_offers_search_and_the_language_menu(browser):
    page = browser.get("/drafts/999999/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<label for="error-search">' in page and 'action="/search/"' in page
    assert 'name="language"' in page


@override_settings(DEBUG=False)
def test_the_api_still_answers_errors_in_json(browser):
    missing = browser.get("/api/v1/no-such-endpoint/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


@override_settings(DEBUG=False)
def test_the_500_page_renders_without_a_request():
    # Django renders 500.html (and 400.html) with no request and no context processors.
    for name in ("500.html", "400.html"):
        assert "<h1>" in get_template(name).render()


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_csrf_token_gets_the_portals_page():
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = strict.post("/accounts/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>The form has expired</h1>" in page and 'class="site"' in page
