"""Areas: CBS codes, land area, aggregation over a set of areas, the gemeente catalogue.

- :mod:`.codes`: pure helpers for ``GM``/``WK``/``BU`` codes and areas in ha;
- :mod:`.aggregate`: figures of several areas combined (sum or weighted mean, per indicator);
- :mod:`.catalog`: the gemeenten and buurten the store holds (reads the store).
"""
