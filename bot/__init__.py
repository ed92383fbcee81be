"""Tierbot: influencer tiers, creator classification, tier mixes and team shortlists on Discord."""

__version__ = "0.1.0"
