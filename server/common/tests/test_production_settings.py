"""Production settings: refuse to start without a secret; `check --deploy` is clean."""
import os
import subprocess
import sys
from pathlib import Path

SERVER_DIR = Path(__file__).resolve().parents[2]


def run_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=SERVER_DIR, env={**os.environ, "DJANGO_SETTINGS_MODULE": "server.settings_production", **env},
        capture_output=True, text=True, timeout=60,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_check(
        DJANGO_SECRET_KEY="k" * 20 + "9f8e7d6c5b4a3210zyxwvutsrqponmlkjihgfedcba_-!@#",
        ALLOWED_HOSTS="desk.example.com",
        ALLOWED_ORIGINS="https://desk.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=SERVER_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "server.settings_production"}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
