"""The operator's side: alert rules valid and firing when they should (promtool), and
every series the dashboard and the rules use is one the real server exports."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[3]
PROMETHEUS = REPO / "deploy" / "prometheus"
DASHBOARD = REPO / "deploy" / "grafana" / "frontdesk-dashboard.json"
# Our series: the app's own prefixes (the client library's process_* are not used).
SERIES = re.compile(r"\b((?:socketio|http|outbox)_[a-z_]+)\b")


def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("promtool is missing: `make test` installs it (scripts/ensure-debian-tool.sh)")
        pytest.skip("promtool is not installed (Debian package prometheus)")
    return path


def test_alert_rules_are_valid_and_fire_when_they_should():
    tool = promtool()
    checked = subprocess.run([tool, "check", "rules", "alerts.yml"], cwd=PROMETHEUS, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = subprocess.run([tool, "test", "rules", "alerts.test.yml"], cwd=PROMETHEUS, capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_the_dashboard_is_well_formed():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] and dashboard["title"]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel in dashboard["panels"]:
        assert panel["title"] and panel["targets"], panel
        assert all(target["expr"].strip() for target in panel["targets"]), panel["title"]


def queried_series() -> set[str]:
    texts = [(PROMETHEUS / "alerts.yml").read_text()]
    texts += [target["expr"] for panel in json.loads(DASHBOARD.read_text())["panels"] for target in panel["targets"]]
    return {name for text in texts for name in SERIES.findall(text)}


def family(series: str) -> str:
    """The metric family a series belongs to: histograms add suffixes to their name."""
    return re.sub(r"_(bucket|count|sum|created)$", "", series)


@pytest.mark.django_db(transaction=True)
@pytest.mark.server_process
def test_every_series_the_dashboard_and_rules_use_is_exported(server_process):
    assert requests.get(f"{server_process.url}/api/services", timeout=5).status_code == 200
    text = requests.get(f"{server_process.url}/metrics", timeout=5).text
    exported = set(re.findall(r"^# TYPE (\S+) ", text, flags=re.M))
    missing = {series for series in queried_series() if series not in exported and family(series) not in exported}
    assert not missing, f"queried but not exported: {sorted(missing)}"
    assert len(queried_series()) >= 10
