"""Correlates of War trade v4.0 (Barbieri, Keshk and Pollins 2009), as shipped by peacesciencer.

cow_trade_ndy: non-directed dyad-years (ccode1 < ccode2), flow1 = imports of ccode1 from ccode2,
flow2 = imports of ccode2 from ccode1, and the smoothed versions; cow_trade_sy: state-year
imports and exports. Millions of current US dollars; a missing flow stays missing (not zero).
"""

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec


class CowTradeLoader(DyadYearLoader):
    source = "cow-trade"
    specs = (
        TableSpec(
            stem="cow_trade_ndy",
            table="trade",
            codes=("ccode1", "ccode2"),
            flags={},
            counts={},
            amounts={"flow1": "imports_a_from_b", "flow2": "imports_b_from_a",
                     "smoothflow1": "smooth_a_from_b", "smoothflow2": "smooth_b_from_a"},
        ),
        TableSpec(
            stem="cow_trade_sy",
            table="trade_total",
            codes=("ccode",),
            flags={},
            counts={},
            amounts={"imports": "imports", "exports": "exports"},
        ),
    )
