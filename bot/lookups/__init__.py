"""Adapters for the platforms' official APIs: a creator's public figures by handle."""
