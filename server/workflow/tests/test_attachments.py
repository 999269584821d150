"""Attachments on cards: the type decided by content, the size limit, storage, and who may download."""
import asyncio
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from rest_framework.test import APIClient

from common.uploads import MULTIPART_OVERHEAD, UploadBodyLimit
from realtime.models import StreamEvent
from realtime.streams import board_stream
from testing import factories
from testing.rest import error_of
from workflow.models import Attachment

pytestmark = pytest.mark.django_db

# Only the first bytes decide a type, so these need be no more than a valid start.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
ATTACHMENT_KEYS = {"id", "card_id", "board_id", "name", "content_type", "size", "is_image", "url", "uploaded_by", "created_at"}


def ooxml(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(file: io.BytesIO, name: str) -> io.BytesIO:
    file.name = name
    return file


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body_of(response) -> bytes:
    """A download's bytes, read the way the ASGI server reads them (asynchronously)."""

    async def read():
        return b"".join([part async for part in response.streaming_content])

    return asyncio.run(read())


def stored_files() -> list[str]:
    assert isinstance(default_storage, FileSystemStorage)  # the tests keep files on disk
    root = Path(default_storage.location)
    return sorted(str(path) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def member(db):
    return factories.staff(first_name="Sam")


@pytest.fixture
def viewer(db):
    return factories.staff(first_name="Vic")


@pytest.fixture
def board(staff_user, member, viewer):
    return factories.board(members=[staff_user, member], viewers=[viewer])


@pytest.fixture
def card(board):
    return factories.card(board.columns.first(), title="Fix chair 2")


def attach(client, card, content: bytes, name: str):
    return client.post(f"/api/cards/{card.id}/attachments", {"file": upload(io.BytesIO(content), name)}, format="multipart")


def attached(client, card, content: bytes = PNG, name: str = "photo.png") -> dict:
    response = attach(client, card, content, name)
    assert response.status_code == 201, response.content
    return response.json()


# What may be attached: decided by content


def test_a_png_named_txt_is_kept_as_a_png_and_published(member, card, board):
    before = set(stored_files())

    body = attached(client_for(member), card, PNG, "notes.txt")

    assert set(body) == ATTACHMENT_KEYS
    assert (body["name"], body["content_type"], body["is_image"], body["size"]) == ("notes.txt", "image/png", True, len(PNG))
    assert body["url"] == f"/api/attachments/{body['id']}/file"
    assert body["uploaded_by"] == {"id": member.id, "name": "Sam"}
    [new_file] = set(stored_files()) - before
    assert Path(new_file).read_bytes() == PNG
    assert "notes" not in new_file  # stored under a random name, never the uploader's
    event = StreamEvent.objects.filter(stream=board_stream(board.id), event="attachment_update").get()
    assert (event.envelope["op"], event.envelope["data"]) == ("created", body)


@pytest.mark.parametrize(
    "content, name, content_type",
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "scan.jpeg", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "x.gif", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "x.webp", "image/webp"),
        (PDF, "quote.bin", "application/pdf"),
        ("Prices from Monday: £25 a cut\n".encode(), "prices", "text/plain"),
        (b"name,phone\nRobin,07700 900002\n", "clients.CSV", "text/csv"),
        (ooxml("[Content_Types].xml", "word/document.xml"), "letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (ooxml("[Content_Types].xml", "xl/workbook.xml"), "sheet.zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_accepted_types_by_content(member, card, content, name, content_type):
    body = attached(client_for(member), card, content, name)
    assert body["content_type"] == content_type
    assert body["is_image"] == content_type.startswith("image/")


@pytest.mark.parametrize(
    "content, name",
    [
        (HTML, "photo.png"),
        (b"  \n<html><script>alert(1)</script></html>", "notes.txt"),
        (SVG, "logo.svg"),
        (b'<?xml version="1.0"?>' + SVG, "logo.png"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "setup.exe"),
        (b"text with a NUL\x00 byte", "notes.txt"),
        (b"\xc3\x28 not UTF-8", "notes.txt"),
        (ooxml("index.html"), "letter.docx"),
    ],
)
def test_refused_types_store_nothing(member, card, content, name):
    before = stored_files()

    error = error_of(attach(client_for(member), card, content, name), 400, "invalid")

    assert "cannot be attached" in error["fields"]["file"][0]
    assert not Attachment.objects.exists()
    assert stored_files() == before
    assert not StreamEvent.objects.filter(event="attachment_update").exists()


def test_size_limit(member, card, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    client = client_for(member)

    assert attached(client, card, b"a" * 2048, "exactly.txt")["size"] == 2048
    error = error_of(attach(client, card, b"a" * 2049, "over.txt"), 400, "invalid")
    assert error["fields"] == {"file": ["Files can be at most 2 KiB."]}
    assert Attachment.objects.count() == 1


def test_a_body_declared_over_the_limit_is_refused_before_it_is_parsed(member, card, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    response = client_for(member).post(
        f"/api/cards/{card.id}/attachments", {"file": upload(io.BytesIO(PNG), "a.png")}, format="multipart",
        CONTENT_LENGTH=str(2048 + MULTIPART_OVERHEAD + 1),
    )
    assert error_of(response, 400, "invalid")["fields"] == {"file": ["Files can be at most 2 KiB."]}
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "send, message",
    [
        (lambda c, url: c.post(url, {}, format="multipart"), "Choose a file"),
        (lambda c, url: c.post(url, {"other": upload(io.BytesIO(PNG), "a.png")}, format="multipart"), "Choose a file"),
        (lambda c, url: c.post(url, {"file": upload(io.BytesIO(b""), "empty.txt")}, format="multipart"), "empty"),
        (lambda c, url: c.post(url, {"file": "not a file"}, format="json"), "multipart/form-data"),
        (lambda c, url: c.post(url, b"--x\r\nbroken", content_type="multipart/form-data; boundary=x"), ""),
        (lambda c, url: c.post(url, b"garbage", content_type="multipart/form-data"), ""),
    ],
)
def test_bad_uploads_get_a_field_error(member, card, send, message):
    error = error_of(send(client_for(member), f"/api/cards/{card.id}/attachments"), 400, "invalid")
    assert message in error["fields"]["file"][0]
    assert not Attachment.objects.exists()


def test_an_archived_card_takes_no_attachments(member, card):
    card.archived = True
    card.save()
    before = stored_files()
    error_of(attach(client_for(member), card, PNG, "a.png"), 400, "invalid")
    assert stored_files() == before


def test_the_board_snapshot_lists_attachments(member, card, board):
    body = attached(client_for(member), card)
    snapshot = client_for(member).get(f"/api/boards/{board.id}").json()
    assert snapshot["attachments"] == [body]


# Who may download, upload and delete


def test_members_and_viewers_download_with_safe_headers(member, viewer, card):
    body = attached(client_for(member), card, PNG, "chair.png")

    for user in (member, viewer):
        response = client_for(user).get(body["url"])
        assert response.status_code == 200
        assert body_of(response) == PNG
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == 'inline; filename="chair.png"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Content-Length"] == str(len(PNG))


def test_everything_but_images_downloads_as_a_file(member, card):
    pdf = attached(client_for(member), card, PDF, "Quote für Robin.pdf")
    text = attached(client_for(member), card, b"Hello <script>alert(1)</script>", "page.html")

    response = client_for(member).get(pdf["url"])
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Quote%20f%C3%BCr%20Robin.pdf"
    assert response["Content-Type"] == "application/pdf"
    response = client_for(member).get(text["url"])
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_repeated_download_is_answered_not_modified(member, card):
    body = attached(client_for(member), card)
    first = client_for(member).get(body["url"])
    again = client_for(member).get(body["url"], HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["X-Content-Type-Options"] == "nosniff"


def test_strangers_get_not_found_and_customers_forbidden(member, card, customer_api):
    body = attached(client_for(member), card)
    stranger = factories.staff()

    error_of(client_for(stranger).get(body["url"]), 404, "not_found")
    error_of(client_for(stranger).delete(f"/api/attachments/{body['id']}"), 404, "not_found")
    error_of(attach(client_for(stranger), card, PNG, "mine.png"), 404, "not_found")
    error_of(customer_api.get(body["url"]), 403, "forbidden")
    error_of(APIClient().get(body["url"]), 401, "not_authenticated")
    # An <img> asks for images only; a refusal is still the JSON error.
    error_of(client_for(stranger).get(body["url"], HTTP_ACCEPT="image/png"), 404, "not_found")
    assert Attachment.objects.count() == 1


def test_viewers_may_not_upload_or_delete(viewer, member, card):
    body = attached(client_for(member), card)
    before = stored_files()

    error_of(attach(client_for(viewer), card, PNG, "v.png"), 403, "forbidden")
    error_of(client_for(viewer).delete(f"/api/attachments/{body['id']}"), 403, "forbidden")

    assert Attachment.objects.count() == 1
    assert stored_files() == before


def test_the_stored_file_is_not_served_from_any_public_path(member, card):
    body = attached(client_for(member), card)
    stored = Attachment.objects.get(pk=body["id"]).file.name
    for path in (f"/media/{stored}", f"/{stored}", f"/static/{stored}"):
        response = client_for(member).get(path)
        assert response.status_code == 404 or PNG not in response.content


def test_delete_removes_the_file_after_commit(member, card, board, django_capture_on_commit_callbacks):
    body = attached(client_for(member), card)
    stored = Attachment.objects.get(pk=body["id"]).file.name
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).delete(f"/api/attachments/{body['id']}")

    assert response.status_code == 204
    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)
    event = StreamEvent.objects.filter(event="attachment_update").order_by("seq").last()
    assert (event.envelope["op"], event.envelope["data"]) == ("deleted", {"id": body["id"], "card_id": card.id, "board_id": board.id, "name": "photo.png"})
    error_of(client_for(member).get(body["url"]), 404, "not_found")


# Refusing an oversized body before Django reads it (ASGI)


def run_asgi(app, headers: dict, chunks: list[bytes]):
    """Call an ASGI app with a POST to an upload path; the answer as (status, body, read chunks)."""
    sent, pending = [], list(chunks)

    async def receive():
        if not pending:
            return {"type": "http.disconnect"}
        chunk = pending.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/api/cards/7/attachments",
        "headers": [(name.encode(), value.encode()) for name, value in headers.items()],
    }
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, len(chunks) - len(pending)


class Django:
    """Stands in for Django: reads the whole body like ASGIHandler.read_body, answers 201."""

    def __init__(self):
        self.read = b""
        self.called = False

    async def __call__(self, scope, receive, send):
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # RequestAborted: Django answers nothing
            self.read += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


def limited(app, max_bytes=1024):
    return UploadBodyLimit(app, path=r"/api/cards/\d+/attachments", field="file", max_bytes=lambda: max_bytes)


def test_asgi_refuses_a_declared_oversized_body_without_reading_it():
    django = Django()
    status, body, read = run_asgi(limited(django), {"content-length": str(1024 + MULTIPART_OVERHEAD + 1)}, [b"x"] * 3)
    assert (status, django.called, read) == (400, False, 0)
    assert json.loads(body)["error"]["fields"] == {"file": ["Files can be at most 1 KiB."]}


def test_asgi_stops_reading_a_body_that_grows_past_the_limit():
    django = Django()
    chunk = b"x" * (32 * 1024)
    status, body, read = run_asgi(limited(django), {}, [chunk] * 10)
    assert status == 400 and read == 3  # 96 KiB passed 1 KiB + the multipart allowance
    assert json.loads(body)["error"]["code"] == "invalid"


def test_asgi_passes_a_body_within_the_limit():
    django = Django()
    status, _, _ = run_asgi(limited(django), {"content-length": "3000"}, [b"a" * 1000] * 3)
    assert (status, django.read) == (201, b"a" * 3000)


@pytest.mark.parametrize("name", ["nginx.conf", "nginx.local.conf"])
def test_nginx_lets_an_attachment_of_the_default_limit_through(name, settings):
    text = (Path(__file__).resolve().parents[3] / "deploy" / name).read_text()
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    location = re.search(r"location ~ \^/api/cards/\[0-9\]\+/attachments\$ \{(.*?)\n    \}", text, re.S)
    assert location, f"{name} needs a location for attachment uploads"
    size = re.search(r"client_max_body_size (\d+)m;", location.group(1))
    assert size and int(size.group(1)) * 1024 * 1024 >= 10 * 1024 * 1024 + MULTIPART_OVERHEAD
    assert re.search(r"proxy_pass http://\w+;", location.group(1))
