"""English: the General Staff's English list, wires, newsletters and their paraphrases.

Terms (see `warlosses.lexicon`): `word*` is a stem (the word may go on), `word` a whole
word, `a b` words in a row, `a+b` both somewhere in the label, `^` the label's start and
`$` its end.
"""

CATEGORIES = {
    "personnel": (
        "personnel", "troop*", "soldier*", "manpower", "servicem*", "military personnel",
        "people eliminated", "eliminated", "liquidated", "occupier*", "invader*",
    ),
    "tanks": ("tank*", "panzer*", "mbt*"),
    "armoured_vehicles": (
        "armor*", "armour*", "apv*", "afv*", "apc*", "ifv*", "arm. veh*", "arm veh*", "bbm",
        "combat vehicle*", "fighting vehicle*", "infantry fighting*",
    ),
    "artillery": ("artiller*", "howitzer*", "art. system*", "art system*", "arty"),
    "mlrs": (
        "mlrs*", "mrl*", "mrls", "multiple launch*", "multiple rocket*", "rocket launch*",
        "rocket system*", "rocket artillery", "salvo*", "volley*", "multiple barrel*",
        "multiple missile*",
    ),
    "air_defence": (
        "anti aircraft", "antiaircraft", "air defen*", "anti air", "aa",
        "sam", "sams", "sam system*", "surface to air*",
    ),
    "aircraft": ("aircraft", "plane*", "warplane*", "airplane*", "aeroplane*", "jet*",
                 "fighter jet*", "combat aircraft", "fixed wing*"),
    "helicopters": ("heli*", "chopper*", "rotorcraft"),
    "drones": ("uav*", "drone*", "unmanned aerial*", "uas", "unmanned aircraft"),
    "cruise_missiles": ("cruise*", "^missile*$"),
    "ships": ("ship*", "warship*", "boat*", "cutter*", "vessel*", "naval"),
    "submarines": ("submarin*", "^subs$", "^sub$", "^subs.$"),
    "vehicles_fuel_tanks": (
        "vehicle*+fuel*", "vehicle*+tanker*", "auto*+fuel*", "auto*+tanker*", "truck*+fuel*",
        "truck*+tanker*", "car*+fuel*",
    ),
    "special_equipment": ("special*", "spec.", "spec", "specialized*", "specialised*"),
    "ground_robots": ("robot*", "ugv*", "unmanned ground*"),
    "military_vehicles": (
        "vehicle*", "automotive*", "military auto*", "auto", "truck*", "cars",
    ),
    "fuel_tanks": ("fuel*", "tanker*"),
    "srbm_launchers": ("srbm*", "tactical missile system*", "ballistic missile launcher*",
                       "otrk", "iskander*"),
}  # fmt: skip

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# Small counts written as words ("one submarine", "a submarine").
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "no": 0, "zero": 0, "another": 1,
}  # fmt: skip

# Before a figure: it is the General Staff's estimate, still the figure.
APPROX = (
    "about", "approximately", "around", "over", "more than", "some", "roughly",
    "an estimated", "estimated",
)  # fmt: skip

# After a figure in a list item.
UNITS = (
    "persons", "person", "people", "units", "unit", "pcs", "pieces", "were liquidated",
    "were eliminated", "liquidated", "eliminated", "troops", "soldiers",
)  # fmt: skip

# The date a report's figures run from: the war's start, never a report's own date.
SINCE = ("since", "from", "starting from", "beginning", "start", "began", "begun")
# Between the two dates of a header ("from 24.02.2022 to 28.12.2024").
UNTIL = ("to", "till", "until", "through", "and")

# Phrases in running text (notation in `warlosses.lexicon`: `x*` a stem, `a|b` either,
# `[a]` an optional word, `#` any number).

# A figure "over the past day" is the day's increase, never a total.
PAST_DAY = (
    "over|in|during|for [the] past|previous|last day",
    "over|in|during|for [the] past|previous|last 24 hours",
    "during the day", "per day", "in one day", "in a day", "in a single day",
    "in just one day", "overnight", "since yesterday", "in 24 hours", "over 24 hours",
    "just over the past day", "that day", "the previous 24 hours",
)  # fmt: skip
# A figure "in total" or "since the start" is a total.
TOTAL = (
    "in total", "total", "totals", "totalling", "totaling", "overall", "altogether", "so far",
    "to date", "cumulative*", "since [the] start|beginning|outbreak|onset",
    "since [russia's] [the] [full] [scale] invasion|war|hostilities|aggression",
    "since the war|invasion began|started", "since [the] start|beginning of hostilities",
    "since february|feb 24", "since 24 february|feb", "since february|feb", "since 2022",
    "since [the|russia's|its] invasion", "since invading", "since it invaded",
    "since [the] start|beginning of", "combat losses",
)  # fmt: skip
# Sums over a week, a month or a year, averages, and another day's figures quoted for
# comparison are not a day's report.
PERIOD = (
    "past|last|previous|first month|week", "past|last|previous|first # days|weeks|months",
    "over|in|during|for [the] past|last|previous year", "year on year",
    "past|last|previous|first seven|ten|two|three|four|several days|weeks|months",
    "week*", "monthly", "this month|year", "that month", "averag*", "per day", "in 20#",
    "in total for", "annual*", "yesterday", "a day on average", "a day earlier",
    "the month", "the day before", "year to date", "so far this year", "since january",
    "since|from [the] beginning|start of [the|this] year",
    "since|from [the] beginning|start of 20#",
    "from 1 january", "from january 1", "since the new year",
    # An earlier report quoted beside the day's: "in its previous casualty report".
    "previous|earlier [casualty] report|update", "the previous day's",
    # Before the war: "since 2014", "since April 2014" (the war in Donbas).
    "since|from 201#", "since|from [spring|summer|autumn|fall|winter] [of] 201#",
    "since|from january|february|march|april|may|june|july|august|september|october|"
    "november|december 201#",
)  # fmt: skip
# Not the General Staff's count of Russia's losses: Russia's defence ministry claiming
# *Ukrainian* losses (or admitting its own), and other governments' estimates.
CLAIM = (
    "russia's|russian defence|defense ministry", "russian ministry of defen*",
    "ministry of defen*", "russian mod", "ukrain* [forces|army|troops|side|military] "
    "[has|have|had] lost|sustained|suffered", "ukrainian casualties",
    "britain's|british|uk defence|defense ministry|intelligence",
    "ukrainian losses", "losses of [the] ukrainian*", "kyiv regime",
    "kiev regime", "ukrainian armed forces lost", "afu lost", "the afu", "the kyiv regime's",
    "russian defen* minister", "shoigu", "konashenkov", "belousov", "special military operation",
    "british|uk [defence|defense] intelligence", "the pentagon", "u.s. officials",
    "irretrievable losses",
    # One unit's or one sector's count, not the General Staff's for the whole war.
    "area|zone of responsibility", "operational [and] strategic group*", "osgt",
    "operational tactical group*",
)  # fmt: skip
# Where a sentence turns to a figure of comparison ("... 58,150 soldiers have been killed,
# a figure that contrasts with the less than 6,000 deaths Moscow acknowledged"): a claim
# or period named after it is the comparison's, and the figures before it stand.
COMPARED = (
    "a|the figure|number|toll|tally that|which", "compared with|to", "in contrast to",
    "contrasts|contrasting with", "whereas", "while",
)  # fmt: skip
# Air-defence tallies count what was launched and shot down, not what Russia lost.
INTERCEPTS = (
    "shot down", "intercepted", "downed", "neutrali*", "were|was|had|have launched",
    "launched [a] [total] [of] #", "launched overnight", "launched at ukraine",
)  # fmt: skip

# Prose: words a sentence about losses holds (looked for as plain lower-case text).
ANCHORS = (
    "lost", "loss", "lose", "destroy", "tally", "toll", "count", "includ", "eliminat",
    "liquidat", "casualt", "killed", "died", "death", "destruct", "has shot down",
    "have shot down",
)  # fmt: skip
# People counted as personnel losses in prose ("lost 784,200 troops").
PERSONNEL = (
    "troops", "soldiers", "servicemen", "servicemembers", "personnel", "military personnel",
    "people", "men", "occupiers", "invaders", "casualties", "russian soldiers",
    "russian troops", "russian servicemen", "russians", "military", "fighters",
    "troop losses", "personnel losses", "military casualties",
)  # fmt: skip
# Verbs of loss before a figure ("Russia has lost", "the enemy lost").
LOSS_VERBS = (
    "lost", "has lost", "have lost", "had lost", "losing", "destroyed", "eliminated",
    "suffered", "has suffered", "have suffered", "sustained", "loss of", "losses of",
    "destruction of", "killed", "has killed", "have killed", "liquidated", "has liquidated",
    "have liquidated",
)  # fmt: skip
# "personnel losses reached 784,200"
REACHED = (
    "reached", "reach", "stand at", "stood at", "now stand at", "amount to", "amounted to",
    "amounts to", "totalled", "totaled", "total", "came to", "come to", "rose to",
    "grew to", "climbed to", "increased to", "are estimated at", "were estimated at",
    "is estimated at", "at", "is", "are", "was", "were", "now", "stands at", "would be",
    "would amount to", "be", "soared to", "jumped to", "surged to", "surpassed", "exceeded",
    "topped", "have surpassed", "has surpassed", "have exceeded", "has exceeded",
)  # fmt: skip
# A day's increase: "another 1,100 soldiers", "three more tanks".
MORE = ("another", "more", "additional", "further")
# "This number includes 1,190 casualties", "including 1,690 over the past day".
INCLUDES = (
    "including", "includes", "included", "incl.", "of which", "of them", "of whom",
    "of that number", "of these", "among them",
)  # fmt: skip
# A figure given in thousands or millions ("nearly 982 thousand") is rounded, not a figure.
ROUNDED = ("thousand", "million", "k", "mln", "m")
# Before a round figure, these say it is rounded ("over 831,000 troops").
MORE_THAN = ("over", "more than", "nearly", "almost", "upwards of", "in excess of", "above")
# A paragraph that goes on with a report's figures in its first words ("Also ...").
ALSO = ("also", "in addition", "besides", "moreover", "furthermore", "as well")
