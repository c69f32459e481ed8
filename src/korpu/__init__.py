"""Körpü: the platform on which an innovation agency and partner parks run a cooperation."""

__version__ = "0.1.0"
