"""Stream and room names. A room carries exactly one stream and is named after it."""

APPOINTMENTS_STREAM = "appointments"

APPOINTMENTS_NAMESPACE = "/appointments"
WORKFLOW_NAMESPACE = "/workflow"
CUSTOMER_NAMESPACE = "/customer"


def board_stream(board_id: int) -> str:
    return f"board:{board_id}"


def customer_stream(customer_id: int) -> str:
    return f"customer:{customer_id}"


def is_stream(name: str) -> bool:
    """Whether a room name is a stream (the other rooms are python-socketio's one per socket)."""
    try:
        namespace_for_stream(name)
    except ValueError:
        return False
    return True


def namespace_for_stream(stream: str) -> str:
    if stream == APPOINTMENTS_STREAM:
        return APPOINTMENTS_NAMESPACE
    if stream.startswith("board:"):
        return WORKFLOW_NAMESPACE
    if stream.startswith("customer:"):
        return CUSTOMER_NAMESPACE
    raise ValueError(f"unknown stream {stream!r}")
