"""The marketplace's pages under ``/<lang>/marketplace/``, one module per area; each keeps
its own ``urlpatterns``.

- ``search``: the search page (free text in any language, filters, reasons), the
  complementary profiles of a profile, saved searches
- ``profiles``: a profile's page (reading, expressing interest, the owner's and the
  reviewer's panels), writing and editing, the owner's and the reviewer's steps,
  "My technology profiles", the review queue
- ``interests``: an expression of interest, its steps, opening a deal
- ``deals``: the deals, a deal's terms, status and documents
"""

from . import deals, interests, profiles, search

urlpatterns = search.urlpatterns + profiles.urlpatterns + interests.urlpatterns + deals.urlpatterns
