"""Sparse positions for columns and cards.

Positions are floats spaced POSITION_GAP apart; moving an item between two others takes
the midpoint, so a move writes one row. After ~50 moves into the same gap the floats
run out of precision and the siblings are renumbered (rare; `None` asks for it).
"""
POSITION_GAP = 1024.0
# Below this spacing midpoints stop being distinct reliably, so renumber instead.
MIN_GAP = 1e-6


def position_at(sibling_positions: list[float], index: int) -> float | None:
    """The position that puts an item at `index` among sorted siblings (itself excluded)."""
    index = max(0, min(index, len(sibling_positions)))
    before = sibling_positions[index - 1] if index > 0 else None
    after = sibling_positions[index] if index < len(sibling_positions) else None
    if before is None:
        if after is None:
            return POSITION_GAP
        return after - POSITION_GAP if after > POSITION_GAP else after / 2 if after / 2 > MIN_GAP else None
    if after is None:
        return before + POSITION_GAP
    if after - before < MIN_GAP * 2:
        return None
    return (before + after) / 2


def renumbered(count: int) -> list[float]:
    return [POSITION_GAP * (i + 1) for i in range(count)]
