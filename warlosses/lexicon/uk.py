"""Ukrainian: the General Staff's own list (genitive after "втрати ... склали", nominative
and accusative as news sites reprint it) and Ukrainian news prose.

Terms as in `warlosses.lexicon`: stems carry the cases (`танк*`: танки, танків, танка).
"""

CATEGORIES = {
    "personnel": (
        "особов*", "особовий склад", "особового складу", "окупант*", "військовослужбов*",
        "живої сили", "жива сила", "ліквідован*",
    ),
    "tanks": ("танк*",),
    "armoured_vehicles": (
        "ббм", "броньован*", "бронемашин*", "бронетехн*", "бмп", "бтр",
    ),
    "artillery": ("артилер*", "артсистем*", "гармат*", "гаубиц*"),
    "mlrs": ("рсзв", "реактивн* систем*", "залпов*"),
    "air_defence": ("ппо", "протиповітрян*", "зенітн*"),
    "aircraft": ("літак*", "авіац*"),
    "helicopters": ("гелікоптер*", "вертол*", "вертоліт*"),
    "drones": ("бпла", "бпла*", "безпілот*", "дрон*"),
    "cruise_missiles": ("крилат*", "^ракет*"),
    "ships": ("корабл*", "катер*", "кораб*"),
    "submarines": ("підводн*",),
    "vehicles_fuel_tanks": ("автомоб*+цистерн*", "автоцистерн*", "автотехн*+цистерн*"),
    "special_equipment": ("спец*",),
    "ground_robots": ("робот*", "нрк"),
    "military_vehicles": ("автомоб*", "автотехн*"),
    "fuel_tanks": ("цистерн*", "пмм"),
    "srbm_launchers": ("отрк", "трк", "оперативно тактичн* ракетн*"),
}  # fmt: skip
