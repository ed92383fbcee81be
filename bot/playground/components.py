"""Buttons and select menus of a message, numbered the way the console shows them.

`click 2` presses the second button in reading order; `select 1 2` picks option 2 of the
first menu. Display and console share this numbering so what is printed is what is typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.playground.emulator import Message

LINK_STYLE = 5
PREMIUM_STYLE = 6
_STYLE_NAMES = {1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link"}

_NEXT_WORDS = ("next", "more", "forward", "▶", "→", "›", "»", "⏩", "➡")
_PREVIOUS_WORDS = ("prev", "previous", "back", "◀", "←", "‹", "«", "⏪", "⬅")


@dataclass(frozen=True, slots=True)
class Button:
    number: int
    label: str
    style: str
    disabled: bool
    custom_id: str | None
    url: str | None

    @property
    def is_link(self) -> bool:
        return self.url is not None


@dataclass(frozen=True, slots=True)
class MenuOption:
    number: int
    label: str
    value: str
    description: str
    default: bool


@dataclass(frozen=True, slots=True)
class Menu:
    number: int
    custom_id: str
    placeholder: str
    options: tuple[MenuOption, ...]
    min_values: int
    max_values: int
    disabled: bool

    def resolve(self, picks: list[str]) -> list[str]:
        """Option numbers, values or labels -> values; ValueError says what is allowed."""
        values: list[str] = []
        for pick in picks:
            option = self._find(pick)
            if option is None:
                allowed = ", ".join(f"{o.number} ({o.value})" for o in self.options)
                raise ValueError(f"menu {self.number} has no option `{pick}`. Options: {allowed}.")
            if option.value not in values:
                values.append(option.value)
        if not self.min_values <= len(values) <= self.max_values:
            raise ValueError(f"menu {self.number} takes {self.count_rule()}.")
        return values

    def count_rule(self) -> str:
        if self.min_values == self.max_values:
            return f"exactly {self.min_values} option{'s' if self.min_values != 1 else ''}"
        return f"{self.min_values} to {self.max_values} options"

    def _find(self, pick: str) -> MenuOption | None:
        if pick.isdigit():
            number = int(pick)
            for option in self.options:
                if option.number == number:
                    return option
        for option in self.options:
            if pick == option.value:
                return option
        lowered = pick.casefold()
        for option in self.options:
            if lowered in (option.value.casefold(), option.label.casefold()):
                return option
        return None


def button_label(component: dict[str, Any]) -> str:
    label = str(component.get("label") or "")
    emoji = component.get("emoji") or {}
    symbol = ""
    if emoji.get("id"):
        symbol = f":{emoji.get('name') or 'emoji'}:"
    elif emoji.get("name"):
        symbol = str(emoji["name"])
    text = f"{symbol} {label}".strip()
    return text or "(no label)"


def buttons_of(message: Message) -> list[Button]:
    found: list[Button] = []
    for component in message.buttons:
        style = int(component.get("style", 2))
        found.append(
            Button(
                number=len(found) + 1,
                label=button_label(component),
                style=_STYLE_NAMES.get(style, "premium" if style == PREMIUM_STYLE else "other"),
                disabled=bool(component.get("disabled")),
                custom_id=component.get("custom_id"),
                url=component.get("url") if style == LINK_STYLE else None,
            )
        )
    return found


def menus_of(message: Message) -> list[Menu]:
    found: list[Menu] = []
    for component in message.selects:
        options = tuple(
            MenuOption(
                number=index,
                label=str(option.get("label") or option.get("value")),
                value=str(option.get("value")),
                description=str(option.get("description") or ""),
                default=bool(option.get("default")),
            )
            for index, option in enumerate(component.get("options") or [], start=1)
        )
        found.append(
            Menu(
                number=len(found) + 1,
                custom_id=str(component.get("custom_id")),
                placeholder=str(component.get("placeholder") or "Make a selection"),
                options=options,
                min_values=int(component.get("min_values", 1)),
                max_values=int(component.get("max_values", 1)),
                disabled=bool(component.get("disabled")),
            )
        )
    return found


def page_button(message: Message, direction: str) -> Button | None:
    """The enabled button that turns the page forward ("next") or back ("prev")."""
    words = _NEXT_WORDS if direction == "next" else _PREVIOUS_WORDS
    for button in buttons_of(message):
        label = button.label.casefold()
        if not button.is_link and any(word in label for word in words):
            return button
    return None
