import pytest

from tests.files import makers


@pytest.fixture
def create(api, world, django_capture_on_commit_callbacks):
    """`create(kind, file=(name, bytes), **fields)`: a material added through the API by the demo media editor,
    its file processed as the after-commit job would; returns the response."""

    def post(kind="photo", file=None, user="media_editor", **fields):
        data = {"kind": kind, "title": f"Yangi {kind}", "date": "2025-06-01", **fields}
        if file is not None:
            data["file"] = makers.upload(*file)
        with django_capture_on_commit_callbacks(execute=True):
            return api(world.users[user] if user else None).post("/api/v1/media/", data, format="multipart")

    return post
