"""Attachments on cards: which files are kept, where, and when they go.

A file's type is decided from its first bytes, never from its name or the browser's
claim, and only these are kept: raster images (PNG, JPEG, GIF, WebP), PDF, plain text or
CSV (UTF-8 without NUL bytes, not starting like markup), and Word, Excel and PowerPoint
documents (OOXML). HTML and SVG are not on the list: a browser would run their scripts.
Files are stored through Django's storage API (STORAGES["default"]) under a random name
(workflow.models.attachment_path) and served only through workflow.api.AttachmentFileApi,
to people who may read the board. Each change publishes one `attachment_update`.
"""
import codecs
import zipfile

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseNotModified, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

from common import errors
from common.uploads import too_big_message
from realtime.publish import stream_lock
from realtime.streams import board_stream
from workflow.models import Attachment, Card
from workflow.serializers import attachment_data
from workflow.services import _publish

_name_max = Attachment._meta.get_field("name").max_length
assert _name_max is not None  # a CharField always has one
NAME_MAX: int = _name_max
REFUSED_TYPE = (
    "This type of file cannot be attached. Attach an image (PNG, JPEG, GIF or WebP), a PDF, "
    "a plain text or CSV file, or a Word, Excel or PowerPoint document."
)

SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
# OOXML: a ZIP whose [Content_Types].xml sits beside the main part of its kind.
OFFICE_PARTS = (
    ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)


def _office_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())  # the central directory only: nothing is unpacked
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((content_type for part, content_type in OFFICE_PARTS if part in names), None)


def _is_text(file) -> bool:
    """Valid UTF-8, no NUL byte, and not markup (HTML, SVG, XML start with "<")."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    start = ""
    try:
        for chunk in file.chunks():
            if b"\x00" in chunk:
                return False
            text = decoder.decode(chunk)
            if len(start) < 64:
                start += text[:64]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not start.lstrip().startswith("<")


def content_type_of(file, name: str) -> str | None:
    """The type `file` holds, if it is one that may be attached."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    try:
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "image/webp"
        for signature, content_type in SIGNATURES:
            if head.startswith(signature):
                return content_type
        if head.startswith(b"PK\x03\x04"):
            return _office_type(file)
        if _is_text(file):
            return "text/csv" if name.lower().endswith(".csv") else "text/plain"
        return None
    finally:
        file.seek(0)


def _display_name(name: str) -> str:
    """The uploader's file name as shown: printable, and short enough to store (the extension kept)."""
    name = "".join(ch for ch in (name or "") if ch.isprintable()).strip() or "file"
    if len(name) <= NAME_MAX:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:NAME_MAX]
    return stem[: NAME_MAX - len(extension) - 1] + "." + extension


def attachment_check(uploaded_file) -> str:
    """The content type of an acceptable upload; a field error naming `file` otherwise."""
    if uploaded_file.size == 0:
        raise errors.InvalidInput(fields={"file": ["The file is empty."]})
    if uploaded_file.size > settings.ATTACHMENT_MAX_BYTES:
        raise errors.InvalidInput(fields={"file": [too_big_message(settings.ATTACHMENT_MAX_BYTES)]})
    content_type = content_type_of(uploaded_file, uploaded_file.name or "")
    if content_type is None:
        raise errors.InvalidInput(fields={"file": [REFUSED_TYPE]})
    return content_type


def attachment_add(*, card: Card, uploaded_file, by) -> Attachment:
    """Keep `uploaded_file` on `card`. The file is stored first; if recording it fails, it goes."""
    content_type = attachment_check(uploaded_file)
    attachment = Attachment(
        card_id=card.id, name=_display_name(uploaded_file.name), content_type=content_type,
        size=uploaded_file.size, uploaded_by=by,
    )
    attachment.file.save(attachment.name, uploaded_file, save=False)  # a random name: models.attachment_path
    try:
        return _attachment_record(card, attachment)
    except BaseException:
        attachment.file.delete(save=False)
        raise


@transaction.atomic
def _attachment_record(card: Card, attachment: Attachment) -> Attachment:
    stream_lock(board_stream(card.board_id))
    if Card.objects.filter(pk=card.pk, archived=True).exists():
        raise errors.InvalidInput(fields={"card_id": ["That card is archived."]})
    attachment.save()
    _publish(card.board_id, "attachment_update", "created", attachment_data(attachment))
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    """Forget the attachment; its stored file is removed once that is committed."""
    board_id = attachment.card.board_id
    stream_lock(board_stream(board_id))
    data = {"id": attachment.id, "card_id": attachment.card_id, "board_id": board_id, "name": attachment.name}  # named for the card's history
    stored, storage = attachment.file.name, attachment.file.storage
    deleted, _ = Attachment.objects.filter(pk=attachment.pk).delete()
    if not deleted:
        return  # someone else deleted it while this waited for the lock: their event said so
    if stored:  # the row always names its file; a nameless one has nothing to delete
        transaction.on_commit(lambda: storage.delete(stored))
    _publish(board_id, "attachment_update", "deleted", data)


# Serving

CHUNK_BYTES = 64 * 1024
# Each answer stands alone: the browser may not guess another type (nosniff), a file opened
# directly gets no scripts, plugins or same-origin rights (sandbox), and other sites may not
# embed it. Only raster images are inline (thumbnails); everything else is a download.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-site",
    # The same id always holds the same bytes: revalidated by ETag, never shared by caches.
    "Cache-Control": "private, no-cache",
}


async def _chunks(file):
    """The file in pieces, read off the event loop: a download never blocks it or sits in memory."""
    try:
        while chunk := await sync_to_async(file.read)(CHUNK_BYTES):
            yield chunk
    finally:
        await sync_to_async(file.close)()


def download_response(attachment: Attachment, *, if_none_match: str = ""):
    """The stored file as an HTTP answer, for someone already allowed to read the board."""
    etag = f'"attachment-{attachment.id}"'
    response: HttpResponseBase
    if etag in if_none_match:
        response = HttpResponseNotModified()
    else:
        content_type = attachment.content_type + ("; charset=utf-8" if attachment.content_type.startswith("text/") else "")
        response = StreamingHttpResponse(_chunks(attachment.file.open("rb")), content_type=content_type)
        response["Content-Length"] = str(attachment.size)
        disposition = content_disposition_header(not attachment.is_image, attachment.name)
        if disposition:  # always, as the file has a name
            response["Content-Disposition"] = disposition
    response["ETag"] = etag
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response
