from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"

    def ready(self):
        from realtime import registry
        from workflow import sockets

        registry.sockets(sockets.register)
        registry.stream_access("board", sockets.readable_board_streams)
