"""The list of Socket.IO events, per direction and namespace: docs/events.json is its export.

Tests compare it with the handlers registered on the server, docs/protocol.md and the
client's TypeScript event map, so the four cannot drift apart.
"""
from realtime.streams import APPOINTMENTS_NAMESPACE, CUSTOMER_NAMESPACE, WORKFLOW_NAMESPACE

SERVER_TO_CLIENT = {
    APPOINTMENTS_NAMESPACE: ["pending_count", "today_appointments", "today_schedule", "schedule_updated", "appointment_update"],
    WORKFLOW_NAMESPACE: ["board_update", "column_update", "card_update", "card_move", "comment_update", "label_update", "checklist_update", "attachment_update", "notification"],
    CUSTOMER_NAMESPACE: ["appointment_status"],
}
CLIENT_TO_SERVER = {
    APPOINTMENTS_NAMESPACE: ["fetch_events", "watch_dashboard", "unwatch_dashboard", "resume", "schedule_update", "watch_days", "unwatch_days"],
    WORKFLOW_NAMESPACE: ["fetch_events", "join_board", "leave_board", "card_move", "card_update", "card_create", "comment_create", "join_notifications"],
    CUSTOMER_NAMESPACE: ["fetch_events", "resume"],
}
ALWAYS = ["error", "stream_closed"]


def event_names() -> dict[str, dict[str, list[str]] | list[str]]:
    return {"server_to_client": SERVER_TO_CLIENT, "client_to_server": CLIENT_TO_SERVER, "always": ALWAYS}
