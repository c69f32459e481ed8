from django.conf import settings


def korpu(request):
    return {"KORPU_SITE_NAME": settings.KORPU_SITE_NAME, "KORPU_LANGUAGES": settings.LANGUAGES}
