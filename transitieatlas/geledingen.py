"""The five geledingen (segments) of a taakdemocratie, with Dutch labels and colours.

Every actor, council seat and vote belongs to exactly one geleding; the five weigh
equally whatever their number of members (source document, sections 3.2 and 4.4.2).
Colours are from the Okabe-Ito palette (safe for the common forms of colour blindness).
"""

from __future__ import annotations

GELEDINGEN: tuple[str, ...] = ("kennis", "burgers", "bedrijven", "voorzieningen", "overheid")
"""The stable names, in the fixed order used in tables, charts and exports."""

LABELS: dict[str, str] = {
    "kennis": "Kennis en wetenschap",
    "burgers": "Burgers",
    "bedrijven": "Bedrijven",
    "voorzieningen": "Maatschappelijke voorzieningen",
    "overheid": "Overheid",
}
"""Dutch label per geleding, for everything the user sees."""

COLOURS: dict[str, str] = {
    "kennis": "#0072B2",  # Okabe-Ito blue
    "burgers": "#E69F00",  # Okabe-Ito orange
    "bedrijven": "#009E73",  # Okabe-Ito bluish green
    "voorzieningen": "#CC79A7",  # Okabe-Ito reddish purple
    "overheid": "#56B4E9",  # Okabe-Ito sky blue
}
"""Hex colour per geleding (Okabe-Ito)."""


def normalise(name: str) -> str:
    """Return the stable geleding name for ``name`` (case and spaces ignored), unchecked."""
    return name.strip().lower()


def is_geleding(name: str) -> bool:
    """True when ``name`` (after :func:`normalise`) is one of the five geledingen."""
    return normalise(name) in GELEDINGEN
