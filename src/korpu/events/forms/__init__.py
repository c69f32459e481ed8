"""Forms of the event pages, one module per area (see views/)."""
