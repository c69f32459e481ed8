import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
application = get_wsgi_application()
# Import every URLconf (and with it the views, the API's schemas and the templates' tags
# modules they load) when the worker starts, not on its first request: that takes about a
# second, which would otherwise be added to the first page someone opens after a restart.
reverse("healthz")  # builds the URL map, importing every URLconf
