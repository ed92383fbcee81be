"""Thin adapters, one per feature: parse options, call domain and storage, hand to render/."""
