"""Top-level routes: the API, the admin, the portal and the workspace."""

from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views.defaults import page_not_found, server_error

from comments.pages import summary_page
from config.metrics import metrics_view
from publishing.views import verify_page

urlpatterns = [
    path("api/v1/", include("config.api_urls")),
    path("drafts/<int:draft_id>/summary/", summary_page, name="summary-page"),
    path("verify/", verify_page, name="verify-page"),
    path("verify/<str:checksum>/", verify_page, name="verify-checksum"),
    # Not public: the nginx site answers 404 for /internal/ (config.metrics).
    path("internal/metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The open-data page and the Atom feeds (opendata).
    path("", include("opendata.urls")),
    path("", include("portal.urls")),
]


def api_aware_404(request, exception=None):
    """JSON for API callers, so every API error has a body that says why."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "No such address in the API.", "code": "not_found"}, status=404)
    return page_not_found(request, exception)


def api_aware_500(request):
    """JSON for API callers; the error is logged, never shown."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal error; it has been logged.", "code": "error"}, status=500)
    return server_error(request)


handler404 = api_aware_404
handler500 = api_aware_500
