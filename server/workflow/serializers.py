from collections.abc import Sequence
from datetime import date

from django.db import connection
from django.db.models import ManyToManyField, Prefetch, prefetch_related_objects
from rest_framework import serializers

from common.actor import display_name
from workflow.models import Attachment, Board, BoardMembership, Card, ChecklistItem, Column, Comment, Label

COLOR_PATTERN = r"^#[0-9a-fA-F]{6}$"
# A card's many-to-many relations as the API shows them: (field, relation).
RELATIONS = (("label_ids", "labels"), ("assignee_ids", "assignees"))
RELATION_IDS_CHUNK = 500  # cards per query (bound parameters per statement stay far below every limit)


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id")
    name = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=BoardMembership.Role.choices)

    def get_name(self, membership) -> str:
        return display_name(membership.user)


class BoardSerializer(serializers.ModelSerializer):
    members = MemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Board
        fields = ["id", "name", "description", "archived", "members"]


class ActivitySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()


class BoardListItemSerializer(BoardSerializer):
    """A board in the list: its members, how many cards, and its last change."""

    card_count = serializers.IntegerField()
    last_activity = ActivitySerializer(allow_null=True)

    class Meta(BoardSerializer.Meta):
        fields = [*BoardSerializer.Meta.fields, "card_count", "last_activity"]


class ColumnSerializer(serializers.ModelSerializer):
    board_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Column
        fields = ["id", "board_id", "name", "position", "wip_limit", "archived", "version"]


class LabelSerializer(serializers.ModelSerializer):
    board_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Label
        fields = ["id", "board_id", "name", "color"]


class CardSerializer(serializers.ModelSerializer):
    board_id = serializers.IntegerField(read_only=True)
    column_id = serializers.IntegerField(read_only=True)
    label_ids = serializers.SerializerMethodField()
    assignee_ids = serializers.SerializerMethodField()
    appointment_id = serializers.IntegerField(read_only=True, allow_null=True)
    customer_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Card
        fields = [
            "id", "board_id", "column_id", "title", "description", "position", "label_ids", "assignee_ids",
            "due_date", "appointment_id", "customer_id", "archived", "version", "created_at", "updated_at",
        ]

    def get_label_ids(self, card) -> list[int]:
        return relation_ids(card)["label_ids"]

    def get_assignee_ids(self, card) -> list[int]:
        return relation_ids(card)["assignee_ids"]


class CommentAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return display_name(user)


class CommentSerializer(serializers.ModelSerializer):
    card_id = serializers.IntegerField(read_only=True)
    board_id = serializers.IntegerField(source="card.board_id", read_only=True)
    author = CommentAuthorSerializer(read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "card_id", "board_id", "author", "text", "created_at", "updated_at"]


class ChecklistItemSerializer(serializers.ModelSerializer):
    card_id = serializers.IntegerField(read_only=True)
    board_id = serializers.IntegerField(source="card.board_id", read_only=True)

    class Meta:
        model = ChecklistItem
        fields = ["id", "card_id", "board_id", "text", "done", "position"]


class AttachmentSerializer(serializers.ModelSerializer):
    card_id = serializers.IntegerField(read_only=True)
    board_id = serializers.IntegerField(source="card.board_id", read_only=True)
    is_image = serializers.BooleanField(read_only=True, help_text="A raster image: may be shown inline (a thumbnail).")
    url = serializers.SerializerMethodField(help_text="The download, for members of the board only.")
    uploaded_by = CommentAuthorSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Attachment
        fields = ["id", "card_id", "board_id", "name", "content_type", "size", "is_image", "url", "uploaded_by", "created_at"]

    def get_url(self, attachment) -> str:
        return f"/api/attachments/{attachment.id}/file"


# What a `deleted` event says of the object that is gone (the event contract, realtime.contract).

class DeletedLabelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    board_id = serializers.IntegerField()


class DeletedCommentSerializer(DeletedLabelSerializer):
    card_id = serializers.IntegerField()


class DeletedAttachmentSerializer(DeletedCommentSerializer):
    name = serializers.CharField()


class CardHistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class CardHistoryEntrySerializer(serializers.Serializer):
    """One change to a card, as workflow.history reads it from the board's stored events."""

    seq = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = CommentAuthorSerializer(allow_null=True)
    summary = serializers.CharField()
    changes = CardHistoryChangeSerializer(many=True)


class BoardSnapshotSerializer(serializers.Serializer):
    board = BoardSerializer()
    columns = ColumnSerializer(many=True)
    cards = CardSerializer(many=True)
    labels = LabelSerializer(many=True)
    comments = CommentSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    checklist_items = ChecklistItemSerializer(many=True)
    seq = serializers.IntegerField()


# Search (GET /api/search, workflow.search).

class CardSearchInput(serializers.Serializer):
    q = serializers.CharField(max_length=200)
    page = serializers.IntegerField(min_value=1, max_value=500, required=False, default=1)


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CardSearchResultSerializer(serializers.Serializer):
    card = CardSerializer()
    board = NamedRefSerializer()
    column = NamedRefSerializer()
    snippet = serializers.CharField(help_text="Plain text around the first match in the description or a comment.")


class CardSearchPageSerializer(serializers.Serializer):
    results = CardSearchResultSerializer(many=True)
    page = serializers.IntegerField()
    has_more = serializers.BooleanField()


# Inputs: shared by the REST views and the Socket.IO handlers.

class BoardCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class BoardUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    archived = serializers.BooleanField(required=False)


class MemberUpdateInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=BoardMembership.Role.choices)


class MemberInput(MemberUpdateInput):
    user_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class ColumnCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    wip_limit = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)


class ColumnUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=80, required=False)
    wip_limit = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)
    expected_version = serializers.IntegerField(min_value=1, required=False)


class ColumnMoveInput(serializers.Serializer):
    index = serializers.IntegerField(min_value=0, max_value=100000)


class CardFieldsInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    # The bound keeps ids within a database integer: SQLite fails (a 500) on larger ones in `id IN (...)`.
    label_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), max_length=50, required=False
    )
    assignee_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), max_length=20, required=False
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    appointment_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    customer_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    def validate_due_date(self, value: date | None):
        if value is not None and value.year < 2000:
            raise serializers.ValidationError("Pick a realistic date.")
        return value


class CardCreateInput(CardFieldsInput):
    column_id = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    mutation_id = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CardUpdateInput(CardFieldsInput):
    expected_version = serializers.IntegerField(min_value=1, required=False)


class CardMoveInput(serializers.Serializer):
    column_id = serializers.IntegerField(min_value=1)
    index = serializers.IntegerField(min_value=0, max_value=100000)
    expected_version = serializers.IntegerField(min_value=1, required=False)


class CommentInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class ChecklistItemCreateInput(serializers.Serializer):
    text = serializers.CharField(max_length=300)


class ChecklistItemUpdateInput(serializers.Serializer):
    text = serializers.CharField(max_length=300, required=False)
    done = serializers.BooleanField(required=False)


class ChecklistItemMoveInput(serializers.Serializer):
    index = serializers.IntegerField(min_value=0, max_value=100000)


class AttachmentUploadInput(serializers.Serializer):
    """multipart/form-data: the file itself (read by common.uploads.read_upload, checked by
    workflow.attachments: the type by content, at most ATTACHMENT_MAX_BYTES)."""

    file = serializers.FileField()


class LabelCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    color = serializers.RegexField(COLOR_PATTERN, required=False, default="#888888")


class LabelUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=40, required=False)
    color = serializers.RegexField(COLOR_PATTERN, required=False)


# Socket.IO event payloads: the REST input plus the id of the object in the path.

class CardMoveEvent(CardMoveInput):
    card_id = serializers.IntegerField(min_value=1)
    mutation_id = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CardUpdateEvent(CardUpdateInput):
    card_id = serializers.IntegerField(min_value=1)
    mutation_id = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CommentCreateEvent(CommentInput):
    card_id = serializers.IntegerField(min_value=1)
    mutation_id = serializers.CharField(max_length=64, required=False, allow_blank=True)


class JoinBoardEvent(serializers.Serializer):
    board_id = serializers.IntegerField(min_value=1)
    after = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class LeaveBoardEvent(serializers.Serializer):
    board_id = serializers.IntegerField(min_value=1)


# The shapes the API answers and the events carry.

def load_relation_ids(cards: Sequence[Card]) -> None:
    """Read the label and assignee ids of `cards`: one query of ids from the link tables.

    Written in SQL because it runs for every card event: building the related rows
    (prefetch_related) or even two ORM queries of ids cost 1-1.4 ms of CPU per event,
    most of it compiling the queries; this costs a few hundredths of that.
    """
    ids: dict[int, dict[str, list[int]]] = {card.id: {field: [] for field, _ in RELATIONS} for card in cards}
    card_ids = list(ids)
    with connection.cursor() as cursor:
        for start in range(0, len(card_ids), RELATION_IDS_CHUNK):
            chunk = card_ids[start:start + RELATION_IDS_CHUNK]
            cursor.execute(_relation_ids_sql(len(chunk)), chunk * len(RELATIONS))
            for card_id, which, related_id in cursor.fetchall():
                ids[card_id][RELATIONS[which][0]].append(related_id)
    for card in cards:
        card.relation_ids = ids[card.id]


def _relation_ids_sql(count: int) -> str:
    """Rows (card id, relation's index in RELATIONS, related id) for `count` card ids, in order."""
    quote, marks = connection.ops.quote_name, ", ".join(["%s"] * count)
    selects = []
    for which, (_field, relation) in enumerate(RELATIONS):
        m2m = Card._meta.get_field(relation)
        assert isinstance(m2m, ManyToManyField)
        card_column = quote(m2m.m2m_column_name())
        selects.append(f"SELECT {card_column}, {which}, {quote(m2m.m2m_reverse_name())} FROM {quote(m2m.m2m_db_table())}"
                       f" WHERE {card_column} IN ({marks})")
    return " UNION ALL ".join(selects) + " ORDER BY 1, 2, 3"


def relation_ids(card: Card) -> dict[str, list[int]]:
    """The card's label and assignee ids, sorted (read now if not read before)."""
    if card.relation_ids is None:
        load_relation_ids([card])
    assert card.relation_ids is not None
    return card.relation_ids


def card_data(card: Card) -> dict:
    """The card as the API and events show it (one query for its relations if not loaded).

    Remembered on the instance for its current version: the event and the answer to
    the request that made the change are built from one serialization.
    """
    remembered = getattr(card, "_card_data", None)
    if remembered is not None and remembered[0] == (card.version, card.updated_at):
        return remembered[1]
    data = CardSerializer(card).data
    card._card_data = ((card.version, card.updated_at), data)  # type: ignore[attr-defined]  # a memo on the instance
    return data


def board_data(board: Board) -> dict:
    """The board with its members as the API and events show it (read now, not from a cache)."""
    getattr(board, "_prefetched_objects_cache", {}).pop("memberships", None)
    prefetch_related_objects([board], Prefetch("memberships", queryset=BoardMembership.objects.select_related("user")))
    return BoardSerializer(board).data


def comment_data(comment: Comment) -> dict:
    return CommentSerializer(Comment.objects.select_related("author", "card").get(pk=comment.pk)).data


def checklist_item_data(item: ChecklistItem) -> dict:
    """The item as the API and events show it (`board_id` reads item.card: have it loaded)."""
    return ChecklistItemSerializer(item).data


def attachment_data(attachment: Attachment) -> dict:
    return AttachmentSerializer(Attachment.objects.select_related("uploaded_by", "card").get(pk=attachment.pk)).data
