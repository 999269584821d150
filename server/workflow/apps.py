from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"

    def ready(self):
        from realtime import registry
        from workflow import sockets

        registry.sockets(sockets.register)
        registry.stream_access("board", sockets.readable_board_streams)
        # A board's events are its cards' history (workflow.history), so retention must
        # not prune them. They are people's edits, under a kilobyte each: even a busy
        # board adds only tens of megabytes a year. Replay still stops at
        # MAX_REPLAY_EVENTS and sends a snapshot instead, so reconnects cost no more.
        registry.keep_history("board")
        self.declare_event_payloads(registry)

        # Due-soon notifications: the outbox worker runs this every minute (notifications.periodic).
        from notifications import periodic
        from workflow import notices

        periodic.register(notices.due_soon_notify)

    @staticmethod
    def declare_event_payloads(registry) -> None:
        from workflow import serializers as shapes

        registry.event_payload("board_update", shapes.BoardSerializer)
        registry.event_payload("column_update", shapes.ColumnSerializer)
        registry.event_payload("card_update", shapes.CardSerializer)
        registry.event_payload("card_move", shapes.CardSerializer)
        registry.event_payload("comment_update", shapes.CommentSerializer, deleted=shapes.DeletedCommentSerializer)
        registry.event_payload("label_update", shapes.LabelSerializer, deleted=shapes.DeletedLabelSerializer)
        registry.event_payload("checklist_update", shapes.ChecklistItemSerializer)  # deleted carries the whole item
        registry.event_payload("attachment_update", shapes.AttachmentSerializer, deleted=shapes.DeletedAttachmentSerializer)
