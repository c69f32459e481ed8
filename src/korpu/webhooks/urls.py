from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("<slug:slug>/", views.endpoint_list, name="endpoints"),
    path("<slug:slug>/endpoints/<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<slug:slug>/endpoints/<int:pk>/rotate/", views.rotate_secret, name="rotate_secret"),
    path("<slug:slug>/endpoints/<int:pk>/active/", views.set_active, name="set_active"),
    path("<slug:slug>/endpoints/<int:pk>/ping/", views.ping, name="ping"),
    path("<slug:slug>/deliveries/", views.delivery_list, name="deliveries"),
    path("<slug:slug>/deliveries/<int:pk>/redeliver/", views.redeliver, name="redeliver"),
]
