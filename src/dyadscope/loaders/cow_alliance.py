"""Correlates of War formal alliances v4.1 (Gibler 2009), directed dyad-years, as shipped by peacesciencer.

Columns: ccode1, ccode2, year, cow_defense, cow_neutral, cow_nonagg, cow_entente (0/1).
"""

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec


class CowAllianceLoader(DyadYearLoader):
    source = "cow-alliance"
    specs = (
        TableSpec(
            stem="cow_alliance",
            table="alliance",
            codes=("ccode1", "ccode2"),
            flags={"cow_defense": "defense", "cow_neutral": "neutral", "cow_nonagg": "nonagg",
                   "cow_entente": "entente"},
            counts={},
            amounts={},
        ),
    )
