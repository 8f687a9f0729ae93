"""Text screens for the evening, quoted or closely summarised from the source document
(``shared/seed``: the taakdemocratie and WUP plan, sections 3.2 and 4.3.3)."""

from __future__ import annotations

SOURCE_DOCUMENT = "Brondocument taakdemocratie en wijkuitvoeringsplan (Noorden Duurzaam)"

TEXTS: dict[str, tuple[str, list[str], str]] = {
    "taakdemocratie": (
        "Wat is een taakdemocratie?",
        [
            "Taakdemocratie gaat uit van samenwerking en taakverdeling tussen maatschappelijke "
            "'blokken', met duurzame ontwikkeling van het gebied als doel.",
            "Vijf geledingen, elk met een eigen, onmisbare taak:",
            "• Kennis: laten zien waar we staan, wat er gebeurt als we niets doen en welke kant "
            "we op kunnen.",
            "• Burgers: elkaar motiveren en mobiliseren, en samenwerken.",
            "• Bedrijven: vernieuwen, in producten en in vormen van organisatie.",
            "• Voorzieningen: zorgen dat iedereen erbij hoort en mee kan doen.",
            "• Overheid: het goede aanmoedigen, het schadelijke afremmen, een gelijk speelveld.",
            "De vijf geledingen hebben gelijk stemrecht, hoe groot ze ook zijn. "
            "Drie kerntaken: prioriteren, campagnes voeren en onderzoek (het dashboard).",
        ],
        f"{SOURCE_DOCUMENT}, paragraaf 3.2",
    ),
    "avond": (
        "Waarom deze avond?",
        [
            "We informeren u over de opdrachten en de eerste inventarisatie.",
            "We verzamelen inzichten en horen graag wat u ervan vindt.",
            "We peilen of u wilt samenwerken en in groepen wilt optrekken: woningeigenaren, "
            "huurders, maatschappelijk vastgoed, ondernemers.",
            "Straks vragen we u een korte enquête in te vullen op uw telefoon.",
        ],
        f"{SOURCE_DOCUMENT}, paragraaf 4.3.3",
    ),
}
"""Text id → (title, paragraphs, source line)."""
