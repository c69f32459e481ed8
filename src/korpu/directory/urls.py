from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/logo/", views.organisation_logo, name="organisation_logo"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/members/",
        views.organisation_members,
        name="organisation_members",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/",
        views.membership_change,
        name="membership_change",
    ),
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/photo/", views.person_photo, name="person_photo"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/api-tokens/", views.api_tokens, name="api_tokens"),
    path("profile/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("parks/", views.park_list, name="parks"),
    path("parks/<slug:slug>/", views.park_detail, name="park"),
    path(
        "parks/<slug:slug>/residencies/<int:residency_id>/status/",
        views.residency_status,
        name="residency_status",
    ),
    path("partnerships/", views.partnership_list, name="partnerships"),
    path("partnerships/<slug:slug>/", views.partnership_detail, name="partnership"),
    path(
        "partnerships/<slug:slug>/documents/<int:pk>/",
        views.partnership_document,
        name="partnership_document",
    ),
]
