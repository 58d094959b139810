"""The page that explains the open-data export and the feeds (/open-data/)."""

from django.conf import settings
from django.shortcuts import render

from opendata.dumps import current_dump


def open_data_page(request):
    """What can be downloaded, how to keep a copy up to date, the daily copy and the feeds."""
    return render(request, "opendata/open_data.html", {"dump": current_dump(), "licence": settings.OPEN_DATA_LICENSE})
