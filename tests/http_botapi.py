"""The Bot API stand-in behind a real HTTP server on 127.0.0.1, for end-to-end tests of
``diaspora-bot run`` (the real httpx transport, long polling, signals)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from bot.fakeapi import ApiError, FakeBotAPI


def _value(raw: str) -> Any:
    if raw[:1] in "{[":
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


class HttpBotAPI:
    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.paths: list[str] = []
        self._updates: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def queue_update(self, update: dict[str, Any]) -> None:
        with self._lock:
            self._updates.append(update)

    def handle(self, path: str, body: bytes, content_type: str) -> dict[str, Any]:
        self.paths.append(path)
        method = path.rsplit("/", 1)[-1]
        if content_type.startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = {k: _value(v) for k, v in parse_qsl(body.decode())}
        if method == "getUpdates":
            offset = int(params.get("offset", 0) or 0)
            with self._lock:
                ready = [u for u in self._updates if u["update_id"] >= offset]
            if not ready:
                threading.Event().wait(0.1)  # a short long-poll, so the client does not spin
            return {"ok": True, "result": ready}
        with self._lock:
            fault = self.api.fault(method, params) if self.api.fault else None
            if isinstance(fault, ApiError):  # as Telegram answers it; the status is the code
                return {"ok": False, "error_code": fault.status, "description": fault.description}
            answer = getattr(self.api, f"_api_{method}", None)
            if answer is None:
                return {"ok": False, "error_code": 404, "description": "Not Found"}
            self.api._record(method, params, ok=True)
            return {"ok": True, "result": answer(params)}


@contextmanager
def serve(api: FakeBotAPI) -> Iterator[tuple[HttpBotAPI, str]]:
    """Yield the server and its base URL (for BOT_API_URL)."""
    state = HttpBotAPI(api)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            answer = state.handle(self.path, body, self.headers.get("Content-Type", ""))
            reply = json.dumps(answer).encode()
            try:
                self.send_response(200 if answer["ok"] else int(answer["error_code"]))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except (BrokenPipeError, ConnectionResetError):
                return  # the bot stopped while its long poll was open

        do_GET = do_POST  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/bot"
    finally:
        server.shutdown()
        server.server_close()
