"""HTTP endpoints of the media library: input, access, one call, output."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from files.api import FILE_RESPONSES, VARIANT_PARAMETER, requested_variant
from files.serving import stored_file_response
from kernel.errors import Forbidden, InvalidArguments, NotVisible
from library import services
from library.filters import MaterialFilter
from library.permissions import can_edit_materials
from library.selectors import access_material, material_list_visible_to, with_details
from library.serializers import (
    MaterialChangeInputSerializer,
    MaterialDetailSerializer,
    MaterialInputSerializer,
    MaterialSerializer,
)


def _editor_first(user) -> None:
    """Only media editors write: the others learn it before their input is read."""
    if not can_edit_materials(user):
        raise Forbidden(_("Only the information service's media editors can add, change or publish materials."))


def _detail(request, material_id: int) -> dict:
    material = with_details(material_list_visible_to(request.user), request.user).get(pk=material_id)
    return MaterialDetailSerializer(material).data


class MaterialListCreateView(generics.ListAPIView):
    """Materials of the media library you may see (published ones; all for media editors), filterable;
    POST adds one (media editors: multipart with its `file`, or `file_id` of an earlier upload)."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = MaterialFilter
    serializer_class = MaterialSerializer

    def get_queryset(self):
        return with_details(material_list_visible_to(self.request.user).defer("text"), self.request.user)

    @extend_schema(request=MaterialInputSerializer, responses={201: MaterialDetailSerializer})
    def post(self, request):
        _editor_first(request.user)
        data = MaterialInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        material = services.material_create(
            user=request.user,
            draft_ids=fields.pop("drafts", []),
            upload=fields.pop("file", None),
            **fields,
        )
        return Response(_detail(request, material.pk), status=status.HTTP_201_CREATED)


class MaterialDetailView(APIView):
    """One material with its text; PATCH changes it, DELETE deletes it with its file (media editors)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=MaterialDetailSerializer)
    def get(self, request, material_id: int):
        access_material(request.user, material_id)
        return Response(_detail(request, material_id))

    @extend_schema(request=MaterialChangeInputSerializer, responses=MaterialDetailSerializer)
    def patch(self, request, material_id: int):
        access_material(request.user, material_id)
        _editor_first(request.user)
        data = MaterialChangeInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if not changes:
            raise InvalidArguments({"non_field_errors": _("Send at least one field to change.")})
        services.material_update(
            user=request.user,
            material_id=material_id,
            upload=changes.pop("file", None),
            file_id=changes.pop("file_id", None),
            remove_file=changes.pop("remove_file", False),
            changes=changes,
        )
        return Response(_detail(request, material_id))

    @extend_schema(responses={204: None})
    def delete(self, request, material_id: int):
        services.material_delete(user=request.user, material_id=material_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MaterialPublishView(APIView):
    """Publishes the material: the public sees it and search finds it (media editors)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=MaterialDetailSerializer)
    def post(self, request, material_id: int):
        services.material_publish(user=request.user, material_id=material_id)
        return Response(_detail(request, material_id))


class MaterialUnpublishView(APIView):
    """Takes the material back from the public and out of search (media editors)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=MaterialDetailSerializer)
    def post(self, request, material_id: int):
        services.material_unpublish(user=request.user, material_id=material_id)
        return Response(_detail(request, material_id))


class MaterialFileView(APIView):
    """The material's file, once checked: pictures, audio and video inline, documents as downloads;
    Range requests answer 206 so that players can seek. 409 while the file is being checked."""

    @extend_schema(parameters=[VARIANT_PARAMETER], responses=FILE_RESPONSES)
    def get(self, request, material_id: int):
        material = access_material(request.user, material_id)
        if material.file is None:
            raise NotVisible(_("This material has no file."))
        variant = requested_variant(request)
        return stored_file_response(request, material.file, variant=variant, public=material.is_published())
