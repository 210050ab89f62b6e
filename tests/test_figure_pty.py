"""End to end: the live session draws the moving figure, and --no-figure leaves it out."""

from __future__ import annotations

import pytest

from test_session_pty import Spawn, spawn, start_live  # noqa: F401 - spawn is a fixture

BRAILLE = {chr(code) for code in range(0x2801, 0x2900)}


def braille_in(text: str) -> set[str]:
    return BRAILLE & set(text)


@pytest.mark.pty
def test_live_view_draws_a_figure_that_moves_with_the_breath(spawn: Spawn) -> None:  # noqa: F811
    """During the bridge's breath out the figure is redrawn as the hips rise; q still ends it."""
    session = start_live(spawn, "--only", "bridge", speed=4)
    session.expect("BREATHE OUT")
    session.expect("BREATHE IN")
    session.key("q")
    ended = session.end()
    raw = ended.transcript
    breath_out = raw[raw.index("BREATHE OUT") : raw.rindex("BREATHE IN")]
    assert braille_in(raw[: raw.index("BREATHE OUT")])  # the figure before it moves
    assert len(braille_in(breath_out)) >= 10  # new dots drawn while the hips rise
    assert "▔" in ended.text  # the floor
    assert ended.exit_code == 0
    ended.assert_terminal_restored()


@pytest.mark.pty
def test_no_figure_flag_leaves_the_figure_out(spawn: Spawn) -> None:  # noqa: F811
    """With --no-figure the live view has its countdown and cues but no figure."""
    session = start_live(spawn, "--only", "bridge", "--no-figure", speed=4)
    session.expect("BREATHE OUT")
    session.key("q")
    ended = session.end()
    assert "BREATHE OUT" in ended.text
    assert not braille_in(ended.transcript) and "▔" not in ended.text
    assert ended.exit_code == 0
