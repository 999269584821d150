"""Schema-driven fuzzing of the REST API (schemathesis) against the real server: no 500s.

Bounded: a fixed number of generated requests per operation and per role, well under
the three minutes the CI budget allows.
"""
import hypothesis
import pytest
import schemathesis

from testing import factories
from testing.live import Session
from workflow import services as workflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

EXAMPLES_PER_OPERATION = 12


def fuzz(schema, session: Session, examples: int) -> tuple[int, list[str]]:
    calls, failures = 0, []
    headers = {"X-CSRFToken": session.http.cookies.get("csrftoken", ""), "Origin": session.server.url}
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.settings(
            max_examples=examples, deadline=None, database=None, derandomize=True,
            suppress_health_check=list(hypothesis.HealthCheck), phases=[hypothesis.Phase.generate],
        )
        @hypothesis.given(case=operation.as_strategy())
        def run(case):
            nonlocal calls
            response = case.call(base_url=session.server.url, session=session.http, headers=headers, timeout=10)
            calls += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}")

        run()
    return calls, failures


def test_generated_requests_never_cause_server_errors(server_process):
    factories.open_every_day()
    staff = factories.staff()
    board = factories.board(members=[staff])
    workflow.card_create(column=board.columns.first(), title="Fuzz target")
    factories.appointment()
    schema = schemathesis.openapi.from_url(f"{server_process.url}/api/schema/")
    staff_session = Session(server_process).login(staff.email, factories.PASSWORD)
    anonymous = Session(server_process)

    calls, failures = fuzz(schema, staff_session, EXAMPLES_PER_OPERATION)
    anonymous_calls, anonymous_failures = fuzz(schema, anonymous, EXAMPLES_PER_OPERATION // 3)

    assert calls > 200 and anonymous_calls > 50
    assert failures + anonymous_failures == []
