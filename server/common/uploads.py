"""Reading one uploaded file from a request, within a size limit, without holding it in memory.

Django keeps a file part in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE and streams the rest
to a temporary file. On top of that, an upload over the limit is refused as early as it
can be: `UploadBodyLimit` (ASGI, in front of Django) answers before reading a body whose
Content-Length is too big and stops reading one that grows too big; `read_upload` refuses
by Content-Length before parsing, and its handler stops the parse once the file passes
the limit (for callers that reach Django without the ASGI layer, such as tests).
"""
import json
import re
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParserError
from rest_framework.exceptions import ParseError

from common import errors

# Room for the multipart boundaries and part headers around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


def size_text(size: int) -> str:
    """1536 -> "1.5 KiB", as people read sizes."""
    amount: float = size
    for unit in ("bytes", "KiB", "MiB"):
        if amount < 1024 or unit == "MiB":
            return f"{size} {unit}" if unit == "bytes" else f"{amount:.1f}".removesuffix(".0") + f" {unit}"
        amount /= 1024
    raise AssertionError("unreachable")


def too_big_message(max_bytes: int) -> str:
    return f"Files can be at most {size_text(max_bytes)}."


def _refuse(field: str, message: str) -> errors.InvalidInput:
    return errors.InvalidInput(fields={field: [message]})


class _LimitedUploadHandler(FileUploadHandler):
    """Stops the parse as soon as a file passes `max_bytes`: nothing more is read or kept."""

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data  # on to Django's own handlers (memory, then a temporary file)

    def file_complete(self, file_size):
        return None


def read_upload(request, *, field: str, max_bytes: int) -> UploadedFile:
    """The one file sent as `field` of a multipart/form-data body; a field error otherwise."""
    if not (request.content_type or "").startswith("multipart/form-data"):
        raise _refuse(field, f"Send the file as multipart/form-data, in the field “{field}”.")
    declared = request.META.get("CONTENT_LENGTH") or ""
    if declared.isdigit() and int(declared) > max_bytes + MULTIPART_OVERHEAD:
        raise _refuse(field, too_big_message(max_bytes))
    limiter = _LimitedUploadHandler(request, max_bytes)
    request.upload_handlers.insert(0, limiter)
    try:
        files = request.FILES.getlist(field)
    except (ParseError, MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as error:
        raise _refuse(field, f"The upload could not be read ({error}).") from error
    if limiter.exceeded:
        raise _refuse(field, too_big_message(max_bytes))
    if not files:
        raise _refuse(field, "Choose a file to upload.")
    if len(files) > 1:
        raise _refuse(field, "Upload one file at a time.")
    return files[0]


class UploadBodyLimit:
    """ASGI middleware: a request to an upload path whose body is over the limit gets the
    same 400 as `read_upload` gives, before the body is read (Content-Length) or as soon
    as it passes the limit (a body sent without one)."""

    def __init__(self, app, *, path: str, field: str, max_bytes: Callable[[], int]):
        self.app = app
        self.path = re.compile(path)
        self.field = field
        self.max_bytes = max_bytes  # read per request: settings may change (tests)

    async def _refuse(self, send, max_bytes: int) -> None:
        body = json.dumps({"error": _refuse(self.field, too_big_message(max_bytes)).as_dict()}).encode()
        # No `Connection: close`: the server reads and drops the rest of the body after the
        # answer, so the client, still sending, gets this answer rather than a reset.
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or not self.path.fullmatch(scope.get("path", "")):
            return await self.app(scope, receive, send)
        max_bytes = self.max_bytes()
        allowed = max_bytes + MULTIPART_OVERHEAD
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > allowed:
            return await self._refuse(send, max_bytes)

        received, cut, started = 0, False, False

        async def limited_receive():
            nonlocal received, cut
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > allowed:
                    cut = True
                    return {"type": "http.disconnect"}  # Django stops reading and answers nothing
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, limited_receive, tracked_send)
        if cut and not started:
            await self._refuse(send, max_bytes)
