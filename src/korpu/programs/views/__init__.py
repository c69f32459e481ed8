"""Programme pages, one module per audience; each keeps its own ``urlpatterns``.

- ``public``: programmes and calls anyone may browse
- ``applicant``: starting, editing, submitting and following applications
- ``review``: reviewers' assignments, conflict declarations and review forms
- ``manage``: managers' call dashboard, reviewer pool, assignment, ranking, decisions
- ``cohorts``: cohorts, sessions, mentors' office hours, milestones, metrics, placements
"""

from . import applicant, cohorts, manage, public, review, setup

# Public last: its "<programme slug>/" patterns would otherwise shadow the fixed prefixes
# (applications/, reviews/, cohorts/…) of the other areas.
urlpatterns = (
    applicant.urlpatterns
    + review.urlpatterns
    + manage.urlpatterns
    + cohorts.urlpatterns
    + setup.urlpatterns
    + public.urlpatterns
)
