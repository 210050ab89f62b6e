"""The morning session: planning, timing, keys, the live view and sound."""
