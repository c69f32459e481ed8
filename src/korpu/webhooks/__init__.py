"""Webhooks: organisations subscribe an HTTPS endpoint to what happens in Körpü.

Deliveries are signed, logged, retried with backoff and switched off after 410 Gone.
"""
