"""Workflow boards API: thin views; rules live in workflow.services and workflow.permissions."""
from django import db
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from common.api import IsStaff, MutationView, validate_input
from common.uploads import read_upload
from workflow import attachments, history, operations, search, selectors, services
from workflow.permissions import EDIT, board_check_access
from workflow.serializers import (
    AttachmentSerializer,
    AttachmentUploadInput,
    BoardCreateInput,
    BoardListItemSerializer,
    BoardSerializer,
    BoardSnapshotSerializer,
    BoardUpdateInput,
    CardCreateInput,
    CardHistoryEntrySerializer,
    CardMoveInput,
    CardSearchInput,
    CardSearchPageSerializer,
    CardSerializer,
    CardUpdateInput,
    ChecklistItemCreateInput,
    ChecklistItemMoveInput,
    ChecklistItemSerializer,
    ChecklistItemUpdateInput,
    ColumnCreateInput,
    ColumnMoveInput,
    ColumnSerializer,
    ColumnUpdateInput,
    CommentInput,
    CommentSerializer,
    LabelCreateInput,
    LabelSerializer,
    LabelUpdateInput,
    MemberInput,
    MemberUpdateInput,
    board_data,
    card_data,
    comment_data,
)


class StaffView(MutationView):
    """Every workflow endpoint is for staff; board membership is checked per object."""

    permission_classes = [IsStaff]


class BoardListApi(StaffView):
    @extend_schema(
        parameters=[OpenApiParameter("archived", bool, description="List the archived boards instead.")],
        responses=BoardListItemSerializer(many=True),
    )
    def get(self, request):
        archived = request.query_params.get("archived") in ("1", "true")
        return Response(BoardListItemSerializer(selectors.board_list_for_user(request.user, archived=archived), many=True).data)

    @extend_schema(request=BoardCreateInput, responses={201: BoardSerializer})
    def post(self, request):
        data = validate_input(BoardCreateInput, request.data)
        return self.mutate(
            request,
            lambda: services.board_create(creator=request.user, **data),
            status=201,
            serialize=board_data,
        )


class BoardDetailApi(StaffView):
    @extend_schema(responses=BoardSnapshotSerializer)
    def get(self, request, pk: int):
        return Response(selectors.board_snapshot_for_user(request.user, pk))

    @extend_schema(request=BoardUpdateInput, responses=BoardSerializer)
    def patch(self, request, pk: int):
        data = validate_input(BoardUpdateInput, request.data)
        return self.mutate(request, lambda: operations.board_update_for_user(user=request.user, board_id=pk, **data))


class ColumnCreateApi(StaffView):
    @extend_schema(request=ColumnCreateInput, responses={201: ColumnSerializer})
    def post(self, request, pk: int):
        board = board_check_access(request.user, pk, EDIT)
        data = validate_input(ColumnCreateInput, request.data)
        return self.mutate(
            request,
            lambda: services.column_create(board=board, **data),
            status=201,
            serialize=lambda c: ColumnSerializer(c).data,
        )


class ColumnDetailApi(StaffView):
    @extend_schema(request=ColumnUpdateInput, responses=ColumnSerializer)
    def patch(self, request, pk: int):
        column = selectors.column_get_for_user(request.user, pk, EDIT)
        data = validate_input(ColumnUpdateInput, request.data)
        return self.mutate(
            request, lambda: services.column_update(column=column, **data), serialize=lambda c: ColumnSerializer(c).data
        )


class ColumnMoveApi(StaffView):
    @extend_schema(request=ColumnMoveInput, responses=ColumnSerializer)
    def post(self, request, pk: int):
        column = selectors.column_get_for_user(request.user, pk, EDIT)
        data = validate_input(ColumnMoveInput, request.data)
        return self.mutate(
            request, lambda: services.column_move(column=column, **data), serialize=lambda c: ColumnSerializer(c).data
        )


class ColumnArchiveApi(StaffView):
    @extend_schema(request=None, responses=ColumnSerializer)
    def post(self, request, pk: int):
        column = selectors.column_get_for_user(request.user, pk, EDIT)
        return self.mutate(
            request, lambda: services.column_archive(column=column), serialize=lambda c: ColumnSerializer(c).data
        )


class CardCreateApi(StaffView):
    @extend_schema(request=CardCreateInput, responses={201: CardSerializer})
    def post(self, request):
        data = validate_input(CardCreateInput, request.data)
        data.pop("mutation_id", None)  # the header is the REST way to say it
        return self.mutate(request, lambda: operations.card_create_for_user(user=request.user, **data), status=201)


class CardDetailApi(StaffView):
    @extend_schema(responses=CardSerializer)
    def get(self, request, pk: int):
        return Response(card_data(selectors.card_get_for_user(request.user, pk)))

    @extend_schema(request=CardUpdateInput, responses=CardSerializer)
    def patch(self, request, pk: int):
        data = validate_input(CardUpdateInput, request.data)
        return self.mutate(request, lambda: operations.card_update_for_user(user=request.user, card_id=pk, **data))


class CardMoveApi(StaffView):
    @extend_schema(request=CardMoveInput, responses=CardSerializer)
    def post(self, request, pk: int):
        data = validate_input(CardMoveInput, request.data)
        return self.mutate(request, lambda: operations.card_move_for_user(user=request.user, card_id=pk, **data))


class CardArchiveApi(StaffView):
    @extend_schema(request=None, responses=CardSerializer)
    def post(self, request, pk: int):
        return self.mutate(request, lambda: operations.card_archive_for_user(user=request.user, card_id=pk))


class CardCommentsApi(StaffView):
    @extend_schema(responses=CommentSerializer(many=True))
    def get(self, request, pk: int):
        return Response(CommentSerializer(selectors.comment_list_for_user(request.user, pk), many=True).data)

    @extend_schema(request=CommentInput, responses={201: CommentSerializer})
    def post(self, request, pk: int):
        data = validate_input(CommentInput, request.data)
        return self.mutate(request, lambda: operations.comment_create_for_user(user=request.user, card_id=pk, **data), status=201)


class CardHistoryApi(StaffView):
    @extend_schema(responses=CardHistoryEntrySerializer(many=True))
    def get(self, request, pk: int):
        return Response(history.card_history(selectors.card_get_for_user(request.user, pk)))


class CardChecklistApi(StaffView):
    @extend_schema(request=ChecklistItemCreateInput, responses={201: ChecklistItemSerializer})
    def post(self, request, pk: int):
        data = validate_input(ChecklistItemCreateInput, request.data)
        return self.mutate(
            request, lambda: operations.checklist_item_create_for_user(user=request.user, card_id=pk, **data), status=201
        )


class ChecklistItemDetailApi(StaffView):
    @extend_schema(request=ChecklistItemUpdateInput, responses=ChecklistItemSerializer)
    def patch(self, request, pk: int):
        data = validate_input(ChecklistItemUpdateInput, request.data)
        return self.mutate(request, lambda: operations.checklist_item_update_for_user(user=request.user, item_id=pk, **data))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        return self.mutate(
            request, lambda: operations.checklist_item_delete_for_user(user=request.user, item_id=pk), status=204
        )


class ChecklistItemMoveApi(StaffView):
    @extend_schema(request=ChecklistItemMoveInput, responses=ChecklistItemSerializer)
    def post(self, request, pk: int):
        data = validate_input(ChecklistItemMoveInput, request.data)
        return self.mutate(request, lambda: operations.checklist_item_move_for_user(user=request.user, item_id=pk, **data))


class CommentDetailApi(StaffView):
    @extend_schema(request=CommentInput, responses=CommentSerializer)
    def patch(self, request, pk: int):
        comment = selectors.comment_get_for_user(request.user, pk, EDIT)
        data = validate_input(CommentInput, request.data)
        return self.mutate(
            request, lambda: services.comment_update(comment=comment, actor=request.user, **data), serialize=comment_data
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        comment = selectors.comment_get_for_user(request.user, pk, EDIT)
        return self.mutate(request, lambda: services.comment_delete(comment=comment, actor=request.user), status=204)


class LabelCreateApi(StaffView):
    @extend_schema(request=LabelCreateInput, responses={201: LabelSerializer})
    def post(self, request, pk: int):
        board = board_check_access(request.user, pk, EDIT)
        data = validate_input(LabelCreateInput, request.data)
        return self.mutate(
            request, lambda: services.label_create(board=board, **data), status=201, serialize=lambda label: LabelSerializer(label).data
        )


class LabelDetailApi(StaffView):
    @extend_schema(request=LabelUpdateInput, responses=LabelSerializer)
    def patch(self, request, pk: int):
        label = selectors.label_get_for_user(request.user, pk, EDIT)
        data = validate_input(LabelUpdateInput, request.data)
        return self.mutate(
            request, lambda: services.label_update(label=label, **data), serialize=lambda label: LabelSerializer(label).data
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        label = selectors.label_get_for_user(request.user, pk, EDIT)
        return self.mutate(request, lambda: services.label_delete(label=label), status=204)


class BoardMembersApi(StaffView):
    @extend_schema(request=MemberInput, responses=BoardSerializer)
    def post(self, request, pk: int):
        data = validate_input(MemberInput, request.data)
        return self.mutate(request, lambda: operations.member_set_for_user(user=request.user, board_id=pk, **data))


class BoardMemberDetailApi(StaffView):
    @extend_schema(request=MemberUpdateInput, responses=BoardSerializer)
    def patch(self, request, pk: int, user_id: int):
        data = validate_input(MemberUpdateInput, request.data)
        return self.mutate(
            request, lambda: operations.member_set_for_user(user=request.user, board_id=pk, user_id=user_id, **data)
        )

    @extend_schema(request=None, responses=BoardSerializer)
    def delete(self, request, pk: int, user_id: int):
        return self.mutate(
            request, lambda: operations.member_remove_for_user(user=request.user, board_id=pk, user_id=user_id)
        )


class SearchApi(StaffView):
    @extend_schema(parameters=[CardSearchInput], responses=CardSearchPageSerializer)
    def get(self, request):
        query = validate_input(CardSearchInput, request.query_params.dict())
        return Response(search.search_cards_for_user(request.user, **query))


class CardAttachmentsApi(StaffView):
    """Attach a file to a card: multipart/form-data with the file in `file`. Its type is decided
    from its content; a refused file gets `invalid` with a `file` field error and nothing is kept."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": AttachmentUploadInput}, responses={201: AttachmentSerializer})
    def post(self, request, pk: int):
        def read_file():
            return read_upload(request, field="file", max_bytes=settings.ATTACHMENT_MAX_BYTES)

        return self.mutate(
            request, lambda: operations.attachment_add_for_user(user=request.user, card_id=pk, read_file=read_file), status=201
        )


class AttachmentDetailApi(StaffView):
    """Remove an attachment (members and owners; viewers are refused)."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        return self.mutate(
            request, lambda: operations.attachment_delete_for_user(user=request.user, attachment_id=pk), status=204
        )


class AnyAccept(BaseContentNegotiation):
    """A file is what it is, whatever an <img> or a link asks for; errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class AttachmentFileApi(StaffView):
    """Download an attachment: for members of its board only, checked on every request."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, with its own content type. Raster images inline, everything else as a download.",
            )
        }
    )
    def get(self, request, pk: int):
        attachment = selectors.attachment_get_for_user(request.user, pk)
        # The database is done with: give its connection back now, not after the last byte
        # reaches a slow client (with the PostgreSQL pool, downloads would hold its connections).
        # Not inside a transaction (a test's), which closing would break.
        if not db.connection.in_atomic_block:
            db.connection.close()
        return attachments.download_response(attachment, if_none_match=request.headers.get("If-None-Match", ""))
