"""Correlates of War Direct Contiguity v3.2 (Stinnett et al. 2002), as shipped by peacesciencer.

cow_contdir: ccode1, ccode2, conttype, stdate, enddate; directed (each period appears for both
orders of the pair); dates to the month (the first day of the month). conttype 1 = land border,
2 / 3 / 4 / 5 = separated by at most 12 / 24 / 150 / 400 miles of water. peacesciencer adds
conttype 0 for the periods in which a pair that is contiguous at some time was not contiguous
(both in the system, no COW record), so 0 is accepted; any other value is reported.
"""

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec

CONTTYPES = (0, 1, 2, 3, 4, 5)


class CowContiguityLoader(DyadYearLoader):
    source = "cow-contiguity"
    specs = (
        TableSpec(
            stem="cow_contdir",
            table="contiguity",
            codes=("ccode1", "ccode2"),
            counts={"conttype": "conttype"},
            allowed={"conttype": CONTTYPES},
            dates={"stdate": "start", "enddate": "end"},
            year=None,
            dated_by="start",
        ),
    )
