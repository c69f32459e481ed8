"""Models of privacy."""
