"""Russian: the General Staff's report as Ukrainian outlets relay it in Russian ("личного
состава — около 784 200 (+1690) человек, танков — 9651 (+7) ...") and Russian-language
news prose.

Terms as in `warlosses.lexicon`; `ё` is read as `е`.
"""

CATEGORIES = {
    "personnel": (
        "личн* состав*", "живой силы", "живая сила", "оккупант*", "военнослужащ*",
        "ликвидирован*",
    ),
    "tanks": ("танк*",),
    "armoured_vehicles": (
        "ббм", "бронирован*", "бронемашин*", "бронетехн*", "бмп", "бтр",
    ),
    "artillery": ("артиллер*", "артсистем*", "орудий", "гаубиц*"),
    "mlrs": ("рсзо", "реактивн* систем*", "залпов*"),
    "air_defence": ("пво", "противовоздушн*", "зенитн*"),
    "aircraft": ("самолет*", "авиац*"),
    "helicopters": ("вертолет*",),
    "drones": ("бпла", "бпла*", "беспилот*", "дрон*"),
    "cruise_missiles": ("крылат*", "^ракет*"),
    "ships": ("корабл*", "катер*"),
    "submarines": ("подводн*",),
    "vehicles_fuel_tanks": ("автомоб*+цистерн*", "автоцистерн*", "автотехн*+цистерн*"),
    "special_equipment": ("спец*",),
    "ground_robots": ("робот*", "нрк"),
    "military_vehicles": ("автомоб*", "автотехн*"),
    "fuel_tanks": ("цистерн*", "гсм"),
    "srbm_launchers": ("отрк", "трк", "оперативно тактическ* ракетн*"),
}  # fmt: skip
