"""The optional virus scan: clamd's INSTREAM command over its socket (CLAMD_SOCKET), when configured.

Written against the protocol (clamd(8): zINSTREAM, 4-byte big-endian chunk lengths, a zero
length to end) rather than through the Python clients on PyPI, whose last releases are from 2014
and 2017. A path is a Unix socket; host:port is TCP.
"""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    finding: str = ""


class ScannerUnavailable(Exception):
    """clamd did not answer; the file stays held and the job retries."""


def scanning_enabled() -> bool:
    return bool(settings.CLAMD_SOCKET)


def scan(stream) -> ScanResult:
    """Streams the bytes to clamd and reads its verdict: `stream: OK` or `stream: <name> FOUND`."""
    try:
        with _connect(settings.CLAMD_SOCKET) as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = _read_answer(connection)
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    if answer.endswith("OK"):
        return ScanResult(clean=True)
    if answer.endswith("FOUND"):
        return ScanResult(clean=False, finding=answer.removeprefix("stream:").removesuffix("FOUND").strip())
    # "INSTREAM size limit exceeded. ERROR" and the like: not a verdict.
    raise ScannerUnavailable(answer)


def _connect(address: str) -> socket.socket:
    if address.startswith("/"):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(settings.CLAMD_TIMEOUT)
        connection.connect(address)
        return connection
    host, _, port = address.rpartition(":")
    return socket.create_connection((host, int(port)), timeout=settings.CLAMD_TIMEOUT)


def _read_answer(connection: socket.socket) -> str:
    answer = b""
    while not answer.endswith(b"\0"):
        part = connection.recv(4096)
        if not part:
            break
        answer += part
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()
