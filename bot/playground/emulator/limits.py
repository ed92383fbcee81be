"""Rules Discord enforces on message bodies that the OpenAPI schema does not fully encode.

This is the emulator's own, independent oracle: it does not share code with the bot's
render layer, so a bug there cannot hide here.
"""

from __future__ import annotations

import re
from typing import Any

_MENTION = re.compile(r"@(everyone|here)|<@!?(\d+)>|<@&(\d+)>")


def embed_characters(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def message_problems(body: dict[str, Any], *, file_count: int = 0) -> list[str]:
    """Everything wrong with a message body (create, edit, interaction reply)."""
    problems: list[str] = []
    content = body.get("content")
    if content is not None and len(content) > 2000:
        problems.append(f"content: Must be 2000 or fewer in length (got {len(content)}).")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append("embeds: Must be 10 or fewer in length.")
    total = 0
    for index, embed in enumerate(embeds):
        where = f"embeds.{index}"
        checks = [
            ("title", embed.get("title"), 256),
            ("description", embed.get("description"), 4096),
            ("footer.text", (embed.get("footer") or {}).get("text"), 2048),
            ("author.name", (embed.get("author") or {}).get("name"), 256),
        ]
        for name, value, limit in checks:
            if value is not None and len(value) > limit:
                problems.append(f"{where}.{name}: Must be {limit} or fewer in length.")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append(f"{where}.fields: Must be 25 or fewer in length.")
        for field_index, field in enumerate(fields):
            name = field.get("name") or ""
            value = field.get("value") or ""
            if not name.strip():
                problems.append(f"{where}.fields.{field_index}.name: This field is required")
            if not value.strip():
                problems.append(f"{where}.fields.{field_index}.value: This field is required")
            if len(name) > 256:
                problems.append(f"{where}.fields.{field_index}.name: Must be 256 or fewer.")
            if len(value) > 1024:
                problems.append(f"{where}.fields.{field_index}.value: Must be 1024 or fewer.")
        total += embed_characters(embed)
    if total > 6000:
        problems.append(f"embeds: Embed size exceeds maximum size of 6000 (got {total}).")
    if file_count > 10:
        problems.append("files: Must be 10 or fewer in length.")
    problems.extend(component_problems(body.get("components") or []))
    has_body = bool(content) or bool(embeds) or file_count or body.get("components")
    if "content" in body and not has_body and not body.get("attachments"):
        problems.append("Cannot send an empty message")
    return problems


def component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append("components: Must be 5 or fewer in length.")
    custom_ids: set[str] = set()
    for row_index, row in enumerate(rows):
        where = f"components.{row_index}"
        if row.get("type") != 1:
            continue  # v2 layouts are not used by this bot
        children = row.get("components") or []
        if not 1 <= len(children) <= 5:
            problems.append(f"{where}.components: Must be between 1 and 5 in length.")
        selects = [child for child in children if child.get("type") in (3, 5, 6, 7, 8)]
        if selects and len(children) > 1:
            problems.append(f"{where}: A select menu must be alone in its row.")
        for child_index, child in enumerate(children):
            here = f"{where}.components.{child_index}"
            custom_id = child.get("custom_id")
            if custom_id is not None:
                if not 1 <= len(custom_id) <= 100:
                    problems.append(f"{here}.custom_id: Must be between 1 and 100 in length.")
                if custom_id in custom_ids:
                    problems.append(f"{here}.custom_id: Component custom id cannot be duplicated")
                custom_ids.add(custom_id)
            if child.get("type") == 2:
                label = child.get("label") or ""
                if len(label) > 80:
                    problems.append(f"{here}.label: Must be 80 or fewer in length.")
                if not label and not child.get("emoji"):
                    problems.append(f"{here}: A button needs a label or an emoji.")
                is_link = child.get("style") == 5
                if is_link != bool(child.get("url")) or (not is_link and not custom_id):
                    problems.append(f"{here}: Link buttons need a url, others a custom_id.")
            if child.get("type") == 3:
                options = child.get("options") or []
                if not 1 <= len(options) <= 25:
                    problems.append(f"{here}.options: Must be between 1 and 25 in length.")
                values = [option.get("value") for option in options]
                if len(values) != len(set(values)):
                    problems.append(f"{here}.options: Option values must be unique.")
                for option_index, option in enumerate(options):
                    if not 1 <= len(option.get("label") or "") <= 100:
                        problems.append(f"{here}.options.{option_index}.label: 1 to 100.")
                    if len(option.get("description") or "") > 100:
                        problems.append(f"{here}.options.{option_index}.description: max 100.")
            placeholder = child.get("placeholder")
            if placeholder is not None and len(placeholder) > 150:
                problems.append(f"{here}.placeholder: Must be 150 or fewer in length.")
    return problems


def autocomplete_problems(data: dict[str, Any], option_type: int) -> list[str]:
    problems: list[str] = []
    choices = data.get("choices") or []
    if len(choices) > 25:
        problems.append("data.choices: Must be 25 or fewer in length.")
    for index, choice in enumerate(choices):
        name = choice.get("name") or ""
        if not 1 <= len(name) <= 100:
            problems.append(f"data.choices.{index}.name: Must be between 1 and 100 in length.")
        value = choice.get("value")
        if option_type == 3 and (not isinstance(value, str) or len(value) > 100):
            problems.append(f"data.choices.{index}.value: Must be a string of 100 or fewer.")
        if option_type in (4, 10) and not isinstance(value, int | float):
            problems.append(f"data.choices.{index}.value: Must be a number.")
    return problems


def mentions_that_ping(body: dict[str, Any]) -> list[str]:
    """Mentions in the content that Discord would turn into pings under allowed_mentions."""
    content = body.get("content") or ""
    found = _MENTION.findall(content)
    if not found:
        return []
    allowed = body.get("allowed_mentions")
    if allowed is None:  # Discord's default: parse everything in content
        parse = {"everyone", "users", "roles"}
        users: set[str] = set()
        roles: set[str] = set()
    else:
        parse = set(allowed.get("parse") or [])
        users = set(allowed.get("users") or [])
        roles = set(allowed.get("roles") or [])
    pings: list[str] = []
    for everyone, user, role in found:
        if everyone and "everyone" in parse:
            pings.append(f"@{everyone}")
        elif user and ("users" in parse or user in users):
            pings.append(f"<@{user}>")
        elif role and ("roles" in parse or role in roles):
            pings.append(f"<@&{role}>")
    return pings
