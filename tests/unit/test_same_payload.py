"""The same-payload baseline routes each command to Tierbot's captured reply and rebuilds
its buttons and selects as discord.py components with the same ids."""

from __future__ import annotations

from bench.baseline_bot import _view
from bench.baseline_bot import command_path as interaction_path
from bench.same_payload import command_path, example_line
from bench.workloads import TIERBOT


def test_a_typed_line_and_its_interaction_name_the_same_command() -> None:
    line = "/shortlist show name:Big"
    data = {
        "name": "shortlist",
        "options": [{"type": 1, "name": "show", "options": [{"type": 3, "name": "name"}]}],
    }
    assert command_path(line) == interaction_path(data) == "shortlist show"
    assert command_path("/help") == interaction_path({"name": "help"}) == "help"


def test_every_bench_kind_has_a_distinct_command_to_capture() -> None:
    paths = [command_path(example_line(kind)) for kind in TIERBOT]
    assert len(set(paths)) == len(paths)
    assert "{" not in "".join(example_line(kind) for kind in TIERBOT)


def test_captured_components_come_back_with_their_ids_and_rows() -> None:
    rows = [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 1, "label": "Add to shortlist", "custom_id": "sl:add:i:x"},
                {"type": 2, "style": 5, "label": "Source", "url": "https://example.com"},
            ],
        },
        {
            "type": 1,
            "components": [
                {
                    "type": 3,
                    "custom_id": "pick",
                    "options": [{"label": "Big", "value": "1"}, {"label": "Adds", "value": "2"}],
                }
            ],
        },
    ]
    view = _view(rows)
    assert view is not None
    rebuilt = view.to_components()
    assert [len(row["components"]) for row in rebuilt] == [2, 1]
    assert rebuilt[0]["components"][0]["custom_id"] == "sl:add:i:x"
    assert rebuilt[0]["components"][1]["url"] == "https://example.com"
    assert [o["value"] for o in rebuilt[1]["components"][0]["options"]] == ["1", "2"]
    assert _view([]) is None
