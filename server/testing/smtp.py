"""A real SMTP server for tests: aiosmtpd in a process of its own, on a free loopback port.

The test steers it through files in a directory they share:
    mode      how to treat the next messages (see MODES); rewritten at any time;
              mail to UNKNOWN_USER@any.domain is refused in every mode
    release   created by the test to let held messages be answered
    port      written by the server once it listens
    messages/ every accepted message, one .eml file each, written before the 250 reply

    with SmtpServer() as smtp:
        ...point EMAIL_HOST/EMAIL_PORT at smtp.host/smtp.port...
        smtp.wait_for_messages(1)

`python -m testing.smtp DIRECTORY` (from server/) runs the server process itself.
"""
import asyncio
import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import IO

SERVER_DIR = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 10.0
HOLD_TIMEOUT = 120.0  # a held message is answered by then even if the test forgot to release it

MODES = {
    "accept": "store the message and answer 250",
    "refuse": "answer RCPT with 550 (no such user): a permanent failure",
    "tempfail": "answer RCPT with 451 (try again later): a temporary failure",
    "drop": "close the connection in the middle of DATA, without an answer",
    "hold": "store the message, then answer 250 only once the test calls release()",
}
# Whatever the mode, this mailbox does not exist (550 on RCPT), like an unknown user.
UNKNOWN_USER = "unknown-user"


class SmtpServer:
    def __init__(self, mode: str = "accept"):
        self.directory = Path(tempfile.mkdtemp(prefix="frontdesk-smtp-"))
        self.host = "127.0.0.1"
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._log: IO[bytes] | None = None
        self.set_mode(mode)

    def start(self) -> "SmtpServer":
        self._log = open(self.directory / "log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "testing.smtp", str(self.directory)], cwd=SERVER_DIR,
            stdout=subprocess.DEVNULL, stderr=self._log,
        )
        port_file = self.directory / "port"
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not port_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the SMTP server did not start:\n{self.log()}")
            time.sleep(0.02)  # polling for readiness
        self.port = int(port_file.read_text())
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def set_mode(self, mode: str) -> None:
        assert mode in MODES, mode
        _write_atomically(self.directory / "mode", mode.encode())

    def release(self) -> None:
        (self.directory / "release").touch()

    def log(self) -> str:
        path = self.directory / "log"
        return path.read_text(errors="replace") if path.exists() else ""

    def messages(self) -> list[EmailMessage]:
        """Every message accepted so far, oldest first."""
        files = sorted((self.directory / "messages").glob("*.eml"))
        return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in files]

    def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(found := self.messages()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} message(s) arrived within {timeout}s, expected {count}")
            time.sleep(0.02)  # polling a directory another process writes
        return found


@contextmanager
def silent_smtp_server():
    """A mail server that accepts connections and never says a word.

    The kernel completes the TCP handshake from the listen backlog; nothing ever
    accepts, so a client waits for the SMTP greeting until its own timeout.
    Yields (host, port).
    """
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


# --- The server process ------------------------------------------------------------------


def _serve(directory: Path) -> None:
    from aiosmtpd.smtp import SMTP

    class Handler:
        def mode(self) -> str:
            return (directory / "mode").read_text().strip()

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            mode = self.mode()
            if mode == "refuse" or address.partition("@")[0] == UNKNOWN_USER:
                return f"550 5.1.1 <{address}>: Recipient address rejected: no such user"
            if mode == "tempfail":
                return "451 4.3.0 Temporary failure, try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            # Stored before the answer: the message counts as received even if the
            # client never hears the 250 (the hold mode makes that happen on purpose).
            name = f"{time.time_ns():020d}-{uuid.uuid4().hex}.eml"
            _write_atomically(directory / "messages" / name, envelope.original_content)
            if self.mode() == "hold":
                deadline = time.monotonic() + HOLD_TIMEOUT
                while not (directory / "release").exists() and time.monotonic() < deadline:
                    await asyncio.sleep(0.02)
            return "250 2.0.0 OK: queued"

    handler = Handler()

    class DroppingSMTP(SMTP):
        async def smtp_DATA(self, arg: str) -> None:
            if handler.mode() != "drop" or not (self.envelope and self.envelope.rcpt_tos):
                return await super().smtp_DATA(arg)
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readuntil(b"\r\n")  # the first line of the message: now we are mid-DATA
            assert isinstance(self.transport, asyncio.Transport)
            self.transport.abort()

    (directory / "messages").mkdir(exist_ok=True)
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: DroppingSMTP(handler, hostname="smtp.test", loop=loop), "127.0.0.1", 0)
    )
    _write_atomically(directory / "port", str(server.sockets[0].getsockname()[1]).encode())
    loop.run_forever()


if __name__ == "__main__":
    _serve(Path(sys.argv[1]))
