"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts, for the notification
e-mail tests. ``hold`` makes the server block on one message and then refuse it (451), so a
test can kill the sender while that message is in flight."""

import asyncio
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.hold_at = None  # 1-based number of the DATA command to hold
        self.holding = threading.Event()
        self.release = threading.Event()
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            number = self.seen
        if self.hold_at == number:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "subject": str(message["Subject"]),
                    "message_id": str(message["Message-ID"]),
                    "body": message.get_body(preferencelist=("plain",)).get_content(),
                    "raw": envelope.content.decode("utf-8", "replace"),
                }
            )
        return "250 OK"

    def received(self):
        with self.lock:
            return list(self.messages)


class SMTPServer:
    def __init__(self):
        self.handler = Handler()
        with socket.socket() as probe:  # a free port (aiosmtpd checks the one it is given)
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.handler.release.set()
        self.controller.stop()

    def settings(self):
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 10,
        }
