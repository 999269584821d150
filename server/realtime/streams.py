"""Stream and room names. A room carries exactly one stream and is named after it."""
from datetime import date

APPOINTMENTS_STREAM = "appointments"

APPOINTMENTS_NAMESPACE = "/appointments"
WORKFLOW_NAMESPACE = "/workflow"
CUSTOMER_NAMESPACE = "/customer"


def board_stream(board_id: int) -> str:
    return f"board:{board_id}"


def customer_stream(customer_id: int) -> str:
    return f"customer:{customer_id}"


def staff_stream(user_id: int) -> str:
    """A staff member's own stream on /workflow: their notifications (`notification`)."""
    return f"staff:{user_id}"


def day_stream(day: date) -> str:
    """The staff calendar's stream of one business day: `day:2026-12-07`."""
    return f"day:{day.isoformat()}"


def appointment_history_stream(appointment_id: int) -> str:
    """Every change of one appointment, stored for its history and never sent live."""
    return f"appointment:{appointment_id}"


def is_stream(name: str) -> bool:
    """Whether a room name is a stream (the other rooms are python-socketio's one per socket)."""
    try:
        namespace_for_stream(name)
    except ValueError:
        return False
    return True


def namespace_for_stream(stream: str) -> str:
    if stream == APPOINTMENTS_STREAM or stream.startswith(("day:", "appointment:")):
        return APPOINTMENTS_NAMESPACE
    if stream.startswith(("board:", "staff:")):
        return WORKFLOW_NAMESPACE
    if stream.startswith("customer:"):
        return CUSTOMER_NAMESPACE
    raise ValueError(f"unknown stream {stream!r}")
