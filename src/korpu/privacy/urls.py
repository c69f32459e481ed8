from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.notice, name="notice"),
    path("mine/", views.mine, name="mine"),
    path("consent/", views.consent, name="consent"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
