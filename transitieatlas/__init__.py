"""Transitieatlas: open-data area profiles, heat demand, actors and votes for a wijk- or dorpsraad."""

__version__ = "0.1.0"
