"""backcoach: a calm command-line coach for lower back stretches."""

__version__ = "0.1.0"
