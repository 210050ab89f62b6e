"""The stretch catalogue and routines: YAML files read into dataclasses."""
