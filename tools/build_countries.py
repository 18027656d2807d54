"""Rebuild the country registry shipped in src/dyadscope/data/.

    python tools/build_countries.py [--data ../shared/data]

Writes countries.csv (one row per entity), country_periods.csv (codes whose meaning depends
on the date) and country_aliases.csv (further spellings of names and codes). Inputs:

- pycountry: ISO 3166-1 codes and English names, and its gettext catalogues of ISO 3166-1
  names in Russian, Kazakh, Turkish and Polish;
- the COW and Gleditsch-Ward state lists shipped with peacesciencer (cow_states.csv.gz,
  gw_states.csv.gz) for the COW numbers, COW letter codes and GW numbers;
- the UN DGACM vote extracts (unxml-ga/*.json) for the UN's own member-state names;
- the hand-made tables below for everything no file provides (historical states,
  organisations, the names those files spell differently).

The script stops with a message when a name or code in the data folder is not covered,
so a new data release cannot silently lose rows.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pycountry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dyadscope" / "data"
LANGS = ("ru", "kk", "tr", "pl")

COLUMNS = [
    "iso3", "kind", "iso2", "cow", "cow_abbr", "gw", "cameo", "un_name",
    "name_en", "name_ru", "name_kk", "name_tr", "name_pl",
    "post_soviet", "start", "end", "fold_into", "notes",
]

POST_SOVIET = {"ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA",
               "RUS", "TJK", "TKM", "UKR", "UZB"}

# States that are not UN members but act as states in the sources (observer states,
# Taiwan's seat until 1971); every other ISO 3166-1 entry that is not a UN member is a territory.
NON_MEMBER_STATES = {"PSE", "VAT", "TWN"}

# Shorter English names where the ISO short name is a "Name, qualifier" form or a long form.
NAME_EN = {
    "RUS": "Russia",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "BRN": "Brunei",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
}
# Short forms for Russia in the other languages (the ISO catalogues give the long form,
# which stays as an alias).
NAME_LOCAL = {("RUS", "ru"): "Россия", ("RUS", "tr"): "Rusya", ("RUS", "pl"): "Rosja"}

# When the UN extract spells a state in several ways, the form used in the latest files.
UN_NAME_PREFERRED = {
    "TUR": "TÜRKİYE",
    "CIV": "CÔTE D'IVOIRE",
    "NLD": "NETHERLANDS (KINGDOM OF THE)",
}
# UN extract names that the ISO names do not match.
UN_NAME_TO_ISO3 = {
    "BOLIVIA (PLURINATIONAL STATE OF)": "BOL",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "COD",
    "IRAN (ISLAMIC REPUBLIC OF)": "IRN",
    "MICRONESIA (FEDERATED STATES OF)": "FSM",
    "NETHERLANDS (KINGDOM OF THE)": "NLD",
    "REPUBLIC OF KOREA": "KOR",
    "TURKEY": "TUR",
    "VENEZUELA (BOLIVARIAN REPUBLIC OF)": "VEN",
}

# English names used by the unvotes package (and Voeten's files) that no ISO name matches.
# Names whose meaning changes with the date (Russia, Yugoslavia) are in PERIODS instead.
NAME_ALIASES_EN = {
    "Antigua & Barbuda": "ATG", "Bosnia & Herzegovina": "BIH", "Brunei": "BRN",
    "Cape Verde": "CPV", "Congo - Brazzaville": "COG", "Congo - Kinshasa": "COD",
    "Côte d’Ivoire": "CIV", "Ivory Coast": "CIV", "Myanmar (Burma)": "MMR", "Burma": "MMR",
    "Micronesia (Federated States of)": "FSM", "St. Kitts & Nevis": "KNA",
    "St. Lucia": "LCA", "St. Vincent & Grenadines": "VCT", "São Tomé & Príncipe": "STP",
    "Trinidad & Tobago": "TTO", "Turkey": "TUR", "Swaziland": "SWZ",
    "Macedonia": "MKD", "Czech Republic": "CZE", "East Timor": "TLS",
    "Federal Republic of Germany": "DEU", "German Federal Republic": "DEU", "West Germany": "DEU",
    "East Germany": "DDR", "North Yemen": "YAR", "South Yemen": "YMD",
    "Yemen People's Republic": "YMD", "South Vietnam": "XRV", "North Vietnam": "VNM",
    "Republic of China": "TWN", "United States": "USA", "United Kingdom": "GBR",
    "Great Britain": "GBR", "Britain": "GBR", "Holy See": "VAT", "Vatican": "VAT",
    "USSR": "SUN", "U.S.S.R.": "SUN", "Union of Soviet Socialist Republics": "SUN",
    "Soviet Union": "SUN",
}

# Codes seen in CAMEO-coded records that differ from the ISO codes CAMEO otherwise uses
# (older KEDS-style codes in the CAMEO manual's example sentences, as in the PLOVER gold records).
CAMEO_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}

# Entities without an ISO 3166-1 entry. Codes starting with X are user-assigned
# (ISO 3166-1 reserves XAA-XZZ for that); XKX for Kosovo follows the EU/IMF/World Bank use.
# start/end: the legal dates for SUN, YUG, SCG, CSK, DDR; otherwise the COW (else GW)
# system-membership dates.
EXTRA = [
    # iso3, kind, iso2, cow, cow_abbr, gw, cameo, start, end, fold_into, en, ru, kk, tr, pl, notes
    ("XKX", "state", "XK", 347, "KOS", 347, "", "", "", "",
     "Kosovo", "Косово", "Косово", "Kosova", "Kosowo",
     "no ISO 3166-1 code; XKX/XK as used by the EU, IMF and World Bank"),
    ("XAB", "state", "", None, "", 396, "", "", "", "",
     "Abkhazia", "Абхазия", "Абхазия", "Abhazya", "Abchazja",
     "partially recognised; Gleditsch-Ward microstate 396; no ISO code (user-assigned X code)"),
    ("XSO", "state", "", None, "", 397, "", "", "", "",
     "South Ossetia", "Южная Осетия", "Оңтүстік Осетия", "Güney Osetya", "Osetia Południowa",
     "partially recognised; Gleditsch-Ward microstate 397; no ISO code (user-assigned X code)"),
    ("SUN", "historical", "SU", 365, "RUS", 365, "SUN", "1922-12-30", "1991-12-26", "RUS",
     "Soviet Union", "СССР", "КСРО", "Sovyetler Birliği", "Związek Radziecki",
     "ISO 3166-3 SUHH; rows fold into RUS (Russia continues the USSR's UN seat and COW code 365)"),
    ("YUG", "historical", "YU", 345, "YUG", 345, "YUG", "1918-12-01", "2003-02-03", "",
     "Yugoslavia", "Югославия", "Югославия", "Yugoslavya", "Jugosławia",
     "ISO 3166-3 YUCS; COW/GW 345 also covers the Federal Republic of Yugoslavia (1992-2003)"),
    ("SCG", "historical", "CS", 345, "YUG", 345, "SCG", "2003-02-04", "2006-06-04", "",
     "Serbia and Montenegro", "Сербия и Черногория", "", "Sırbistan-Karadağ",
     "Serbia i Czarnogóra", "ISO 3166-3 CSXX; COW/GW 345"),
    ("CSK", "historical", "CS", 315, "CZE", 315, "CSK", "1918-10-28", "1992-12-31", "",
     "Czechoslovakia", "Чехословакия", "Чехословакия", "Çekoslovakya", "Czechosłowacja",
     "ISO 3166-3 CSHH; COW letter code CZE is Czechoslovakia, not Czechia"),
    ("DDR", "historical", "DD", 265, "GDR", 265, "DDR", "1949-10-07", "1990-10-02", "",
     "German Democratic Republic", "Германская Демократическая Республика", "",
     "Almanya Demokratik Cumhuriyeti", "Niemiecka Republika Demokratyczna", "ISO 3166-3 DDDE"),
    ("YAR", "historical", "", 678, "YAR", None, "", "1926-09-02", "1990-05-21", "YEM",
     "Yemen Arab Republic", "Йеменская Арабская Республика", "", "Yemen Arap Cumhuriyeti",
     "Jemeńska Republika Arabska",
     "North Yemen; not an ISO code (ISO kept YE/YEM for it); rows fold into YEM. "
     "GW 678 is North Yemen before 1990-05-22 and unified Yemen after (see country_periods.csv)"),
    ("YMD", "historical", "YD", 680, "YPR", 680, "YMD", "1967-11-30", "1990-05-21", "",
     "South Yemen", "Народная Демократическая Республика Йемен", "",
     "Yemen Demokratik Halk Cumhuriyeti", "Ludowo-Demokratyczna Republika Jemenu",
     "People's Democratic Republic of Yemen; ISO 3166-3 YDYE"),
    ("XZN", "historical", "", 511, "ZAN", 511, "", "1963-12-19", "1964-04-26", "",
     "Zanzibar", "Занзибар", "Занзибар", "Zanzibar", "Zanzibar",
     "no ISO code (user-assigned X code); merged with Tanganyika into Tanzania"),
    ("XRV", "historical", "", 817, "RVN", 817, "", "1954-06-04", "1975-04-30", "",
     "Republic of Vietnam", "Республика Вьетнам", "", "Vietnam Cumhuriyeti", "Republika Wietnamu",
     "South Vietnam; no current ISO code (user-assigned X code)"),
    ("XKR", "historical", "", 730, "KOR", 730, "", "1887-01-01", "1905-11-17", "",
     "Joseon Korea", "Чосон", "", "", "",
     "COW/GW 'Korea' (Joseon / Korean Empire) before Japanese rule; COW letter code KOR "
     "(ISO KOR is South Korea); user-assigned X code"),
    ("XHA", "historical", "", 240, "HAN", 240, "", "1837-06-20", "1866-07-26", "",
     "Hanover", "Ганновер", "", "Hannover", "Hanower", "user-assigned X code"),
    ("XBV", "historical", "", 245, "BAV", 245, "", "1816-01-01", "1871-01-18", "",
     "Bavaria", "Бавария", "", "Bavyera", "Bawaria", "user-assigned X code"),
    ("XBD", "historical", "", 267, "BAD", 267, "", "1816-01-01", "1871-01-18", "",
     "Baden", "Баден", "", "Baden", "Badenia", "user-assigned X code"),
    ("XSX", "historical", "", 269, "SAX", 269, "", "1816-01-01", "1867-04-17", "",
     "Saxony", "Саксония", "", "Saksonya", "Saksonia", "user-assigned X code"),
    ("XWU", "historical", "", 271, "WRT", 271, "", "1816-01-01", "1871-01-18", "",
     "Württemberg", "Вюртемберг", "", "Württemberg", "Wirtembergia", "user-assigned X code"),
    ("XHK", "historical", "", 273, "HSE", 273, "", "1816-01-01", "1866-07-26", "",
     "Hesse-Kassel", "Гессен-Кассель", "", "", "Hesja-Kassel",
     "Electoral Hesse; user-assigned X code"),
    ("XHD", "historical", "", 275, "HSG", 275, "", "1816-01-01", "1867-04-17", "",
     "Hesse-Darmstadt", "Гессен-Дармштадт", "", "", "Hesja-Darmstadt",
     "Grand Ducal Hesse; COW letter code HSG, GW HSD; user-assigned X code"),
    ("XMS", "historical", "", 280, "MEC", 280, "", "1843-01-01", "1867-04-17", "",
     "Mecklenburg-Schwerin", "Мекленбург-Шверин", "", "", "Meklemburgia-Schwerin",
     "user-assigned X code"),
    ("XAH", "historical", "", 300, "AUH", 300, "", "1816-01-01", "1918-11-12", "",
     "Austria-Hungary", "Австро-Венгрия", "", "Avusturya-Macaristan", "Austro-Węgry",
     "Austrian Empire before 1867; user-assigned X code"),
    ("XPS", "historical", "", 327, "PAP", 327, "", "1816-01-01", "1860-11-05", "",
     "Papal States", "Папская область", "", "Papalık Devletleri", "Państwo Kościelne",
     "user-assigned X code"),
    ("XTS", "historical", "", 329, "SIC", 329, "", "1816-01-01", "1861-02-13", "",
     "Two Sicilies", "Королевство обеих Сицилий", "", "İki Sicilya Krallığı",
     "Królestwo Obojga Sycylii", "user-assigned X code"),
    ("XMO", "historical", "", 332, "MOD", 332, "", "1842-01-01", "1860-03-15", "",
     "Modena", "Модена", "", "Modena", "Modena", "Duchy of Modena; user-assigned X code"),
    ("XPA", "historical", "", 335, "PMA", 335, "", "1851-01-01", "1860-03-15", "",
     "Parma", "Парма", "", "Parma", "Parma", "Duchy of Parma; user-assigned X code"),
    ("XTU", "historical", "", 337, "TUS", 337, "", "1816-01-01", "1860-03-15", "",
     "Tuscany", "Тоскана", "", "Toskana", "Toskania", "Grand Duchy of Tuscany; user-assigned X code"),
    ("XCA", "historical", "", None, "", 89, "", "1823-07-01", "1839-12-31", "",
     "United Provinces of Central America", "Соединённые провинции Центральной Америки", "", "",
     "Zjednoczone Prowincje Ameryki Środkowej", "GW only; user-assigned X code"),
    ("XGC", "historical", "", None, "", 99, "", "1821-08-30", "1830-09-22", "",
     "Great Colombia", "Великая Колумбия", "", "Büyük Kolombiya", "Wielka Kolumbia",
     "GW only; user-assigned X code"),
    ("XTV", "historical", "", None, "", 563, "", "1852-01-01", "1910-05-30", "",
     "Transvaal", "Трансвааль", "", "Transvaal", "Transwal",
     "South African Republic; GW only; user-assigned X code"),
    ("XOF", "historical", "", None, "", 564, "", "1854-03-28", "1910-05-30", "",
     "Orange Free State", "Оранжевое Свободное Государство", "", "", "Wolne Państwo Orania",
     "GW only; user-assigned X code"),
    ("XTB", "historical", "", None, "", 711, "", "1913-01-01", "1950-10-01", "",
     "Tibet", "Тибет", "Тибет", "Tibet", "Tybet", "GW only; user-assigned X code"),
    ("XAN", "historical", "", None, "", 815, "", "1816-01-01", "1893-01-01", "",
     "Vietnam (Annam)", "", "", "", "",
     "Vietnam before French rule (GW: Annam/Cochin China/Tonkin); user-assigned X code"),
]

# Organisations. cameo: the CAMEO organisation code from the CAMEO manual's table of
# international actors (used after IGO, e.g. IGOUNO); empty where the manual lists none.
ORGS = [
    ("CSTO", "", "Collective Security Treaty Organization",
     "Организация Договора о коллективной безопасности", "Ұжымдық қауіпсіздік туралы шарт ұйымы",
     "Kolektif Güvenlik Antlaşması Örgütü", "Organizacja Układu o Bezpieczeństwie Zbiorowym",
     ["ОДКБ", "ҰҚШҰ", "KGAÖ", "OUBZ"]),
    ("EAEU", "", "Eurasian Economic Union", "Евразийский экономический союз",
     "Еуразиялық экономикалық одақ", "Avrasya Ekonomik Birliği", "Eurazjatycka Unia Gospodarcza",
     ["ЕАЭС", "ЕАЭО", "EUG"]),
    ("CIS", "CIS", "Commonwealth of Independent States", "Содружество Независимых Государств",
     "Тәуелсіз Мемлекеттер Достастығы", "Bağımsız Devletler Topluluğu",
     "Wspólnota Niepodległych Państw", ["СНГ", "ТМД", "BDT", "WNP"]),
    ("SCO", "", "Shanghai Cooperation Organisation", "Шанхайская организация сотрудничества",
     "Шанхай ынтымақтастық ұйымы", "Şanghay İşbirliği Örgütü", "Szanghajska Organizacja Współpracy",
     ["ШОС", "ШЫҰ", "ŞİÖ", "SOW", "Shanghai Cooperation Organization"]),
    ("EU", "EEC", "European Union", "Европейский союз", "Еуропалық Одақ", "Avrupa Birliği",
     "Unia Europejska", ["ЕС", "ЕО", "AB", "UE"]),
    ("NATO", "NAT", "North Atlantic Treaty Organization", "Организация Североатлантического договора",
     "Солтүстік Атлант шарты ұйымы", "Kuzey Atlantik Antlaşması Örgütü",
     "Organizacja Traktatu Północnoatlantyckiego", ["НАТО", "OTAN"]),
    ("UN", "UNO", "United Nations", "Организация Объединённых Наций", "Біріккен Ұлттар Ұйымы",
     "Birleşmiş Milletler", "Organizacja Narodów Zjednoczonych",
     ["ООН", "БҰҰ", "BM", "ONZ", "UNO", "United Nations Organization"]),
    ("OSCE", "SCE", "Organization for Security and Co-operation in Europe",
     "Организация по безопасности и сотрудничеству в Европе",
     "Еуропадағы қауіпсіздік және ынтымақтастық ұйымы", "Avrupa Güvenlik ve İşbirliği Teşkilatı",
     "Organizacja Bezpieczeństwa i Współpracy w Europie", ["ОБСЕ", "ЕҚЫҰ", "AGİT", "OBWE"]),
    ("OTS", "", "Organization of Turkic States", "Организация тюркских государств",
     "Түркі мемлекеттері ұйымы", "Türk Devletleri Teşkilatı", "Organizacja Państw Tureckich",
     ["TDT", "Turkic Council", "Türk Konseyi", "Тюркский совет", "Түркі кеңесі"]),
]

# Further names of historical states, in any language.
HISTORICAL_ALIASES = {
    "SUN": ["Союз Советских Социалистических Республик", "Советский Союз",
            "Кеңестік Социалистік Республикалар Одағы", "Кеңес Одағы", "SSCB",
            "Sovyet Sosyalist Cumhuriyetler Birliği", "ZSRR",
            "Związek Socjalistycznych Republik Radzieckich"],
    "YUG": ["Socialist Federal Republic of Yugoslavia", "Federal Republic of Yugoslavia"],
    "DDR": ["GDR", "ГДР", "NRD", "Doğu Almanya", "Восточная Германия"],
    "YMD": ["People's Democratic Republic of Yemen", "Южный Йемен", "Güney Yemen", "Jemen Południowy"],
    "YAR": ["Северный Йемен", "Kuzey Yemen", "Jemen Północny"],
    "XRV": ["Южный Вьетнам", "Güney Vietnam", "Wietnam Południowy"],
    "XWU": ["Wuerttemberg", "Wuerttemburg"],
    "XHK": ["Hesse Electoral", "Hesse-Kassel (Electoral)"],
    "XHD": ["Hesse Grand Ducal", "Hesse-Darmstadt (Ducal)"],
    "XMS": ["Mecklenburg Schwerin"],
    "XZN": ["People's Republic of Zanzibar"],
}

# Codes and names whose entity depends on the date. Dates are inclusive; empty = open.
# The USSR rows: the RSFSR was renamed the Russian Federation on 1991-12-25.
_RUS = [("", "1922-12-29", "RUS", ""), ("1922-12-30", "1991-12-24", "RUS", "SUN"),
        ("1991-12-25", "", "RUS", "")]
# COW 345 is Serbia to 1918, Yugoslavia from 1918-12-01, Serbia and Montenegro from
# 2003-02-04 and Serbia after Montenegro's independence (Serbia continues from 2006-06-05).
_SRB = [("", "1918-11-30", "SRB", ""), ("1918-12-01", "2003-02-03", "YUG", ""),
        ("2003-02-04", "2006-06-04", "SCG", ""), ("2006-06-05", "", "SRB", "")]
# Names and codes of Yugoslavia used after it ceased (unvotes keeps "Yugoslavia"/YU for
# Serbia up to 2020; Voeten's ideal points keep iso3c YUG) mean its continuator.
_YUG_LATER = [("", "2003-02-03", "YUG", ""), ("2003-02-04", "2006-06-04", "SCG", ""),
              ("2006-06-05", "", "SRB", "")]
PERIODS = (
    [("cow", "365", *r, "COW 365 is Russia, the USSR and Russia again") for r in _RUS]
    + [("gw", "365", *r, "GW 365 is Russia, the USSR and Russia again") for r in _RUS]
    + [("cow_abbr", "RUS", *r, "COW letter code RUS covers the USSR") for r in _RUS]
    + [("iso2", "RU", *r, "unvotes codes USSR votes as RU") for r in _RUS[1:]]
    + [("name", "Russia", *r, "unvotes names the USSR Russia") for r in _RUS[1:]]
    + [("cow", "345", *r, "COW 345") for r in _SRB]
    + [("cow_abbr", "YUG", *r, "COW letter code YUG") for r in _SRB]
    + [("gw", "345", *r, "GW 345 (Serbia before 1918 is GW 340)") for r in _SRB[1:]]
    + [("name", "Yugoslavia", *r, "unvotes uses Yugoslavia for Serbia up to 2020") for r in _YUG_LATER]
    + [("iso2", "YU", *r, "unvotes uses YU for Serbia up to 2020") for r in _YUG_LATER]
    + [("iso3", "YUG", *r, "Voeten ideal points use YUG for Serbia") for r in _YUG_LATER]
    + [
        ("iso2", "CS", "", "1992-12-31", "CSK", "", "ISO 3166 CS was Czechoslovakia"),
        ("iso2", "CS", "2003-02-04", "2006-06-04", "SCG", "", "CS reassigned to Serbia and Montenegro"),
        ("cow", "260", "", "", "DEU", "", "German Federal Republic"),
        ("cow", "255", "", "", "DEU", "", "Germany before 1945 and after 1990"),
        ("cow_abbr", "GFR", "", "", "DEU", "", "German Federal Republic"),
        ("cow_abbr", "GMY", "", "", "DEU", "", "Germany"),
        ("gw", "260", "", "", "DEU", "", "GW 260: German Federal Republic, Germany after 1990"),
        ("gw", "255", "", "", "DEU", "", "GW 255: Germany (Prussia) before 1945"),
        ("gw", "678", "", "1990-05-21", "YEM", "YAR", "GW 678 before unification: North Yemen"),
        ("gw", "678", "1990-05-22", "", "YEM", "", "GW 678 after unification: Yemen"),
        ("gw", "340", "", "", "SRB", "", "GW 340 Serbia (1878-1915, from 2006)"),
    ]
)

# GW numbers of the microstates (Gleditsch & Ward's separate list; absent from
# gw_states but used in peacesciencer's gw_ddy). Kiribati, Nauru, Tonga and Tuvalu differ from COW.
GW_MICROSTATES = {54: "DMA", 55: "GRD", 56: "LCA", 57: "VCT", 58: "ATG", 60: "KNA", 221: "MCO",
                  223: "LIE", 232: "AND", 331: "SMR", 403: "STP", 591: "SYC", 935: "VUT",
                  970: "KIR", 971: "NRU", 972: "TON", 973: "TUV", 983: "MHL", 986: "PLW",
                  987: "FSM", 990: "WSM"}

# COW and GW numbers whose ISO code is not found by name; the rest come from NAME_MATCH below.
COW_TO_ISO3 = {
    255: "DEU", 260: "DEU", 345: "SRB", 365: "RUS", 678: "YAR", 679: "YEM", 816: "VNM",
    946: "KIR", 947: "TUV", 955: "TON", 970: "NRU",
}
GW_TO_ISO3 = {255: "DEU", 260: "DEU", 340: "SRB", 345: "YUG", 365: "RUS", 678: "YEM",
              816: "VNM", 341: "MNE"}
# COW/GW state names that differ from every ISO name (matched after normalisation).
STATE_NAME_TO_ISO3 = {
    "United States of America": "USA", "St. Lucia": "LCA", "St. Vincent and the Grenadines": "VCT",
    "Antigua & Barbuda": "ATG", "St. Kitts and Nevis": "KNA", "Bolivia": "BOL",
    "Venezuela": "VEN", "Surinam": "SUR", "Macedonia": "MKD", "Czech Republic": "CZE",
    "Bosnia-Herzegovina": "BIH", "Moldova": "MDA", "Rumania": "ROU", "Russia": "RUS",
    "Belarus (Byelorussia)": "BLR", "Cape Verde": "CPV", "Ivory Coast": "CIV", "Cote D'Ivoire": "CIV",
    "Burkina Faso (Upper Volta)": "BFA", "Congo": "COG", "Democratic Republic of the Congo": "COD",
    "Congo, Democratic Republic of (Zaire)": "COD", "Tanzania": "TZA", "Tanzania/Tanganyika": "TZA",
    "Swaziland": "SWZ", "Zimbabwe (Rhodesia)": "ZWE", "Madagascar (Malagasy)": "MDG",
    "Iran": "IRN", "Iran (Persia)": "IRN", "Turkey": "TUR", "Turkey (Ottoman Empire)": "TUR",
    "Syria": "SYR", "Kyrgyz Republic": "KGZ", "Taiwan": "TWN", "North Korea": "PRK",
    "South Korea": "KOR", "Korea, People's Republic of": "PRK", "Korea, Republic of": "KOR",
    "Myanmar (Burma)": "MMR", "Sri Lanka (Ceylon)": "LKA", "Cambodia (Kampuchea)": "KHM",
    "Laos": "LAO", "Vietnam": "VNM", "Brunei": "BRN", "East Timor": "TLS",
    "Federated States of Micronesia": "FSM", "Italy/Sardinia": "ITA", "Yemen": "YEM",
    "United Kingdom": "GBR", "Czechoslovakia": "CSK", "German Democratic Republic": "DDR",
    "Serbia": "SRB", "Montenegro": "MNE", "Kosovo": "XKX", "Yugoslavia": "YUG",
    "Macedonia (Former Yugoslav Republic of)": "MKD",
}


def norm(text: str) -> str:
    """Same normalisation as dyadscope.countries.normalise (kept here so the build has no import)."""
    text = text.replace("ı", "i").replace("Ý", "I").replace("ý", "i")
    for a, b in (("’", "'"), ("‘", "'"), ("`", "'"), ("´", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.upper().split())


def translators():
    return {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            for lang in LANGS}


def read_un_names(data: Path) -> set[str]:
    names: set[str] = set()
    for path in sorted((data / "unxml-ga").glob("*.json")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                for key in ("MS_in_favour", "MS_against", "MS_abstaining"):
                    names.update(record.get(key) or [])
    return names


def build(data: Path) -> None:
    tr = translators()
    rows: dict[str, dict] = {}
    aliases: list[tuple[str, str, str, str]] = []  # scheme, value, iso3, notes
    iso_name_index: dict[str, str] = {}

    for c in pycountry.countries:
        row = dict.fromkeys(COLUMNS, "")
        row.update(iso3=c.alpha_3, iso2=c.alpha_2, cameo=c.alpha_3, kind="territory")
        common = getattr(c, "common_name", None)
        row["name_en"] = NAME_EN.get(c.alpha_3, common or c.name)
        for lang in LANGS:
            catalog = tr[lang]._catalog
            local = catalog.get(common) if common else None
            row[f"name_{lang}"] = NAME_LOCAL.get((c.alpha_3, lang)) or local or catalog[c.name]
        english = {c.name, getattr(c, "official_name", None), common}
        for name in english - {None, row["name_en"]}:
            aliases.append(("name", name, c.alpha_3, "ISO 3166-1 name"))
        for lang in LANGS:
            for name in english - {None}:
                local = tr[lang]._catalog.get(name)
                if local and local != row[f"name_{lang}"]:
                    aliases.append(("name", local, c.alpha_3, f"ISO 3166-1 name ({lang})"))
        for name in english - {None}:
            iso_name_index.setdefault(norm(name), c.alpha_3)
        rows[c.alpha_3] = row

    for e in EXTRA:
        (iso3, kind, iso2, cow, abbr, gw, cameo, start, end, fold, en, ru, kk, tr_, pl, notes) = e
        row = dict(iso3=iso3, kind=kind, iso2=iso2, cow=cow, cow_abbr=abbr, gw=gw, cameo=cameo,
                   un_name="", name_en=en, name_ru=ru, name_kk=kk, name_tr=tr_, name_pl=pl,
                   post_soviet="", start=start, end=end, fold_into=fold, notes=notes)
        rows[iso3] = row
        iso_name_index.setdefault(norm(en), iso3)
    for iso3, names in HISTORICAL_ALIASES.items():
        aliases += [("name", n, iso3, "") for n in names]

    for code, cameo, en, ru, kk, tr_, pl, extra in ORGS:
        rows[code] = dict.fromkeys(COLUMNS, "")
        rows[code].update(iso3=code, kind="organisation", cameo=cameo, name_en=en, name_ru=ru,
                          name_kk=kk, name_tr=tr_, name_pl=pl,
                          notes="organisation; key is its usual English acronym")
        aliases += [("name", a, code, "acronym or former name") for a in extra]
    aliases.append(("name", "Cooperation Council of Turkic Speaking States", "OTS", "name 2009-2021"))

    # UN member-state names, as the UN extract spells them.
    un_names = read_un_names(data)
    un_map: dict[str, str] = {}
    for name in sorted(un_names):
        iso3 = UN_NAME_TO_ISO3.get(name) or iso_name_index.get(norm(name))
        if iso3 is None:
            sys.exit(f"UN name {name!r} has no ISO code; add it to UN_NAME_TO_ISO3")
        un_map[name] = iso3
    by_iso: dict[str, list[str]] = {}
    for name, iso3 in un_map.items():
        by_iso.setdefault(iso3, []).append(name)
    for iso3, names in by_iso.items():
        preferred = UN_NAME_PREFERRED.get(iso3, names[0])
        if len(names) > 1 and iso3 not in UN_NAME_PREFERRED:
            sys.exit(f"several UN names for {iso3}: {names}; choose one in UN_NAME_PREFERRED")
        rows[iso3]["un_name"] = preferred
        rows[iso3]["kind"] = "state"
        for n in names:
            if n != preferred:
                aliases.append(("un_name", n, iso3, "spelling in the UN extract"))
    # Variants the normalisation already covers are kept too, so the file documents them.
    aliases.append(("un_name", "TÜRKÝYE", "TUR", "Ý for İ (code-page mix-up) in the UN extract"))
    for iso3 in NON_MEMBER_STATES:
        rows[iso3]["kind"] = "state"

    # COW and GW numbers from the state lists.
    cow = pd.read_csv(data / "peacesciencer" / "cow_states.csv.gz")
    gw = pd.read_csv(data / "peacesciencer" / "gw_states.csv.gz", keep_default_na=False)
    extra_by_cow = {e[3]: e[0] for e in EXTRA if e[3] is not None}
    extra_by_gw = {e[5]: e[0] for e in EXTRA if e[5] is not None}

    def state_iso3(code: int, name: str, fixed: dict, extra: dict) -> str:
        iso3 = fixed.get(code) or STATE_NAME_TO_ISO3.get(name) or iso_name_index.get(norm(name))
        iso3 = iso3 or extra.get(code)
        if iso3 is None:
            sys.exit(f"state {code} {name!r} has no ISO code; add it to the tables")
        return iso3

    for code, group in cow.groupby("ccode"):
        first = group.iloc[0]
        iso3 = state_iso3(int(code), first.statenme, COW_TO_ISO3, extra_by_cow)
        row = rows[iso3]
        if row["cow"] in ("", None):
            row["cow"], row["cow_abbr"] = int(code), first.stateabb
    for code, group in gw.groupby("gwcode"):
        first = group.iloc[0]
        iso3 = state_iso3(int(code), first.statename, GW_TO_ISO3, extra_by_gw)
        if rows[iso3]["gw"] in ("", None):
            rows[iso3]["gw"] = int(code)
    for code, iso3 in GW_MICROSTATES.items():
        rows[iso3]["gw"] = code
    # Shared numbers: the entity row names the code; country_periods.csv says when.
    rows["SRB"].update(cow=345, cow_abbr="YUG", gw=340)
    rows["DEU"].update(cow=255, cow_abbr="GMY", gw=260)
    rows["YEM"].update(cow=679, cow_abbr="YEM", gw=678)
    rows["RUS"].update(cow=365, cow_abbr="RUS", gw=365)
    rows["TWN"]["notes"] = "held China's UN seat until 1971-10-25 (unvotes: Taiwan)"
    rows["RUS"]["notes"] = "continues the USSR (SUN): its UN seat and COW/GW code 365"
    rows["DEU"]["notes"] = ("COW 255 (to 1945 and from 1990) and 260 (German Federal Republic "
                            "1955-1990) both map here")

    for iso3 in POST_SOVIET:
        rows[iso3]["post_soviet"] = "true"
    for row in rows.values():
        row["post_soviet"] = row["post_soviet"] or "false"

    for name, iso3 in NAME_ALIASES_EN.items():
        aliases.append(("name", name, iso3, "English name used in COW/GW/unvotes/Voeten"))
    for code, iso3 in CAMEO_ALIASES.items():
        aliases.append(("cameo", code, iso3, "code in the CAMEO manual's example records"))
    for name, iso3 in STATE_NAME_TO_ISO3.items():
        if norm(name) != norm(rows[iso3]["name_en"]):
            aliases.append(("name", name, iso3, "COW/GW state name"))

    # Drop aliases that repeat an entity's own name, and exact duplicates.
    own = {(norm(v), r["iso3"]) for r in rows.values()
           for v in (r["name_en"], r["name_ru"], r["name_kk"], r["name_tr"], r["name_pl"], r["un_name"]) if v}
    # An alias that is another entity's own name is a catalogue error (pycountry's Kazakh
    # catalogue translates Nepal's official name as "Central African Republic"): drop it.
    owner: dict[str, set[str]] = {}
    for name, iso3 in own:
        owner.setdefault(name, set()).add(iso3)
    seen, clean = set(), []
    for scheme, value, iso3, notes in aliases:
        key = (scheme, norm(value), iso3)
        if key in seen or (scheme == "name" and (norm(value), iso3) in own):
            continue
        if owner.get(norm(value), {iso3}) != {iso3}:
            print(f"dropped alias {value!r} -> {iso3}: it names {sorted(owner[norm(value)])}")
            continue
        seen.add(key)
        clean.append((scheme, value, iso3, notes))

    order = {"state": 0, "territory": 1, "historical": 2, "organisation": 3}
    table = sorted(rows.values(), key=lambda r: (order[r["kind"]], r["iso3"]))
    with open(OUT / "countries.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in table:
            w.writerow({k: ("" if r[k] is None else r[k]) for k in COLUMNS})
    with open(OUT / "country_aliases.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["scheme", "value", "iso3", "notes"])
        w.writerows(sorted(clean, key=lambda a: (a[0], a[2], a[1])))
    with open(OUT / "country_periods.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["scheme", "value", "start", "end", "iso3", "as_state", "notes"])
        w.writerows(PERIODS)
    print(f"{len(table)} entities, {len(clean)} aliases, {len(PERIODS)} period rules")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder with peacesciencer/, unxml-ga/ (default: ../shared/data)")
    build(parser.parse_args().data)
