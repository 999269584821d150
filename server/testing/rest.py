"""Checking REST answers in tests: the documented error shape, one definition."""


def error_of(response, status: int, code: str) -> dict:
    """The error body, after checking the documented shape {"error": {"code", "message", "fields"?, "current"?}}."""
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) <= {"code", "message", "fields", "current"}, body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"], body
    return body["error"]
