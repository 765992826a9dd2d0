"""``StandIn``: the stand-in's HTTP server, run in a daemon thread. The request handler only does I/O; ``App``
decides every answer."""

import logging
import socketserver
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from .app import App, HttpRequest
from .checksum import ALGORITHMS
from .replies import ApiError, Reply, failed
from .state import Clock

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1 << 20
SHUTDOWN_POLL_SECONDS = 0.05
"""How often the serving thread looks for ``stop()``; the default half second would slow every test's teardown."""


class StandIn:
    """A BigBlueButton server on loopback, for one start/stop cycle.

    Give clients ``url`` and ``secret`` as BBB URL and shared secret; the API is under ``url + "bigbluebutton/api/"``
    (at the root, because the Python library drops any path prefix of the URL it is given)."""

    def __init__(
        self,
        secret: str,
        host: str = "127.0.0.1",
        port: int = 0,
        checksum_algos: Iterable[str] = ALGORITHMS,
        callback_delay: float = 1.0,
        clock: Clock = time.time,
    ) -> None:
        """``port`` 0 picks a free port; ``checksum_algos`` mirrors bbb-web's ``supportedChecksumAlgorithms``;
        ``callback_delay`` is how long after ``end`` the callbacks go out; ``clock`` dates everything."""
        algos = frozenset(checksum_algos)
        if not secret:
            # bbb-web skips checksum checks with an empty secret; a stand-in doing so would hide client bugs.
            raise ValueError("the shared secret must not be empty")
        if not algos or not algos <= set(ALGORITHMS):
            raise ValueError(f"checksum algorithms must be some of {', '.join(ALGORITHMS)}")
        self._address = (host, port)
        self._app = App(secret, algos, clock, callback_delay)
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("a StandIn starts only once")
        self._httpd = _Server(self._address, _Handler)
        self._httpd.app = self._app
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(SHUTDOWN_POLL_SECONDS,), name="bbb-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and drop callbacks not sent yet."""
        if self._httpd is None or self._thread is None:
            return
        self._app.callbacks.stop()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the stand-in is not running")
        return f"http://{self._httpd.server_name}:{self._httpd.server_port}/"

    @property
    def callback_log(self) -> list[dict[str, Any]]:
        """Every callback attempt so far, in order: ``{"kind", "url", "status", "error"}``."""
        return self._app.callbacks.log

    def wait_for_callbacks(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The callback log once it holds ``count`` entries; ``TimeoutError`` if that takes longer than ``timeout``."""
        return self._app.callbacks.wait_for(count, timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: App

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s reverse DNS lookup of the host (``getfqdn``), which can stall for seconds."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def version_string(self) -> str:
        return "BBB-stand-in"

    def do_GET(self) -> None:
        self._dispatch(b"")

    def do_POST(self) -> None:
        length = self.headers.get("Content-Length", "0")
        if not length.isascii() or not length.isdigit() or int(length) > MAX_BODY_BYTES:
            self._send(failed(ApiError("paramError", "The request body is missing a valid length or is too large.")))
            return
        self._dispatch(self.rfile.read(int(length)))

    def _dispatch(self, body: bytes) -> None:
        path, _, query = self.path.partition("?")
        host = self.headers.get("Host") or f"{self.server.server_name}:{self.server.server_port}"
        request = HttpRequest(
            method=self.command,
            path=path,
            query=query,
            body=body,
            content_type=self.headers.get("Content-Type", ""),
            base_url=f"http://{host}/",
        )
        self._send(self.server.app.handle(request))

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, template: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), template % args)
