"""Settings for the test suite: production settings with fast hashing and local mail."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("KORPU_HTTPS", "0")
os.environ.setdefault("KORPU_DATA_DIR", tempfile.mkdtemp(prefix="korpu-tests-"))

from korpu.settings import *  # noqa: E402,F403
from korpu.settings import DATA_DIR  # noqa: E402

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {
    "default": {"BACKEND": "korpu.common.mail.OutboxEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}
# Tasks run at once in tests; the database backend is tested on its own.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Every commit that writes mail delivers it at once (tests/common/test_mail.py covers the
# coalescing of wake-ups separately).
KORPU_OUTBOX_WAKE_SECONDS = 0
# Figures computed anew on every call (tests build records and count them at once);
# tests/insights/test_cache.py switches the cache on.
KORPU_INSIGHTS_CACHE_SECONDS = 0
# Webhook tests post to local servers on 127.0.0.1 (tests/webhooks/test_ssrf.py switches it off).
KORPU_WEBHOOKS_ALLOW_PRIVATE = True
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
