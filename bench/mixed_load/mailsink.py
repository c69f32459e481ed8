"""The mail server of the mixed load: the task worker's ``delivery`` mailer
(``KORPU_DELIVERY_EMAIL_BACKEND=mailsink.RecordingBackend``, this directory on
PYTHONPATH). It writes one line per delivered message, its Message-ID and its first
recipient, to the file ``BENCH_MAIL_LOG`` names, so the run can check that every message
was delivered exactly once. Each line is one ``write`` on a file opened for appending,
so several workers may share the file."""

import os

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["BENCH_MAIL_LOG"]
        count = 0
        for message in email_messages:
            message.message()  # rendered as SMTP would (attachments drawn, headers made)
            line = f"{message.extra_headers.get('Message-ID', '')}\t{(message.to or [''])[0]}\n"
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)
            count += 1
        return count
