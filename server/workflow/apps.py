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

        # Due-soon notifications: the outbox worker runs this every minute (notifications.periodic).
        from notifications import periodic
        from workflow import notices

        periodic.register(notices.due_soon_notify)
