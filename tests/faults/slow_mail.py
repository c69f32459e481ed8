"""A delivery backend that takes its time: when a delivery starts it writes the
Message-IDs to ``$KORPU_FAULTS_MARKERS/sending-<pid>``, waits ``KORPU_FAULTS_MAIL_DELAY``
seconds, then writes the message like Django's file backend. A worker killed during the
wait has delivered nothing."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        marker = Path(os.environ["KORPU_FAULTS_MARKERS"]) / f"sending-{os.getpid()}"
        marker.write_text(", ".join(m.extra_headers.get("Message-ID", "") for m in email_messages))
        time.sleep(float(os.environ.get("KORPU_FAULTS_MAIL_DELAY", "30")))
        marker.unlink(missing_ok=True)
        return super().send_messages(email_messages)
