"""ATOP alliance obligations (Leeds et al., ATOP v5), directed dyad-years, as shipped by peacesciencer.

Columns: ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul (0/1).
"""

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec


class AtopLoader(DyadYearLoader):
    source = "atop"
    specs = (
        TableSpec(
            stem="atop_alliance",
            table="alliance",
            codes=("ccode1", "ccode2"),
            flags={"atop_defense": "defense", "atop_offense": "offense", "atop_neutral": "neutral",
                   "atop_nonagg": "nonagg", "atop_consul": "consul"},
            counts={},
            amounts={},
        ),
    )
