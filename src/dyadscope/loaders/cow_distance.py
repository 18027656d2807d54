"""Minimum distance between states in the COW system, 1886-2019, as shipped by peacesciencer
(computed from the CShapes 2.0 borders). Non-directed dyad-years (ccode1 < ccode2): ccode1,
ccode2, year, mindist (kilometres between the closest points of the two states on 1 January;
0 for neighbours by land). Only the package's .rda exists (952,244 rows).
"""

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec


class CowDistanceLoader(DyadYearLoader):
    source = "cow-distance"
    specs = (
        TableSpec(
            stem="cow_mindist",
            table="distance",
            codes=("ccode1", "ccode2"),
            amounts={"mindist": "mindist"},
        ),
    )
