"""Finance: technique catalogue, worked examples (rekenvoorbeelden), participation sweep,
solidarity, market size and the concept-WUP (sections 4.5.4–4.5.10 of the source document).

Pure domain code: no streamlit, no network. Every constant comes from a table in ``data/``
with its source and status; see ``docs/methode-rekenvoorbeelden.md``.
"""
