import os

from django.core.asgi import get_asgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
application = get_asgi_application()
# The URLconf is imported at start-up, not on the first request (see wsgi.py).
reverse("healthz")  # builds the URL map, importing every URLconf
