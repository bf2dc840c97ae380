"""`diaspora-bot run` as a real process against a Bot API server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.fakeapi import ApiError, FakeBotAPI
from tests.http_botapi import serve

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def _start_update(user_id: int, language: str) -> dict[str, object]:
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Aysel"},
            "from": {
                "id": user_id,
                "is_bot": False,
                "first_name": "Aysel",
                "language_code": language,
            },
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_run_answers_start_in_the_senders_language_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    api = FakeBotAPI()
    with serve(api) as (server, url):
        server.queue_update(_start_update(555, "az"))
        with running_bot(tmp_path, url) as process:
            answered = _wait_for(lambda: api.sent(555), 30)
            assert answered, "the bot did not answer /start"
            assert api.chat(555)[0].text.startswith("Salam, Aysel!")  # then: reminders?
            stderr = stop(process)
    assert process.returncode == 0, stderr
    assert any(p.startswith(f"/bot{TOKEN}/") for p in server.paths)  # it used BOT_API_URL
    assert TOKEN not in stderr  # httpx logs URLs with the token at INFO: silenced
    assert TOKEN.split(":")[1] not in stderr


def _env(tmp_path: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "BOT_API_URL": url,
        "BOT_DB": str(tmp_path / "bot.sqlite3"),
        "BOT_LOG_LEVEL": "INFO",
    }


@contextmanager
def running_bot(tmp_path: Path, url: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    """``diaspora-bot run ARGS`` as a process; killed on the way out if still running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *args],
        cwd=tmp_path,
        env=_env(tmp_path, url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def stop(process: subprocess.Popen[str]) -> str:
    """SIGTERM, as systemd stops it; its stderr."""
    process.send_signal(signal.SIGTERM)
    return process.communicate(timeout=10)[1]


def _run_cli(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", *args],
        cwd=tmp_path,
        env=_env(tmp_path, url),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_run_with_a_rejected_token_says_so_in_one_line_without_the_token(tmp_path: Path) -> None:
    api = FakeBotAPI(fault=lambda method, params: ApiError(401, "Unauthorized"))
    with serve(api) as (_, url):
        done = _run_cli(tmp_path, url)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1:] == [
        "diaspora-bot: Telegram rejected BOT_TOKEN; check it with @BotFather"
    ]
    assert "Traceback" not in done.stderr  # PTB's retry loop: one line, not 50
    assert TOKEN.split(":")[1] not in done.stderr + done.stdout  # PTB's own log quotes it


def test_run_without_a_network_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    done = _run_cli(tmp_path, f"http://127.0.0.1:{port}/bot")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("diaspora-bot: cannot reach the Bot API")
    assert "Traceback" not in done.stderr
    assert TOKEN.split(":")[1] not in done.stderr + done.stdout


def test_run_when_the_bot_api_answers_with_an_error_page_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    """A 500 with an HTML body printed PTB's 13-line JSON traceback, then "cannot reach the
    Bot API … is the network up?", though it had answered."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class ErrorPage(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            page = b"<html><body>Internal error</body></html>"
            self.send_response(500)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), ErrorPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = _run_cli(tmp_path, f"http://127.0.0.1:{server.server_address[1]}/bot")
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("diaspora-bot: the Bot API answered with an error"), last
    assert "Traceback" not in done.stderr
    assert TOKEN.split(":")[1] not in done.stderr + done.stdout


def test_run_with_the_webhook_port_in_use_says_so_in_one_line(tmp_path: Path) -> None:
    api = FakeBotAPI()
    with serve(api) as (_, url), socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run_cli(
            tmp_path, url, "--webhook", "https://bot.example.org/tg", "--port", str(port)
        )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"diaspora-bot: cannot listen on 127.0.0.1:{port}:")
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(port: int, update: dict[str, object], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/tg", json.dumps(update).encode(), headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)
    except (urllib.error.URLError, ConnectionError):
        # not listening yet (the first _wait_for tries until it is): this had failed the
        # test now and then instead of trying again
        return -1


def test_the_webhook_takes_updates_only_with_the_secret_it_gave_telegram(
    tmp_path: Path,
) -> None:
    """Knowing the webhook URL is not enough to pose as someone (an admin, say)."""
    api = FakeBotAPI()
    port = _free_port()
    webhook = ("--webhook", "https://bot.example.org/tg", "--port", str(port))
    with serve(api) as (_, url), running_bot(tmp_path, url, *webhook) as process:
        registered = _wait_for(lambda: api.sent(method="setWebhook"), 30)
        assert registered, "the bot did not call setWebhook"
        secret = api.sent(method="setWebhook")[-1].params.get("secret_token")
        assert isinstance(secret, str) and len(secret) >= 32
        assert _wait_for(lambda: _post(port, _start_update(556, "en"), None) == 403, 30)
        assert _post(port, _start_update(557, "en"), "a guess") == 403
        assert _post(port, _start_update(558, "en"), secret) == 200
        assert _wait_for(lambda: api.sent(558), 30), "the update with the secret was lost"
        assert not api.sent(556) and not api.sent(557)
        stderr = stop(process)
    assert process.returncode == 0, stderr
    assert secret not in stderr
