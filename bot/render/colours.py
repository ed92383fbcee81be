"""The palette: one colour per tier, and colours for feedback."""

from __future__ import annotations

BRAND = 0x5865F2
SUCCESS = 0x2ECC71
WARNING = 0xF1C40F
ERROR = 0xE74C3C
NEUTRAL = 0x95A5A6

TIER = {
    "nano": 0x1ABC9C,
    "micro": 0x3498DB,
    "mid": 0x9B59B6,
    "macro": 0xE67E22,
    "mega": 0xE91E63,
}
