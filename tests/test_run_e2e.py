"""`diaspora-bot run` as a real process against a Bot API server on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
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
        env = {
            **os.environ,
            "BOT_TOKEN": TOKEN,
            "BOT_API_URL": url,
            "BOT_DB": str(tmp_path / "bot.sqlite3"),
            "BOT_LOG_LEVEL": "INFO",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            answered = _wait_for(lambda: api.sent(555), 30)
            assert answered, "the bot did not answer /start"
            assert api.chat(555)[0].text.startswith("Salam, Aysel!")  # then: reminders?
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 0, stderr
    assert any(p.startswith(f"/bot{TOKEN}/") for p in server.paths)  # it used BOT_API_URL
    assert TOKEN not in stderr  # httpx logs URLs with the token at INFO: silenced
    assert TOKEN.split(":")[1] not in stderr


def _run_cli(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "BOT_API_URL": url,
        "BOT_DB": str(tmp_path / "bot.sqlite3"),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", *args],
        cwd=tmp_path,
        env=env,
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
    assert TOKEN.split(":")[1] not in done.stderr + done.stdout  # PTB's own log quotes it


def test_run_without_a_network_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    done = _run_cli(tmp_path, f"http://127.0.0.1:{port}/bot")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("diaspora-bot: cannot reach the Bot API")
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
