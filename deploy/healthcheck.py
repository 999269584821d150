"""The image's HEALTHCHECK: GET /healthz on this container; exit 0 when it answers 200.

/healthz checks the database too (503 when it is down). Django answers 400 to a Host it
does not allow, so the request names a host from ALLOWED_HOSTS instead of 127.0.0.1.
"""
import os
import sys
import urllib.error
import urllib.request

URL = "http://127.0.0.1:8000/healthz"
TIMEOUT_SECONDS = 4


def host_header(allowed_hosts: str) -> str:
    """A Host value that Django's ALLOWED_HOSTS check (comma-separated list) accepts."""
    for entry in (item.strip() for item in allowed_hosts.split(",")):
        if not entry or entry == "*":
            continue
        # ".example.com" allows example.com and its subdomains.
        return entry[1:] if entry.startswith(".") else entry
    return "localhost"


def main() -> int:
    host = host_header(os.environ.get("ALLOWED_HOSTS", "localhost"))
    request = urllib.request.Request(URL, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
