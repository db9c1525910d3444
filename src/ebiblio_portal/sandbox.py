"""Tools every sandbox vendor shares: fault switches and a loopback server.

A sandbox is a WSGI app that speaks a vendor's protocol for real; wrapped in
``FaultInjector`` it can be told to be slow, answer 5xx, send malformed or
truncated documents, or drop the connection.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import time
import wsgiref.simple_server

FAULTS = ("slow", "error", "malformed", "truncate", "drop")


class FaultInjector:
    """WSGI middleware that misbehaves on request.

    ``fault`` is None (behave) or one of ``FAULTS``; ``only`` limits the fault
    to request paths containing that text; ``slow_seconds`` is how long
    ``slow`` waits.
    """

    def __init__(self, app):
        self.app = app
        self.fault = None
        self.only = None
        self.slow_seconds = 2.0
        self.requests = 0

    def set(self, fault, only=None, slow_seconds=None):
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; choose from {', '.join(FAULTS)}")
        self.fault, self.only = fault, only
        if slow_seconds is not None:
            self.slow_seconds = slow_seconds

    def clear(self):
        self.set(None)

    def __getattr__(self, name):
        # The wrapped sandbox's own controls (catalogue, clock) stay reachable.
        return getattr(self.app, name)

    def __call__(self, environ, start_response):
        self.requests += 1
        fault = self.fault
        if fault and self.only and self.only not in environ.get("PATH_INFO", ""):
            fault = None
        if fault == "slow":
            time.sleep(self.slow_seconds)
        elif fault == "error":
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"sandbox: injected failure"]
        elif fault == "drop":
            raise ConnectionResetError("sandbox: connection dropped")
        if fault in ("malformed", "truncate"):
            captured = {}

            def capture(status, headers, exc_info=None):
                captured["status"], captured["headers"] = status, headers

            body = b"".join(self.app(environ, capture))
            body = body[: len(body) // 2] if fault == "truncate" else b'{"broken": [<' + body[:40]
            headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
            start_response(captured["status"], headers)
            return [body]
        return self.app(environ, start_response)


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            super().handle()


class _ThreadingServer(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads = True


class _DroppingApp:
    """Turns a ConnectionResetError from the app into a closed socket, as a real server would."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except ConnectionResetError:
            environ["ebiblio.drop"] = True
            start_response("500 Internal Server Error", [("Content-Length", "0")])
            return []


class _DroppingHandler(_QuietHandler):
    def handle(self):
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            self._handle()

    def _handle(self):
        # A request whose app asked to drop the connection gets no answer at all.
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline or not self.parse_request():
            return
        handler = _DropAwareHandler(self.rfile, self.wfile, self.get_stderr(), self.get_environ())
        handler.request_handler = self
        handler.run(self.server.get_app())
        if handler.dropped:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)


class _DropAwareHandler(wsgiref.simple_server.ServerHandler):
    dropped = False

    def start_response(self, status, headers, exc_info=None):
        if self.environ.get("ebiblio.drop"):
            self.dropped = True
        return super().start_response(status, headers, exc_info)

    def finish_response(self):
        if self.environ.get("ebiblio.drop"):
            self.dropped = True
            self.close()
            return
        super().finish_response()


@contextlib.contextmanager
def serve_on_loopback(app):
    """Serve ``app`` on 127.0.0.1 on a free port in a thread; yield its base URL."""
    server = wsgiref.simple_server.make_server(
        "127.0.0.1", 0, _DroppingApp(app), server_class=_ThreadingServer, handler_class=_DroppingHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
