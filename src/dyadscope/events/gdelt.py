"""The GDELT event file layouts, as column-name lists from the official codebooks.

GDELT 1.0 (GDELT Event Database Data Format Codebook V1.03): 57 tab-separated columns without a
header; the daily files from 2013-04-01 on add SOURCEURL as a 58th. GDELT 2.0 (GDELT Event
Codebook V2.0): 61 columns, the 1.0 layout plus an ADM2Code in each of the three geography
blocks and SOURCEURL. Both are UTF-8 text, one event record per line, zipped one file per
day (1.0) or per 15 minutes (2.0).
"""

from __future__ import annotations

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]
_EVENT = ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone"]


def _geo(prefix: str, adm2: bool) -> list[str]:
    fields = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if adm2 else []) + ["Lat", "Long", "FeatureID"]
    return [f"{prefix}Geo_{f}" for f in fields]


def _layout(adm2: bool, dateadded: str, url: bool) -> list[str]:
    return (["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
            + [f"Actor1{f}" for f in _ACTOR] + [f"Actor2{f}" for f in _ACTOR]
            + _EVENT + _geo("Actor1", adm2) + _geo("Actor2", adm2) + _geo("Action", adm2)
            + [dateadded] + (["SOURCEURL"] if url else []))


#: GDELT 1.0 historical files (1979 - March 2013): 57 columns
GDELT1 = _layout(adm2=False, dateadded="DATEADDED", url=False)
#: GDELT 1.0 daily files (April 2013 on): 58 columns
GDELT1_URL = _layout(adm2=False, dateadded="DATEADDED", url=True)
#: GDELT 2.0 15-minute export files (February 2015 on): 61 columns
GDELT2 = _layout(adm2=True, dateadded="DATEADDED", url=True)

LAYOUTS = {57: ("gdelt1", GDELT1), 58: ("gdelt1", GDELT1_URL), 61: ("gdelt2", GDELT2)}

#: the columns the loader reads, with the DuckDB type each is parsed as
USED = {
    "GlobalEventID": "VARCHAR", "Day": "VARCHAR",
    "Actor1Name": "VARCHAR", "Actor1CountryCode": "VARCHAR",
    "Actor2Name": "VARCHAR", "Actor2CountryCode": "VARCHAR",
    "IsRootEvent": "VARCHAR", "EventCode": "VARCHAR", "QuadClass": "VARCHAR", "GoldsteinScale": "VARCHAR",
    "NumMentions": "VARCHAR", "ActionGeo_FeatureID": "VARCHAR",
}

