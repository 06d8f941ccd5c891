"""How the engine spreads keys over lanes (workers): each key once, groups kept together, lanes finishing together."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.grading.engine import MOVE_MIN_KEYS, _Lanes


def _drain(lanes: _Lanes, tail: bool) -> list[list[tuple[int, str]]]:
    """Ask the lanes for chunks in turn until none has any: (lane, key) per chunk handed out."""
    chunks = []
    while True:
        got = [(lane.index, lanes.chunk(lane, tail)) for lane in lanes.lanes]
        got = [[(index, key) for key in chunk] for index, chunk in got if chunk]
        if not got:
            return chunks
        chunks.extend(got)


groups = st.lists(st.integers(1, 3 * MOVE_MIN_KEYS), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(sizes=groups, count=st.integers(1, 4), size=st.integers(1, 300), tail=st.booleans())
def test_every_key_once_and_a_group_moves_only_when_many_of_its_keys_wait(sizes, count, size, tail) -> None:
    lanes = _Lanes(count, 2, size, 1, group_of=lambda key: key.split(":")[0])
    keys = [f"g{g}:{i}" for g, n in enumerate(sizes) for i in range(n)]
    for key in keys:
        lanes.add(key)
    chunks = _drain(lanes, tail)
    handed = [key for chunk in chunks for _, key in chunk]
    assert sorted(handed) == sorted(keys)
    assert all(len(chunk) <= size for chunk in chunks)
    lanes_of: dict[str, set[int]] = {}
    for chunk in chunks:
        for index, key in chunk:
            lanes_of.setdefault(key.split(":")[0], set()).add(index)
    for group, used in lanes_of.items():
        if sizes[int(group[1:])] < MOVE_MIN_KEYS or count == 1:
            assert len(used) == 1, (group, used)


def test_big_groups_go_first_and_a_dry_lane_takes_over_a_big_waiting_group() -> None:
    lanes = _Lanes(2, 2, 100, 1, group_of=lambda key: key.split(":")[0])
    for group, n in (("small", 10), ("big", 3 * MOVE_MIN_KEYS), ("tiny", 5)):
        for i in range(n):
            lanes.add(f"{group}:{i}")
    first, second = lanes.lanes
    assert {key.split(":")[0] for key in lanes.chunk(first, False)} == {"big"}  # the largest unbound group first
    assert {key.split(":")[0] for key in lanes.chunk(second, False)} == {"small", "tiny"}  # the rest, together
    assert {key.split(":")[0] for key in lanes.chunk(second, False)} == {"big"}  # nothing left: takes over "big"
    assert first.count + second.count == 3 * MOVE_MIN_KEYS - 200


def test_chunks_shrink_at_the_tail_so_lanes_finish_together() -> None:
    lanes = _Lanes(2, 2, 1000, 50, group_of=None)
    for i in range(1200):
        lanes.add(f"k{i}")
    sizes = [len(chunk) for chunk in iter(lambda: lanes.chunk(lanes.lanes[0], True), [])]
    assert sizes[0] == 300 and sizes[-1] <= 50 and sum(sizes) == 1200  # a quarter of what is left, down to 50
