"""Who may manage an organisation's webhooks: its admins (and staff). The endpoints hold
a signing secret and the log shows what the organisation's integrations received, so a
manager or member is not enough."""

import rules

from korpu.directory.rules import is_org_admin, is_staff

can_manage_webhooks = is_org_admin | is_staff

rules.add_perm("webhooks.manage_webhooks", can_manage_webhooks)
