"""The practice history: the SQLite store, streaks, summaries and the nudge."""
