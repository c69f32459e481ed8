"""Event pages, one module per area; each keeps its own ``urlpatterns``.

- ``public``: the event list, event pages, agendas, registering, tickets, my events
- ``manage``: organisers' event editor, registrations, approvals, invitations, waiting list
- ``checkin``: check-in by QR scan or typed code, attendance, badges, certificates
- ``calendars``: .ics files and feeds, exports and statistics
- ``surveys``: registration and feedback questions, survey answers and results
- ``campus``: challenges, ideas, teams, mentors, projects, judging, showcase
"""

from . import calendars, campus, checkin, manage, public, surveys

# Public last: its "<event slug>/" patterns would otherwise shadow the fixed prefixes.
urlpatterns = (
    manage.urlpatterns
    + checkin.urlpatterns
    + calendars.urlpatterns
    + surveys.urlpatterns
    + campus.urlpatterns
    + public.urlpatterns
)
