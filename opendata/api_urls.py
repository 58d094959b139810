"""/api/v1/export/: the open-data package and its files."""

from django.urls import path, re_path

from opendata import views

urlpatterns = [
    path("datapackage.json", views.DataPackageView.as_view(), name="export-package"),
    path("dump/", views.DumpView.as_view(), name="export-dump"),
    re_path(r"^dump/(?P<file>[a-z0-9_.-]{1,64})$", views.DumpFileView.as_view(), name="export-dump-file"),
    re_path(
        r"^(?P<name>[a-z_]{1,32})\.(?P<file_format>csv|jsonl)$", views.ExportFileView.as_view(), name="export-file"
    ),
]
