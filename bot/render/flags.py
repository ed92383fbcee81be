"""One line per audience-quality flag, worded the same wherever a creator's figures show."""

from __future__ import annotations

from bot.domain.creator_report import flag_detail
from bot.domain.metrics import QualityFlag


def flag_line(flag: QualityFlag) -> str:
    """ "⚠️ Engagement is over five times … (5.31%, over 5.05%)"."""
    icon = "⚠️" if flag.severity == "warning" else "ℹ️"
    return f"{icon} {flag.reason} ({flag_detail(flag)})"
