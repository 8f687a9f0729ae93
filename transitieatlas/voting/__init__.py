"""Voting: priorities set by the five geledingen with equal weight.

- :mod:`.count`: the pure count (Borda, approval) with ties explained;
- :mod:`.ballots`: ballots from CSV (pure);
- :mod:`.rounds`: rounds, codes and published results in the database.
"""
