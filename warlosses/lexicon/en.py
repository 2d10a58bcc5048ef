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
        "rocket system*", "rocket artillery", "salvo*", "volley*",
    ),
    "air_defence": (
        "anti aircraft", "antiaircraft", "air defen*", "anti air", "aa",
        "sam", "sams", "sam system*", "surface to air*",
    ),
    "aircraft": ("aircraft", "plane*", "warplane*", "airplane*", "jet*", "fighter jet*",
                 "combat aircraft", "fixed wing*"),
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
