"""State-system membership lists, as shipped by peacesciencer: one row per period in the system.

cow_states (Correlates of War State System Membership v2016): stateabb, ccode, statenme, styear,
stmonth, stday, endyear, endmonth, endday, version. gw_states (Gleditsch and Ward's revised list,
2017): gwcode, stateabb, statename, startdate, enddate. A state whose membership was interrupted
(occupation, union, break-up) has several rows. Codes map to ISO3 on the period's start date, so
a period of code 365 that starts in Soviet times is kept under RUS with ``as_state = 'SUN'``.

Two sources, one per list, because each has its own citation and a new version of one list
must replace its own rows only; both write the ``state_system`` table, told apart by ``system``.
"""

from dyadscope.loaders.dyadyear import DyadYearLoader, TableSpec


class CowStatesLoader(DyadYearLoader):
    source = "cow-states"
    specs = (
        TableSpec(
            stem="cow_states",
            table="state_system",
            codes=("ccode",),
            texts={"stateabb": "abbr", "statenme": "name"},
            dates={("styear", "stmonth", "stday"): "start", ("endyear", "endmonth", "endday"): "end"},
            year=None,
            dated_by="start",
            code_column="code",
            constants={"system": "cow"},
        ),
    )


class GwStatesLoader(DyadYearLoader):
    source = "gw-states"
    specs = (
        TableSpec(
            stem="gw_states",
            table="state_system",
            codes=("gwcode",),
            texts={"stateabb": "abbr", "statename": "name"},
            dates={"startdate": "start", "enddate": "end"},
            year=None,
            dated_by="start",
            scheme="gw",
            code_column="code",
            constants={"system": "gw"},
        ),
    )
