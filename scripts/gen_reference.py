#!/usr/bin/env python3
"""Regenerate ontology/reference/countries.ttl: one actor per ISO 3166-1 entry.

    python scripts/gen_reference.py [--sipri PATH] [--atop PATH] [--output PATH]

What goes in, per entry of pycountry (ISO 3166-1, 249 entries) plus Kosovo:

* IRI ``actor:<alpha-3>``; kind ``gkg:State`` for sovereign states (UN members, the two UN
  observer states, Taiwan, Kosovo), ``gkg:Territory`` for dependent territories (DEPENDENT).
* ``rdfs:label``: the English common short name (babel's English territory name, cleaned:
  "&" -> "and", "St." -> "Saint", plus LABEL_EN overrides such as Turkey, DR Congo) and the
  French name from babel (plus LABEL_FR overrides such as Birmanie, Palestine).
* ``skos:altLabel``: pycountry's ISO name, common and official names when they differ from the
  label (English); the French translation of the official name shipped with pycountry, when
  it is a real translation (French); a few former or usual names (EXTRA_ALT).
* ``skos:hiddenLabel``: the demonyms of each state (DEMONYMS_EN: "Israeli", "Israelis";
  DEMONYMS_FR: "israélien", "israélienne", "israéliens", "israéliennes"), less the forms
  ontology/actors.ttl already gives the same actor. The script stops when a form names another
  actor (a label of any actor, generated or in actors.ttl), belongs to two states, or is one of
  DEMONYMS_SKIPPED (shared or ambiguous forms left out on purpose).
* ``gkg:iso2``, ``gkg:iso3``, ``gkg:isoNumeric`` (strings, zero-padded).
* ``gkg:cowCode``: Correlates of War state numbers (strings), for states only. There is no COW
  package: codes come from the SIPRI arms-transfer file (country names with their COW codes,
  names mapped to ISO by pycountry lookup plus SIPRI_NAMES for odd or historical names), then
  completed from COW_STANDARD (the public COW state list, written from the codebook) for the
  states SIPRI lacks. Any disagreement between the two stops the script.

Historical COW states (no ISO code today) are mapped to their successor state, which then
carries several COW codes; a query on ``gkg:cowCode "365"`` finds Russia for the Soviet Union.
This is a deliberate simplification so that imports of ATOP/SIPRI rows keep their members:

    265 German Democratic Republic, 260 German Federal Republic, and the German states of the
    19th century (240 Hanover, 245 Bavaria, 267 Baden, 269 Saxony, 271 Wuerttemberg,
    273 Hesse-Kassel, 275 Hesse-Darmstadt, 280 Mecklenburg-Schwerin)       -> DEU
    329 Two Sicilies, 332 Modena, 335 Parma, 337 Tuscany                  -> ITA
    300 Austria-Hungary                                                   -> AUT
    315 Czechoslovakia                                                    -> CZE
    345 Yugoslavia (COW keeps 345 for Serbia)                             -> SRB
    365 Soviet Union (COW keeps 365 for Russia)                           -> RUS
    678 Yemen Arab Republic, 680 Yemen People's Republic                  -> YEM
    817 Republic of Vietnam (South Vietnam)                               -> VNM

Left unmapped on purpose: 730 Korea (1887-1905; both Koreas are successors) and the odd code
8152 found once in ATOP (alliance 1320, with France, 1874). The script prints the ATOP member
codes it could not map.

Kosovo has no ISO 3166-1 code; it gets the user-assigned code XK / XKX used by the EU and the
IMF, as ``actor:XKX``.

Output is deterministic (sorted by alpha-3, values sorted), so a rerun gives no diff.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import sys
from collections import defaultdict
from pathlib import Path

import babel
import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from graph.actors import loose  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIPRI = ROOT.parent / "shared" / "data" / "sipri" / "sipri-exports-processed.csv"
DEFAULT_ATOP = ROOT.parent / "shared" / "data" / "atop" / "atop-alliance-level.csv"
DEFAULT_OUTPUT = ROOT / "ontology" / "reference" / "countries.ttl"
ACTORS_TTL = ROOT / "ontology" / "actors.ttl"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# ISO 3166-1 entries that are not sovereign states: gkg:Territory.
DEPENDENT = frozenset("""
    ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY GIB GLP GRL
    GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN
    SJM SPM SXM TCA TKL UMI VGB VIR WLF
""".split())

# English common short names where babel's name is not the one the press uses.
LABEL_EN = {
    "TUR": "Turkey",  # Türkiye is kept as altLabel
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "MMR": "Myanmar",
    "HKG": "Hong Kong",
    "MAC": "Macau",
    "PSE": "Palestine",
    "CIV": "Ivory Coast",
    "VCT": "Saint Vincent and the Grenadines",
    "UMI": "United States Minor Outlying Islands",
}
# French names where babel's is not the usual short name.
LABEL_FR = {
    "HKG": "Hong Kong",
    "MAC": "Macao",
    "PSE": "Palestine",
    "MMR": "Birmanie",
    "VAT": "Vatican",
    "COD": "République démocratique du Congo",
    "COG": "République du Congo",
}
# Former or usual names worth finding (lang, text).
EXTRA_ALT = {
    "BLR": [("en", "Byelorussia"), ("fr", "Bélarus")],
    "CIV": [("en", "Côte d'Ivoire")],
    "COD": [("en", "Democratic Republic of the Congo"), ("en", "DRC"), ("en", "Congo-Kinshasa"),
            ("fr", "RDC"), ("fr", "Congo-Kinshasa")],
    "COG": [("en", "Congo-Brazzaville"), ("fr", "Congo-Brazzaville"), ("fr", "Congo")],
    "CPV": [("en", "Cabo Verde"), ("fr", "Cabo Verde")],
    "CZE": [("en", "Czech Republic"), ("fr", "République tchèque")],
    "GBR": [("en", "UK"), ("en", "Britain"), ("en", "Great Britain"), ("fr", "Grande-Bretagne")],
    "MKD": [("en", "Macedonia"), ("fr", "Macédoine")],
    "MMR": [("en", "Burma"), ("fr", "Myanmar")],
    "PRK": [("fr", "République populaire démocratique de Corée")],
    "PSE": [("en", "State of Palestine"), ("en", "Palestinian Territories"),
            ("fr", "État de Palestine"), ("fr", "Territoires palestiniens")],
    "RUS": [("fr", "Fédération de Russie")],
    "SWZ": [("en", "Swaziland"), ("fr", "Swaziland")],
    "TLS": [("en", "East Timor"), ("fr", "Timor-Leste")],
    "TUR": [("en", "Türkiye"), ("fr", "Türkiye")],
    "TWN": [("en", "Republic of China"), ("fr", "République de Chine")],
    "USA": [("en", "US"), ("en", "USA"), ("en", "U.S."), ("fr", "États-Unis d'Amérique")],
    "VAT": [("en", "Holy See"), ("fr", "Saint-Siège"), ("fr", "État de la Cité du Vatican")],
    "VNM": [("fr", "Vietnam")],
}
# Alternative names never written (politically loaded ISO wording).
DROP_ALT = {"Taiwan, Province of China", "Taïwan, province de Chine"}
# pycountry's French official name is wrong for North Korea (word order).
DROP_ALT_FR = {"République démocratique populaire de Corée"}

# Common short names that must come out as labels (checked at the end).
EXPECTED_EN = {
    "PRK": "North Korea", "KOR": "South Korea", "RUS": "Russia", "USA": "United States",
    "CHN": "China", "IRN": "Iran", "SYR": "Syria", "VNM": "Vietnam", "LAO": "Laos",
    "BOL": "Bolivia", "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova", "TWN": "Taiwan",
    "CZE": "Czechia", "TUR": "Turkey", "GBR": "United Kingdom",
}

# --- demonyms ------------------------------------------------------------------------------------
# Adjectives (and the nouns for people) of every state, written as skos:hiddenLabel: found by
# search and extraction ("Israeli troops", "les autorités israéliennes"), never displayed.
#
# English: forms separated by ", "; "Afghan(s)" stands for "Afghan" and "Afghans" (the plural
# noun). Only the usual, unambiguous forms: a plural noun only where it is an everyday word, no
# singular noun that is also a common word or name ("Pole", "Finn", "Dane", "Swede", "Lao").
# French: the masculine singular, then "/" and the feminine where it is not regular; the
# feminine is otherwise masculine + "e" ("-en" + "ne"; masculine in "e" or "è": invariable), the
# plurals add "s" (not after "s" or "x").
#
# Decided on purpose (see also DEMONYMS_SKIPPED):
# * "Guinean"/"guinéen" is Guinea's alone; Equatorial Guinea, Guinea-Bissau and Papua New Guinea
#   get their compound forms ("Equatorial Guinean", "Bissau-Guinean", "Papua New Guinean"),
#   which the mention matcher prefers, being longer.
# * "Congolese"/"congolais" go to DR Congo, by far the more populous state and the usual
#   referent in the press; the Republic of the Congo is named by its labels only
#   ("Congo-Brazzaville", "Republic of the Congo", "le Congo" in French).
# * "Sudanese" is Sudan's; "South Sudanese" (longer) South Sudan's.
# * "Samoan" is Samoa's; "American Samoa" is a territory named by its label.
# * "Timorese" is Timor-Leste's (West Timor is a province, not an actor).
# * Vatican City, San Marino, Liechtenstein and São Tomé and Príncipe have no English form: their
#   label serves as the adjective ("Vatican officials"); see NO_DEMONYM_EN.
DEMONYMS_EN = {
    "AFG": "Afghan(s)", "AGO": "Angolan(s)", "ALB": "Albanian(s)", "AND": "Andorran(s)",
    "ARE": "Emirati(s)", "ARG": "Argentine, Argentinian(s)", "ARM": "Armenian(s)",
    "ATG": "Antiguan(s)", "AUS": "Australian(s)", "AUT": "Austrian(s)",
    "AZE": "Azerbaijani(s), Azeri(s)", "BDI": "Burundian(s)", "BEL": "Belgian(s)",
    "BEN": "Beninese", "BFA": "Burkinabe, Burkinabè", "BGD": "Bangladeshi(s)",
    "BGR": "Bulgarian(s)", "BHR": "Bahraini(s)", "BHS": "Bahamian(s)", "BIH": "Bosnian(s)",
    "BLR": "Belarusian(s), Belarussian(s)", "BLZ": "Belizean(s)", "BOL": "Bolivian(s)",
    "BRA": "Brazilian(s)", "BRB": "Barbadian(s)", "BRN": "Bruneian(s)", "BTN": "Bhutanese",
    "BWA": "Botswanan(s)", "CAN": "Canadian(s)", "CHE": "Swiss",
    "CHL": "Chilean(s)", "CHN": "Chinese", "CIV": "Ivorian(s)", "CMR": "Cameroonian(s)",
    "COD": "Congolese", "COL": "Colombian(s)", "COM": "Comorian(s)", "CPV": "Cape Verdean(s)",
    "CRI": "Costa Rican(s)", "CUB": "Cuban(s)", "CYP": "Cypriot(s)", "CZE": "Czech(s)",
    "DEU": "German(s)", "DJI": "Djiboutian(s)", "DNK": "Danish, Danes", "DZA": "Algerian(s)",
    "ECU": "Ecuadorian(s), Ecuadorean(s)", "EGY": "Egyptian(s)", "ERI": "Eritrean(s)",
    "ESP": "Spanish, Spaniard(s)", "EST": "Estonian(s)", "ETH": "Ethiopian(s)",
    "FIN": "Finnish, Finns", "FJI": "Fijian(s)", "FRA": "French", 
    "GAB": "Gabonese", "GBR": "British, Briton(s)", "GEO": "Georgian(s)", "GHA": "Ghanaian(s)",
    "GIN": "Guinean(s)", "GMB": "Gambian(s)", "GNB": "Bissau-Guinean(s)",
    "GNQ": "Equatorial Guinean(s), Equatoguinean(s)", "GRC": "Greek(s)", "GRD": "Grenadian(s)",
    "GTM": "Guatemalan(s)", "GUY": "Guyanese", "HND": "Honduran(s)",
    "HRV": "Croatian(s), Croat(s)", "HTI": "Haitian(s)", "HUN": "Hungarian(s)",
    "IDN": "Indonesian(s)", "IND": "Indian(s)", "IRL": "Irish", "IRN": "Iranian(s)",
    "IRQ": "Iraqi(s)", "ISL": "Icelandic, Icelander(s)", "ISR": "Israeli(s)",
    "ITA": "Italian(s)", "JAM": "Jamaican(s)", "JOR": "Jordanian(s)", "JPN": "Japanese",
    "KAZ": "Kazakh(s), Kazakhstani(s)", "KEN": "Kenyan(s)", "KGZ": "Kyrgyz, Kyrgyzstani(s)",
    "KHM": "Cambodian(s)", "KIR": "I-Kiribati", "KNA": "Kittitian(s)", "KOR": "South Korean(s)",
    "KWT": "Kuwaiti(s)", "LAO": "Laotian(s)", "LBN": "Lebanese", "LBR": "Liberian(s)",
    "LBY": "Libyan(s)", "LCA": "Saint Lucian(s)", "LKA": "Sri Lankan(s)", "LSO": "Basotho",
    "LTU": "Lithuanian(s)", "LUX": "Luxembourgish, Luxembourger(s)", "LVA": "Latvian(s)",
    "MAR": "Moroccan(s)", "MCO": "Monegasque(s)", "MDA": "Moldovan(s)", "MDG": "Malagasy",
    "MDV": "Maldivian(s)", "MEX": "Mexican(s)", "MHL": "Marshallese",
    "MKD": "North Macedonian(s), Macedonian(s)", "MLI": "Malian(s)", "MLT": "Maltese",
    "MMR": "Burmese", "MNE": "Montenegrin(s)", "MNG": "Mongolian(s)", "MOZ": "Mozambican(s)",
    "MRT": "Mauritanian(s)", "MUS": "Mauritian(s)", "MWI": "Malawian(s)",
    "MYS": "Malaysian(s)", "NAM": "Namibian(s)", "NER": "Nigerien(s)", "NGA": "Nigerian(s)",
    "NIC": "Nicaraguan(s)", "NLD": "Dutch", "NOR": "Norwegian(s)",
    "NPL": "Nepali(s), Nepalese", "NRU": "Nauruan(s)", "NZL": "New Zealander(s)",
    "OMN": "Omani(s)", "PAK": "Pakistani(s)", "PAN": "Panamanian(s)", "PER": "Peruvian(s)",
    "PHL": "Philippine, Filipino(s)", "PLW": "Palauan(s)", "PNG": "Papua New Guinean(s)",
    "POL": "Polish, Poles", "PRK": "North Korean(s)", "PRT": "Portuguese", "PRY": "Paraguayan(s)",
    "PSE": "Palestinian(s)", "QAT": "Qatari(s)", "ROU": "Romanian(s)", "RUS": "Russian(s)",
    "RWA": "Rwandan(s)", "SAU": "Saudi(s)", "SDN": "Sudanese", "SEN": "Senegalese",
    "SGP": "Singaporean(s)", "SLB": "Solomon Islander(s)", "SLE": "Sierra Leonean(s)",
    "SLV": "Salvadoran(s), Salvadorean(s)", "SOM": "Somali(s), Somalian(s)",
    "SRB": "Serbian(s), Serb(s)", "SSD": "South Sudanese", "SUR": "Surinamese",
    "SVK": "Slovak(s), Slovakian(s)", "SVN": "Slovenian(s), Slovene(s)", "SWE": "Swedish, Swedes",
    "SWZ": "Swazi(s)", "SYC": "Seychellois", "SYR": "Syrian(s)", "TCD": "Chadian(s)",
    "TGO": "Togolese", "THA": "Thai(s)", "TJK": "Tajik(s), Tajikistani(s)", "TKM": "Turkmen",
    "TLS": "East Timorese, Timorese", "TON": "Tongan(s)", "TTO": "Trinidadian(s)",
    "TUN": "Tunisian(s)", "TUR": "Turkish, Turk(s)", "TUV": "Tuvaluan(s)", "TWN": "Taiwanese",
    "TZA": "Tanzanian(s)", "UGA": "Ugandan(s)", "UKR": "Ukrainian(s)", "URY": "Uruguayan(s)",
    "USA": "American(s)", "UZB": "Uzbek(s), Uzbekistani(s)", "VCT": "Vincentian(s)",
    "VEN": "Venezuelan(s)", "VNM": "Vietnamese", "VUT": "Ni-Vanuatu", "WSM": "Samoan(s)",
    "XKX": "Kosovar(s), Kosovan(s)", "YEM": "Yemeni(s)", "ZAF": "South African(s)",
    "ZMB": "Zambian(s)", "ZWE": "Zimbabwean(s)",
}
DEMONYMS_FR = {
    "AFG": "afghan", "AGO": "angolais", "ALB": "albanais", "AND": "andorran",
    "ARE": "émirien", "ARG": "argentin", "ARM": "arménien", "AUS": "australien",
    "AUT": "autrichien", "AZE": "azerbaïdjanais", "BDI": "burundais", "BEL": "belge",
    "BEN": "béninois", "BFA": "burkinabè", "BGD": "bangladais", "BGR": "bulgare",
    "BHR": "bahreïnien", "BHS": "bahaméen", "BIH": "bosnien", "BLR": "biélorusse",
    "BLZ": "bélizien", "BOL": "bolivien", "BRA": "brésilien", "BRB": "barbadien",
    "BRN": "brunéien", "BTN": "bhoutanais", "BWA": "botswanais", "CAF": "centrafricain",
    "CAN": "canadien", "CHE": "suisse", "CHL": "chilien", "CHN": "chinois", "CIV": "ivoirien",
    "CMR": "camerounais", "COD": "congolais", "COL": "colombien", "COM": "comorien",
    "CPV": "cap-verdien", "CRI": "costaricien", "CUB": "cubain", "CYP": "chypriote",
    "CZE": "tchèque", "DEU": "allemand", "DJI": "djiboutien", "DNK": "danois",
    "DZA": "algérien", "ECU": "équatorien", "EGY": "égyptien", "ERI": "érythréen",
    "ESP": "espagnol", "EST": "estonien", "ETH": "éthiopien", "FIN": "finlandais",
    "FJI": "fidjien", "FRA": "français", "GAB": "gabonais",
    "GBR": "britannique", "GEO": "géorgien", "GHA": "ghanéen", "GIN": "guinéen",
    "GMB": "gambien", "GNB": "bissau-guinéen", "GNQ": "équato-guinéen", "GRC": "grec/grecque",
    "GTM": "guatémaltèque", "GUY": "guyanien", "HND": "hondurien", "HRV": "croate",
    "HTI": "haïtien", "HUN": "hongrois", "IDN": "indonésien", "IND": "indien",
    "IRL": "irlandais", "IRN": "iranien", "IRQ": "irakien", "ISL": "islandais",
    "ISR": "israélien", "ITA": "italien", "JAM": "jamaïcain", "JOR": "jordanien",
    "JPN": "japonais", "KAZ": "kazakh", "KEN": "kényan", "KGZ": "kirghiz", "KHM": "cambodgien",
    "KIR": "kiribatien", "KOR": "sud-coréen", "KWT": "koweïtien", "LAO": "laotien",
    "LBN": "libanais", "LBR": "libérien", "LCA": "saint-lucien", "LBY": "libyen", "LKA": "sri-lankais",
    "LTU": "lituanien", "LUX": "luxembourgeois", "LVA": "letton", "MAR": "marocain",
    "MCO": "monégasque", "MDA": "moldave", "MDG": "malgache", "MDV": "maldivien",
    "MEX": "mexicain", "MHL": "marshallais", "MKD": "macédonien", "MLI": "malien",
    "MLT": "maltais", "MMR": "birman", "MNE": "monténégrin", "MNG": "mongol",
    "MOZ": "mozambicain", "MRT": "mauritanien", "MUS": "mauricien", "MWI": "malawien",
    "MYS": "malaisien", "NAM": "namibien", "NER": "nigérien", "NGA": "nigérian",
    "NIC": "nicaraguayen", "NLD": "néerlandais", "NOR": "norvégien", "NPL": "népalais",
    "NRU": "nauruan", "NZL": "néo-zélandais", "OMN": "omanais", "PAK": "pakistanais",
    "PAN": "panaméen", "PER": "péruvien", "PHL": "philippin", "PLW": "palaosien",
    "PNG": "papouan-néo-guinéen", "POL": "polonais", "PRK": "nord-coréen", "PRT": "portugais",
    "PRY": "paraguayen", "PSE": "palestinien", "QAT": "qatari", "ROU": "roumain",
    "RUS": "russe", "RWA": "rwandais", "SAU": "saoudien", "SDN": "soudanais",
    "SEN": "sénégalais", "SGP": "singapourien", "SLB": "salomonais", "SLE": "sierra-léonais",
    "SLV": "salvadorien", "SOM": "somalien", "SRB": "serbe", "SSD": "sud-soudanais",
    "SUR": "surinamais", "SVK": "slovaque", "SVN": "slovène", "SWE": "suédois", "SWZ": "swazi",
    "SYC": "seychellois", "SYR": "syrien", "TCD": "tchadien", "TGO": "togolais",
    "THA": "thaïlandais", "TJK": "tadjik", "TKM": "turkmène", "TLS": "est-timorais",
    "TON": "tongien", "TTO": "trinidadien", "TUN": "tunisien", "TUR": "turc/turque",
    "TUV": "tuvaluan", "TWN": "taïwanais", "TZA": "tanzanien", "UGA": "ougandais",
    "UKR": "ukrainien", "URY": "uruguayen", "USA": "américain", "UZB": "ouzbek/ouzbèke",
    "VEN": "vénézuélien", "VNM": "vietnamien", "VUT": "vanuatais", "WSM": "samoan",
    "XKX": "kosovar", "YEM": "yéménite", "ZAF": "sud-africain", "ZMB": "zambien",
    "ZWE": "zimbabwéen",
}
# Forms left out on purpose (form: why), checked so that nobody adds them back by mistake.
DEMONYMS_SKIPPED = {
    "Dominican": "Dominica and the Dominican Republic", "dominicain": "both Dominicas",
    "Korean": "North and South Korea", "coréen": "North and South Korea",
    "Central African": "also the region (Central African states)",
    "Malay": "an ethnic group of several states", "malais": "an ethnic group of several states",
    "Lao": "also a surname", "Persian": "the Persian Gulf, the language",
    "Arab": "many states", "Pole": "a common word", "Finn": "a first name",
    "Dane": "Great Dane", "Swede": "a vegetable", "Kampuchean": "a former name's adjective",
    "Khmer": "an ethnic group and the Khmer Rouge", "Kiwi": "informal",
    "Micronesian": "also the region of the Pacific", "micronésien": "also the region of the Pacific",
    "Batswana": "also a people of South Africa",
}
# States without an English demonym of their own: their label serves as the adjective
# ("Vatican officials", "San Marino's government"), or their demonym is shared and given to
# none (Dominica and the Dominican Republic; "Central African"; "Micronesian") or to the other
# state ("Congolese": DR Congo). The extraction tests accept these and no others.
NO_DEMONYM_EN = frozenset({"CAF", "COG", "DMA", "DOM", "FSM", "LIE", "SMR", "STP", "VAT"})

# Kosovo: not in ISO 3166-1; user-assigned codes.
KOSOVO = {
    "alpha_3": "XKX", "alpha_2": "XK", "numeric": None,
    "name": "Kosovo", "official_name": "Republic of Kosovo",
}
KOSOVO_FR_ALT = ["République du Kosovo"]

# SIPRI names that pycountry does not resolve, or resolves wrongly; None = not a state.
SIPRI_NAMES = {
    "Russia": "RUS",
    "Brunei": "BRN",
    "Soviet Union": "RUS",
    "Czechoslovakia": "CZE",
    "East Germany (GDR)": "DEU",
    "West Germany (FRG)": "DEU",
    "Yugoslavia": "SRB",
    "North Yemen": "YEM",
    "Yemen Arab Republic": "YEM",
    "South Yemen": "YEM",
    "South Vietnam": "VNM",
    "Viet Nam": "VNM",
    "UAE": "ARE",
    "DR Congo": "COD",
    "Congo": "COG",
    "Bosnia-Herzegovina": "BIH",
    "Cote d'Ivoire": "CIV",
    "Saint Vincent": "VCT",
    "eSwatini": "SWZ",
    "Kosovo": "XKX",
    "Turkey": "TUR",
    "Northern Cyprus": None,
    "Libya GNC": None,
    "Biafra": None,
    "Katanga": None,
}

# Historical COW states -> successor actor (see the module docstring).
COW_HISTORICAL = {
    "240": "DEU", "245": "DEU", "260": "DEU", "265": "DEU", "267": "DEU", "269": "DEU",
    "271": "DEU", "273": "DEU", "275": "DEU", "280": "DEU",
    "329": "ITA", "332": "ITA", "335": "ITA", "337": "ITA",
    "300": "AUT",
    "315": "CZE",
    "345": "SRB",
    "365": "RUS",
    "678": "YEM", "680": "YEM",
    "817": "VNM",
}

# The COW state list (current states), from the public COW codebook.
COW_STANDARD = {
    "USA": "2", "CAN": "20", "BHS": "31", "CUB": "40", "HTI": "41", "DOM": "42", "JAM": "51",
    "TTO": "52", "BRB": "53", "DMA": "54", "GRD": "55", "LCA": "56", "VCT": "57", "ATG": "58",
    "KNA": "60", "MEX": "70", "BLZ": "80", "GTM": "90", "HND": "91", "SLV": "92", "NIC": "93",
    "CRI": "94", "PAN": "95", "COL": "100", "VEN": "101", "GUY": "110", "SUR": "115",
    "ECU": "130", "PER": "135", "BRA": "140", "BOL": "145", "PRY": "150", "CHL": "155",
    "ARG": "160", "URY": "165",
    "GBR": "200", "IRL": "205", "NLD": "210", "BEL": "211", "LUX": "212", "FRA": "220",
    "MCO": "221", "LIE": "223", "CHE": "225", "ESP": "230", "AND": "232", "PRT": "235",
    "DEU": "255", "POL": "290", "AUT": "305", "HUN": "310", "CZE": "316", "SVK": "317",
    "ITA": "325", "SMR": "331", "MLT": "338", "ALB": "339", "MNE": "341", "MKD": "343",
    "HRV": "344", "SRB": "345", "BIH": "346", "XKX": "347", "SVN": "349", "GRC": "350",
    "CYP": "352", "BGR": "355", "MDA": "359", "ROU": "360", "RUS": "365", "EST": "366",
    "LVA": "367", "LTU": "368", "UKR": "369", "BLR": "370", "ARM": "371", "GEO": "372",
    "AZE": "373", "FIN": "375", "SWE": "380", "NOR": "385", "DNK": "390", "ISL": "395",
    "CPV": "402", "STP": "403", "GNB": "404", "GNQ": "411", "GMB": "420", "MLI": "432",
    "SEN": "433", "BEN": "434", "MRT": "435", "NER": "436", "CIV": "437", "GIN": "438",
    "BFA": "439", "LBR": "450", "SLE": "451", "GHA": "452", "TGO": "461", "CMR": "471",
    "NGA": "475", "GAB": "481", "CAF": "482", "TCD": "483", "COG": "484", "COD": "490",
    "UGA": "500", "KEN": "501", "TZA": "510", "BDI": "516", "RWA": "517", "SOM": "520",
    "DJI": "522", "ETH": "530", "ERI": "531", "AGO": "540", "MOZ": "541", "ZMB": "551",
    "ZWE": "552", "MWI": "553", "ZAF": "560", "NAM": "565", "LSO": "570", "BWA": "571",
    "SWZ": "572", "MDG": "580", "COM": "581", "MUS": "590", "SYC": "591",
    "MAR": "600", "DZA": "615", "TUN": "616", "LBY": "620", "SDN": "625", "SSD": "626",
    "IRN": "630", "TUR": "640", "IRQ": "645", "EGY": "651", "SYR": "652", "LBN": "660",
    "JOR": "663", "ISR": "666", "SAU": "670", "YEM": "679", "KWT": "690", "BHR": "692",
    "QAT": "694", "ARE": "696", "OMN": "698",
    "AFG": "700", "TKM": "701", "TJK": "702", "KGZ": "703", "UZB": "704", "KAZ": "705",
    "CHN": "710", "MNG": "712", "TWN": "713", "PRK": "731", "KOR": "732", "JPN": "740",
    "IND": "750", "BTN": "760", "PAK": "770", "BGD": "771", "MMR": "775", "LKA": "780",
    "MDV": "781", "NPL": "790", "THA": "800", "KHM": "811", "LAO": "812", "VNM": "816",
    "MYS": "820", "SGP": "830", "BRN": "835", "PHL": "840", "IDN": "850", "TLS": "860",
    "AUS": "900", "PNG": "910", "NZL": "920", "VUT": "935", "SLB": "940", "KIR": "946",
    "TUV": "947", "FJI": "950", "TON": "955", "NRU": "970", "MHL": "983", "PLW": "986",
    "FSM": "987", "WSM": "990",
}

PREFIXES = """\
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix gkg: <https://w3id.org/geokg/ontology#> .
@prefix actor: <https://w3id.org/geokg/actor/> .
"""


def turtle_string(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{out}"'


def clean(text: str) -> str:
    """One-line text, ASCII apostrophes, no leading article ("the State of Eritrea")."""
    text = " ".join(text.replace("\u2019", "'").split())
    for article in ("the ", "The ", "L'"):
        if text.startswith(article) and len(text) > len(article) + 3:
            rest = text[len(article):]
            text = rest[0].upper() + rest[1:]
    return text


def english_label(alpha2: str, alpha3: str, en_names: dict[str, str]) -> str:
    if alpha3 in LABEL_EN:
        return LABEL_EN[alpha3]
    name = clean(en_names[alpha2])
    name = name.replace(" & ", " and ")
    if name.startswith("St. "):
        name = "Saint " + name[4:]
    return name


def english_demonyms(spec: str) -> list[str]:
    """'Croatian(s), Croat(s)' -> ['Croatian', 'Croatians', 'Croat', 'Croats']."""
    out = []
    for form in spec.split(", "):
        if form.endswith("(s)"):
            out += [form[:-3], form[:-3] + "s"]
        else:
            out.append(form)
    return out


def french_demonyms(spec: str) -> list[str]:
    """'israélien' -> masculine, feminine, their plurals; 'grec/grecque' names the feminine."""
    masc, _, fem = spec.partition("/")
    if not fem:
        fem = masc if masc.endswith(("e", "è")) else masc + ("ne" if masc.endswith("en") else "e")
    plural = (lambda w: w if w.endswith(("s", "x")) else w + "s")
    return list(dict.fromkeys([masc, fem, plural(masc), plural(fem)]))


def curated_names(actors: Path) -> tuple[dict[str, set[tuple[str, str]]], dict[str, set[str]]]:
    """From actors.ttl: the (lang, hidden label) pairs of each actor (by alpha-3 or slug),
    and every name (label, alternative, hidden; loosely folded) of each actor."""
    import pyoxigraph as ox

    hidden: dict[str, set[tuple[str, str]]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    preds = {SKOS + "hiddenLabel", SKOS + "altLabel", RDFS_LABEL}
    for t in ox.parse(path=str(actors), format=ox.RdfFormat.TURTLE):
        if not isinstance(t.object, ox.Literal) or t.predicate.value not in preds:
            continue
        key = t.subject.value.rsplit("/", 1)[-1]
        names[key].add(loose(t.object.value))
        if t.predicate.value == SKOS + "hiddenLabel":
            hidden[key].add((t.object.language or "en", t.object.value))
    return hidden, names


def demonyms(labels: dict[str, set[str]], actors: Path) -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
    """The hidden labels to write per alpha-3: DEMONYMS_EN/FR less the forms actors.ttl already
    gives the same actor. Stops on a form that names another actor (any of its labels in
    ``labels``, i.e. the generated names, or in actors.ttl), or on a form of DEMONYMS_SKIPPED."""
    hidden, names = curated_names(actors)
    for key, found in labels.items():
        names[key] |= found
    owner: dict[str, str] = {}
    out: dict[str, list[tuple[str, str]]] = {}
    errors: list[str] = []
    skipped = {loose(f) for f in DEMONYMS_SKIPPED}
    for table, lang, expand in ((DEMONYMS_EN, "en", english_demonyms), (DEMONYMS_FR, "fr", french_demonyms)):
        for a3, spec in sorted(table.items()):
            if a3 not in labels or a3 in DEPENDENT:
                errors.append(f"demonym of {a3}, which is not a state here")
                continue
            for form in expand(spec):
                key = loose(form)
                if key in skipped:
                    errors.append(f"{a3}: {form!r} is in DEMONYMS_SKIPPED")
                if owner.setdefault(key, a3) != a3:
                    errors.append(f"{a3}: {form!r} is also a demonym of {owner[key]}")
                others = sorted(k for k, ns in names.items() if k != a3 and key in ns)
                if others:
                    errors.append(f"{a3}: {form!r} names {', '.join(others)}")
                if (lang, form) not in hidden.get(a3, ()):
                    out.setdefault(a3, []).append((lang, form))
    return out, errors


def resolve_sipri_name(name: str) -> tuple[str | None, str]:
    """ISO alpha-3 for a SIPRI country name, and how it was found."""
    if name in SIPRI_NAMES:
        return SIPRI_NAMES[name], "override"
    try:
        return pycountry.countries.lookup(name).alpha_3, "lookup"
    except LookupError:
        pass
    try:
        found = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None, "unresolved"
    return found[0].alpha_3, "fuzzy"


def is_non_state_sipri(name: str) -> bool:
    """SIPRI marks rebel groups with * and organisations with **; 'Unknown ...' rows."""
    return name.endswith("*") or name.startswith("Unknown")


def cow_codes(sipri: Path) -> tuple[dict[str, set[str]], list[str]]:
    """COW codes per alpha-3, and notes about how SIPRI names were resolved."""
    codes: dict[str, set[str]] = defaultdict(set)
    notes: list[str] = []
    seen: dict[str, str] = {}
    with sipri.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for name_col, code_col in (("supplier", "supplier_cown"), ("recipient", "recipient_cown")):
                seen.setdefault(row[name_col].strip(), row[code_col].strip())
    for name in sorted(seen):
        code = seen[name]
        if code in ("", "NA") or is_non_state_sipri(name):
            continue
        alpha3, how = resolve_sipri_name(name)
        if how == "fuzzy":
            notes.append(f"fuzzy: SIPRI {name!r} -> {alpha3}")
        if how == "unresolved":
            notes.append(f"unresolved SIPRI name {name!r} (COW {code})")
        if alpha3:
            codes[alpha3].add(str(int(code)))
    # every state of the standard list must agree with SIPRI where SIPRI has it
    for alpha3, code in sorted(COW_STANDARD.items()):
        if alpha3 in codes and code not in codes[alpha3]:
            raise SystemExit(f"COW code mismatch for {alpha3}: standard {code}, SIPRI {sorted(codes[alpha3])}")
        codes[alpha3].add(code)
    for code, alpha3 in sorted(COW_HISTORICAL.items()):
        codes[alpha3].add(code)
    return codes, notes


def atop_codes(atop: Path) -> set[str]:
    found: set[str] = set()
    with atop.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for i in range(1, 60):
                value = (row.get(f"mem{i}") or "").strip()
                if value:
                    found.add(str(int(float(value))))
    return found


def entries():
    """pycountry's ISO 3166-1 entries plus Kosovo, as plain dicts, sorted by alpha-3."""
    out = []
    for c in pycountry.countries:
        out.append({
            "alpha_3": c.alpha_3, "alpha_2": c.alpha_2, "numeric": c.numeric, "name": c.name,
            "official_name": getattr(c, "official_name", None),
            "common_name": getattr(c, "common_name", None),
        })
    out.append(dict(KOSOVO, common_name=None))
    return sorted(out, key=lambda e: e["alpha_3"])


def build(sipri: Path, atop: Path | None) -> tuple[str, dict]:
    en_names = babel.Locale("en").territories
    fr_names = babel.Locale("fr").territories
    fr_iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    codes, notes = cow_codes(sipri)

    blocks: list[tuple[str, list[str], int]] = []  # alpha-3, lines, where hidden labels go
    n_states = n_territories = n_cow_states = n_cow_codes = 0
    labels_en: dict[str, str] = {}
    names: dict[str, set[str]] = {}  # alpha-3 -> every generated name, loosely folded
    for e in entries():
        a3, a2 = e["alpha_3"], e["alpha_2"]
        kind = "gkg:Territory" if a3 in DEPENDENT else "gkg:State"
        label_en = english_label(a2, a3, en_names)
        label_fr = LABEL_FR.get(a3) or clean(fr_names[a2])
        labels_en[a3] = label_en

        alt: set[tuple[str, str]] = set()
        for cand in (e["name"], e["official_name"], e["common_name"], clean(en_names.get(a2, ""))):
            if cand and " - " not in cand and "SAR China" not in cand:
                alt.add(("en", clean(cand)))
        for cand in (e["official_name"],):
            if cand:
                tr = clean(fr_iso.gettext(cand))
                if tr != cand and "," not in tr:
                    alt.add(("fr", tr[0].upper() + tr[1:]))
        for cand in (e["name"],):
            tr = clean(fr_iso.gettext(cand))
            if tr != cand and "," not in tr and "(" not in tr:
                alt.add(("fr", tr))
        if a3 == "XKX":
            alt.update(("fr", t) for t in KOSOVO_FR_ALT)
        alt.update(EXTRA_ALT.get(a3, []))
        alt = {
            (lang, t) for lang, t in alt
            if t not in DROP_ALT and not (lang == "fr" and t in DROP_ALT_FR)
            and t != (label_en if lang == "en" else label_fr)
        }

        lines = [f"actor:{a3} a {kind} ;"]
        lines.append(f"    rdfs:label {turtle_string(label_en)}@en, {turtle_string(label_fr)}@fr ;")
        if alt:
            alts = ", ".join(f"{turtle_string(t)}@{lang}" for lang, t in sorted(alt))
            lines.append(f"    skos:altLabel {alts} ;")
        names[a3] = {loose(t) for t in (label_en, label_fr, *(t for _, t in alt))}
        hidden_at = len(lines)
        iso = [f'gkg:iso2 "{a2}"', f'gkg:iso3 "{a3}"']
        if e["numeric"]:
            iso.append(f'gkg:isoNumeric "{e["numeric"]}"')
        lines.append("    " + " ; ".join(iso) + " ;")
        if kind == "gkg:State":
            n_states += 1
            cow = sorted(codes.get(a3, ()), key=int)
            if cow:
                n_cow_states += 1
                n_cow_codes += len(cow)
                lines.append("    gkg:cowCode " + ", ".join(f'"{c}"' for c in cow) + " ;")
        else:
            n_territories += 1
        lines[-1] = lines[-1][:-2] + " ."
        blocks.append((a3, lines, hidden_at))

    hidden, errors = demonyms(names, ACTORS_TTL)
    if errors:
        raise SystemExit("demonym table: " + "; ".join(errors))
    for a3, lines, at in blocks:
        if hidden.get(a3):
            forms = ", ".join(f"{turtle_string(t)}@{lang}" for lang, t in sorted(hidden[a3]))
            lines.insert(at, f"    skos:hiddenLabel {forms} ;")

    for a3, expected in EXPECTED_EN.items():
        if labels_en[a3] != expected:
            raise SystemExit(f"label of {a3} is {labels_en[a3]!r}, expected {expected!r}")
    for alpha3 in codes:
        if alpha3 in DEPENDENT or alpha3 not in labels_en:
            notes.append(f"COW codes {sorted(codes[alpha3])} for {alpha3}, which is not a state here")

    pycountry_version = getattr(pycountry, "__version__", "?")
    header = (
        "# ISO 3166-1 countries and territories as geokg actors.\n"
        "# GENERATED by scripts/gen_reference.py from pycountry, babel and COW codes; do not edit.\n"
        f"# pycountry {pycountry_version} / babel {babel.__version__}\n\n"
    )
    text = header + PREFIXES + "\n" + "\n\n".join("\n".join(lines) for _, lines, _ in blocks) + "\n"

    mapped = {c for cs in codes.values() for c in cs}
    stats = {
        "entries": n_states + n_territories, "states": n_states, "territories": n_territories,
        "states_with_cow": n_cow_states, "cow_codes": n_cow_codes, "notes": notes,
        "demonyms": sum(len(v) for v in hidden.values()),
    }
    if atop is not None and atop.exists():
        wanted = atop_codes(atop)
        stats["atop_codes"] = len(wanted)
        stats["atop_unmapped"] = sorted(wanted - mapped, key=int)
    return text, stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sipri", type=Path, default=DEFAULT_SIPRI)
    ap.add_argument("--atop", type=Path, default=DEFAULT_ATOP)
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = ap.parse_args(argv)
    if not args.sipri.exists():
        print(f"error: SIPRI file not found: {args.sipri}", file=sys.stderr)
        return 1
    text, stats = build(args.sipri, args.atop)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    for note in stats["notes"]:
        print(note)
    print(f"wrote {args.output}: {stats['entries']} actors "
          f"({stats['states']} states, {stats['territories']} territories)")
    print(f"{stats['states_with_cow']} states got a COW code ({stats['cow_codes']} codes in all)")
    print(f"{stats['demonyms']} demonym forms written as hidden labels")
    if "atop_codes" in stats:
        unmapped = stats["atop_unmapped"]
        print(f"ATOP member codes: {stats['atop_codes']}, unmapped: {len(unmapped)}"
              + (f" ({', '.join(unmapped)})" if unmapped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
