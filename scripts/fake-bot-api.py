#!/usr/bin/env python3
"""A fake Telegram Bot API server for scripts/compose-e2e.sh (standard library only).

It speaks the Bot API's wire format where the bot calls it (`POST /bot<token>/<method>`, JSON
replies `{"ok": true, "result": ...}`): `getUpdates` long-polls a queue, `sendMessage` and
`editMessageText` are recorded, every other method answers `true`. The script drives it through two routes of its own:

  POST /control/say   {"chat": 7, "text": "..."}   queues a private text message from a user
  GET  /control/sent?chat=7&after=N&wait=S          the texts sent to the chat, from the Nth on,
                                                    waiting up to S seconds for one to arrive

Usage: fake-bot-api.py HOST [PORT]   (PORT 0 or none: any free one; prints "ready PORT" on
stdout once it listens)
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

BOT = {"id": 4242, "is_bot": True, "first_name": "Dealdesk", "username": "dealdesk_bot"}
state = threading.Condition()
updates = []  # every update queued, in order; update_id = index + 1
sent = {}  # chat id -> texts the bot sent there
next_message_id = [100]


def chat_json(chat):
    return {"id": chat, "type": "private", "first_name": "Ada"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: the e2e script prints what matters
        pass

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/control/sent":
            return self.api(url.path, {})
        query = parse_qs(url.query)
        chat = int(query.get("chat", ["0"])[0])
        after = int(query.get("after", ["0"])[0])
        deadline = time.monotonic() + float(query.get("wait", ["0"])[0])
        with state:
            while len(sent.get(chat, [])) <= after and time.monotonic() < deadline:
                state.wait(deadline - time.monotonic())
            texts = sent.get(chat, [])[after:]
        self.reply(200, texts)

    def do_POST(self):
        path = urlparse(self.path).path
        body = self.body()
        if body is None:
            return self.reply(400, {"ok": False, "error_code": 400, "description": "Bad Request: not JSON"})
        if path == "/control/say":
            with state:
                message = {
                    "message_id": len(updates) + 1,
                    "date": int(time.time()),
                    "chat": chat_json(body["chat"]),
                    "from": {"id": body["chat"], "is_bot": False, "first_name": "Ada", "language_code": "en"},
                    "text": body["text"],
                }
                updates.append({"update_id": len(updates) + 1, "message": message})
                state.notify_all()
            return self.reply(200, {"queued": len(updates)})
        self.api(path, body)

    def api(self, path, body):
        parts = path.strip("/").split("/")
        if len(parts) != 2 or not parts[0].startswith("bot"):
            return self.reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        method = parts[1][:1].lower() + parts[1][1:]  # teloxide sends `SendMessage`
        if method == "getMe":
            result = dict(BOT, can_join_groups=True, can_read_all_group_messages=False,
                          supports_inline_queries=False, has_main_web_app=False)
        elif method == "getWebhookInfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        elif method == "getUpdates":
            offset = int(body.get("offset") or 0)
            deadline = time.monotonic() + min(float(body.get("timeout") or 0), 30)
            with state:
                while True:
                    ready = [u for u in updates if u["update_id"] >= offset]
                    if ready or time.monotonic() >= deadline:
                        break
                    state.wait(deadline - time.monotonic())
            result = ready[: int(body.get("limit") or 100)]
        elif method in ("sendMessage", "editMessageText"):
            chat = int(body.get("chat_id") or 0)
            with state:
                sent.setdefault(chat, []).append(body.get("text", ""))
                next_message_id[0] += 1
                result = {"message_id": next_message_id[0], "date": int(time.time()),
                          "chat": chat_json(chat), "from": BOT, "text": body.get("text", "")}
                state.notify_all()
        else:
            result = True
        self.reply(200, {"ok": True, "result": result})


def main():
    host, port = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    print("ready", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
