"""Correlates of War IGO v3 (Pevehouse et al. 2020): shared IGO memberships per non-directed
dyad-year, as shipped by peacesciencer. Columns: ccode1, ccode2, year, dyadigos.
"""

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec


class CowIgoLoader(DyadYearLoader):
    source = "cow-igo"
    specs = (
        TableSpec(
            stem="cow_igo_ndy",
            table="igo",
            codes=("ccode1", "ccode2"),
            flags={},
            counts={"dyadigos": "shared"},
            amounts={},
        ),
    )
