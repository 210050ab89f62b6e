"""The calm screen at the end of a finished session, until a key is pressed.

It fills the terminal (the alternate screen, like the live view) so it can
be read from the mat: well done, what was done, the pain before and after,
the streak. Any key ends it; the same summary is then printed below the
command, where it stays. Ctrl-C, SIGTERM or SIGHUP end it like a key: the
session is already recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backcoach.errors import Terminated

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from backcoach.render import Ending

PRESS_A_KEY = "Press any key to finish."
EOF = "<eof>"
SUSPEND = "<suspend>"  # Ctrl-Z: the screen is done with; the shell gets its prompt back


def ending_screen(ending: Ending, height: int) -> RenderableType:
    """The ending as one centred panel, `height` rows tall."""
    from rich.align import Align
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from backcoach.render import WELL_DONE, summary_parts

    body = Group(
        Align.center(Text(WELL_DONE, style="bold green")),
        Text(),
        *summary_parts(ending),
        Text(),
        Align.center(Text(PRESS_A_KEY, style="dim")),
    )
    panel = Panel(body, title=Text(" backcoach ", style="dim"), border_style="dim", padding=(1, 3))
    return Align.center(panel, vertical="middle", height=height)


def draw(ending: Ending, console: Console) -> None:
    """The whole screen, drawn again from the top (on start and on each resize)."""
    console.file.write("\x1b[0m\x1b[2J\x1b[H")
    width, height = console.size
    with console.capture() as capture:
        console.print(ending_screen(ending, max(1, height - 1)), width=min(width, 100), end="")
    text = capture.get()
    if width > 100:  # keep a narrow panel in the middle of a wide window
        pad = " " * ((width - 100) // 2)
        text = "\n".join(pad + line for line in text.split("\n"))
    console.file.write(text)
    console.file.flush()


def wait_on_ending(ending: Ending, console: Console | None = None) -> None:
    """Show the ending screen until a key; the terminal is always given back."""
    from backcoach.console import console as default_console

    from .terminal import KeyboardTerminal

    out = console or default_console()
    with KeyboardTerminal() as terminal:
        out.file.write("\x1b[?1049h\x1b[?25l")  # alternate screen, cursor hidden
        try:
            draw(ending, out)
            while True:
                keys = terminal.read(None)
                if any(not key.startswith("<") or key in (EOF, SUSPEND) for key in keys):
                    return
                draw(ending, out)  # a resize, or back from Ctrl-Z
        except (KeyboardInterrupt, Terminated):
            return
        finally:
            out.file.write("\x1b[0m\x1b[2J\x1b[?25h\x1b[?1049l")  # cursor shown, screen back
            out.file.flush()
