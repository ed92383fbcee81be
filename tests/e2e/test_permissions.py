"""Who may do what, and where: every command by a member, the list's creator, an admin
(Manage Server), a member of another server and someone in a DM, with the expected outcome
of each cell; and what one server can never see or change of another's.

Outcomes: ok (the command did its job), perm (refused: needs Manage Server, or the list's
creator), guild (refused: server only), nf (not found: the list belongs to another server).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from bot.playground.emulator import Actor, CommandLineError, Interaction
from bot.render import colours
from tests.e2e.conftest import Harness
from tests.e2e.hostile import problems_with_answer

ACTORS = ("member", "creator", "admin", "other", "dm")
CSV = b"handle,followers,platform\n@ada,12.5k,instagram\n"
IMPORT = b"handle,platform,followers\n@imported,tiktok,3k\n"
RESULTS = b"handle,post,views,likes\n@ada,Reel 1,2k,90\n"

# command line -> expected outcome for member, creator, admin, other server, DM.
# {who} in a line is replaced by the actor's name (so each creates or adds its own).
MATRIX: dict[str, str] = {
    "/help": "ok ok ok ok ok",
    "/tiers overview": "ok ok ok ok ok",
    "/tiers define tier:micro": "ok ok ok ok ok",
    "/tiers compare first:nano second:mega": "ok ok ok ok ok",
    "/tiers ask question:how much does a micro influencer cost": "ok ok ok ok ok",
    "/tiers scheme": "ok ok ok ok ok",
    "/tiers scheme name:{scheme}": "perm perm ok perm guild",
    "/tiers custom nano:1k micro:10k macro:500k mega:{mega}": "perm perm ok perm guild",
    "/classify followers:12.5k platform:instagram handle:@ada": "ok ok ok ok ok",
    "/classify-csv file:creators.csv": "ok ok ok ok ok",
    "/mix goal:awareness budget:$25k": "ok ok ok ok ok",
    "/shortlist create name:List of {who}": "ok ok ok ok guild",
    "/shortlist lists": "ok ok ok ok guild",
    "/shortlist show name:Launch": "ok ok ok nf guild",
    "/shortlist add name:Launch handle:@{who}x platform:tiktok": "ok ok ok nf guild",
    "/shortlist remove name:Launch handle:@ada": "ok ok ok nf guild",
    "/shortlist status name:Launch handle:@ada status:contacted": "ok ok ok nf guild",
    "/shortlist note name:Launch handle:@ada text:Call them": "ok ok ok nf guild",
    "/shortlist rename name:Launch new_name:Launch by {who}": "perm ok ok nf guild",
    "/shortlist export name:Launch": "ok ok ok nf guild",
    "/shortlist import name:Launch file:import.csv": "ok ok ok nf guild",
    "/shortlist history name:Launch": "ok ok ok nf guild",
    "/shortlist delete name:Launch": "perm ok ok nf guild",
    "/campaign create name:Drive of {who} goal:awareness budget:$5k": "ok ok ok ok guild",
    "/campaign list": "ok ok ok ok guild",
    "/campaign show campaign:Drive": "ok ok ok nf guild",
    "/campaign book campaign:Drive handle:@{who}x fee:$100": "ok ok ok nf guild",
    "/campaign unbook campaign:Drive handle:@ada": "ok ok ok nf guild",
    "/campaign result campaign:Drive handle:@ada views:1k likes:50": "ok ok ok nf guild",
    "/campaign import campaign:Drive file:results.csv": "ok ok ok nf guild",
    "/campaign report campaign:Drive": "ok ok ok nf guild",
    # Last: closing, then deleting, change what the rows above act on.
    "/campaign close campaign:Drive": "perm ok ok nf guild",
    "/campaign delete campaign:Drive": "perm ok ok nf guild",
}
_REFUSALS = {"Server only": "guild", "Not allowed": "perm", "Not found": "nf"}


@dataclass
class People:
    member: Actor
    creator: Actor
    admin: Actor
    other: Actor
    dm: Actor

    def __getitem__(self, name: str) -> Actor:
        actor: Actor = getattr(self, name)
        return actor


async def _people(harness: Harness) -> People:
    emulator = harness.emulator
    other_guild = await emulator.join_guild("Other Team")
    bot = harness.local.bot
    assert bot is not None
    async with asyncio.timeout(5):
        while bot.get_guild(other_guild.id) is None:
            await asyncio.sleep(0.01)
    return People(
        member=harness.member,
        creator=emulator.member(harness.guild, "cleo"),
        admin=harness.admin,
        other=emulator.member(other_guild, "olga"),
        dm=harness.dm(),
    )


def outcome(reply: Interaction) -> str:
    embed = reply.embeds[0] if reply.embeds else {}
    title = str(embed.get("title") or "")
    if reply.ephemeral and title in _REFUSALS:
        return _REFUSALS[title]
    is_error = embed.get("color") in (colours.WARNING, colours.ERROR)
    if reply.ephemeral and is_error and not reply.message.components:
        return f"error: {title}: {embed.get('description', '')[:120]}"
    return "ok"


async def _seed(harness: Harness, people: People) -> None:
    """The list and campaign every row names, created by cleo, with @ada on each:
    "Launch" and "Drive"."""
    await harness.invoke("/shortlist create name:Launch", actor=people.creator)
    await harness.invoke(
        "/shortlist add name:Launch handle:@ada platform:instagram followers:12k",
        actor=people.creator,
    )
    await harness.invoke(
        "/campaign create name:Drive goal:awareness budget:$5k", actor=people.creator
    )
    await harness.invoke(
        "/campaign book campaign:Drive handle:@ada followers:12k", actor=people.creator
    )


async def _run(harness: Harness, line: str, actor: Actor, who: str, turn: int) -> Interaction:
    typed = line.format(
        who=who,
        scheme=("industry", "four-tier")[turn % 2],
        mega=("1M", "2M")[turn % 2],
    )
    return await harness.invoke(
        typed,
        actor=actor,
        files={"creators.csv": CSV, "import.csv": IMPORT, "results.csv": RESULTS},
    )


async def test_every_command_by_every_kind_of_user(harness: Harness) -> None:
    people = await _people(harness)
    registered = harness.emulator.registered(None)
    missing = sorted({line.split()[0][1:] for line in MATRIX} - set(registered))
    assert not missing, f"commands in the matrix that the bot does not register: {missing}"
    unlisted = sorted(
        name for name in registered if not any(line.startswith(f"/{name}") for line in MATRIX)
    )
    assert not unlisted, f"registered commands missing from the matrix: {unlisted}"

    wrong: list[str] = []
    turn = 0
    for line, expected_row in MATRIX.items():
        for who, expected in zip(ACTORS, expected_row.split(), strict=True):
            turn += 1
            await _seed(harness, people)
            try:
                reply = await _run(harness, line, people[who], who, turn)
            except CommandLineError as error:
                wrong.append(f"{line} as {who}: hidden by Discord ({error})")
                continue
            problems = problems_with_answer(reply)
            got = outcome(reply)
            if got != expected or problems:
                wrong.append(f"{line} as {who}: expected {expected}, got {got} {problems}")
            elif line.startswith("/shortlist delete") and got == "ok":
                confirmed = await harness.emulator.click(
                    reply.message, label="Delete list", actor=people[who]
                )
                if "Deleted" not in confirmed.text():
                    wrong.append(f"{line} as {who}: the confirmed delete said {confirmed.text()}")
            elif line.startswith("/campaign delete") and got == "ok":
                confirmed = await harness.emulator.click(
                    reply.message, label="Delete campaign", actor=people[who]
                )
                if "Deleted" not in confirmed.text():
                    wrong.append(f"{line} as {who}: the confirmed delete said {confirmed.text()}")
    assert not wrong, "\n".join(wrong)


async def test_only_the_creator_or_a_manager_can_confirm_a_delete(harness: Harness) -> None:
    people = await _people(harness)
    await _seed(harness, people)
    question = await harness.invoke("/shortlist delete name:Launch", actor=people.creator)

    # The question is ephemeral, so only cleo sees it; a forged press by sam is refused.
    forged = await harness.emulator.click(
        question.message, label="Delete list", actor=people.member
    )
    still_there = await harness.invoke("/shortlist show name:Launch", actor=people.member)

    assert forged.ephemeral and "Delete" not in forged.embed.get("title", "")
    assert outcome(still_there) == "ok" and "@ada" in still_there.text()


async def test_another_server_sees_and_changes_nothing_of_this_one(harness: Harness) -> None:
    people = await _people(harness)
    await _seed(harness, people)
    other_admin = harness.emulator.member(people.other.guild, "oscar", manage_guild=True)  # type: ignore[arg-type]

    their_lists = await harness.invoke("/shortlist lists", actor=people.other)
    suggestions = await harness.autocomplete(
        "/shortlist show name:La", actor=people.other, focused="name"
    )
    handles = await harness.autocomplete(
        "/shortlist remove name:Launch handle:a", actor=people.other, focused="handle"
    )
    changed = await harness.invoke("/tiers scheme name:industry", actor=other_admin)
    ours = await harness.invoke("/tiers scheme", actor=people.member)
    mine_page = await harness.invoke("/shortlist show name:Launch", actor=people.member)

    assert "Launch" not in their_lists.text()
    assert suggestions == [] and handles == []
    assert outcome(changed) == "ok"
    assert "Common four-tier cut" in ours.embed["title"], (
        "another server's scheme changed this server's"
    )
    assert "@ada" in mine_page.text()


@pytest.mark.parametrize("who", ["member", "dm"])
async def test_refusals_are_ephemeral_and_say_what_to_do(harness: Harness, who: str) -> None:
    people = await _people(harness)
    reply = await harness.invoke("/tiers scheme name:industry", actor=people[who])

    assert reply.ephemeral
    text = reply.text()
    assert ("Manage Server" in text) if who == "member" else ("server" in text.lower())
