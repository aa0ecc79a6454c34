"""The needs screening as first shipped: life domains, signals and the routes they suggest.

This is the starting data only (loaded by migration 0003 and by ``seed_demo``); from then on an
administrator edits it in Django admin. ``screening_load`` adds what is missing and changes nothing else.
"""

# Routes: key, name, kind, what to tell the caller, organisation slugs, order.
ROUTES = [
    (
        "leuven-helpt",
        "Leuven Helpt (vrijwilligers)",
        "leuven_helpt",
        "Een coördinator van Leuven Helpt belt u binnen twee werkdagen en zoekt een vrijwilliger die u helpt.",
        ["stad-leuven"],
        1,
    ),
    (
        "gbo",
        "GBO – OCMW, CAW en mutualiteiten samen",
        "gbo",
        "Het Geïntegreerd Breed Onthaal bekijkt samen met u op welke hulp en rechten u recht hebt.",
        ["ocmw-leuven", "caw-oost-brabant", "cm-leuven", "solidaris"],
        2,
    ),
    (
        "ocmw",
        "OCMW Leuven",
        "ocmw",
        "Een maatschappelijk werker van het OCMW maakt een afspraak met u.",
        ["ocmw-leuven"],
        3,
    ),
    (
        "caw",
        "CAW Oost-Brabant",
        "caw",
        "Het CAW luistert naar uw verhaal en zoekt samen met u een oplossing.",
        ["caw-oost-brabant"],
        4,
    ),
    (
        "mutualiteit",
        "Dienst maatschappelijk werk van de mutualiteit",
        "mutualiteit",
        "De maatschappelijk werker van uw mutualiteit helpt met zorg, hulpmiddelen en tegemoetkomingen.",
        ["cm-leuven", "solidaris"],
        5,
    ),
]

# Domains: key, name, need of the help request, order, [(signal label, [route keys])].
DOMAINS = [
    (
        "finances",
        "Financiën en schulden",
        "finances",
        1,
        [
            ("heeft achterstallige facturen", ["gbo", "ocmw"]),
            ("krijgt aanmaningen of brieven van een deurwaarder", ["ocmw", "gbo"]),
            ("komt niet rond met het inkomen", ["ocmw", "gbo"]),
        ],
    ),
    (
        "housing",
        "Wonen",
        "housing",
        2,
        [
            ("dreigt de woning te verliezen", ["ocmw", "caw"]),
            ("woning is in slechte staat of te koud", ["ocmw"]),
        ],
    ),
    (
        "health",
        "Gezondheid",
        "health",
        3,
        [
            ("stelt zorg uit omdat het te duur is", ["mutualiteit", "gbo"]),
            ("heeft hulp nodig na een ziekenhuisopname", ["mutualiteit", "leuven-helpt"]),
        ],
    ),
    (
        "loneliness",
        "Eenzaamheid",
        "loneliness",
        4,
        [
            ("leeft alleen en ziet weinig mensen", ["leuven-helpt"]),
            ("wil graag iemand om mee te praten of te wandelen", ["leuven-helpt"]),
        ],
    ),
    (
        "administration",
        "Administratie en digitale vaardigheden",
        "administration",
        5,
        [
            ("raakt niet wijs uit brieven en formulieren", ["leuven-helpt", "gbo"]),
            ("kan niet met de computer of smartphone overweg", ["leuven-helpt"]),
        ],
    ),
    (
        "mobility",
        "Mobiliteit",
        "mobility",
        6,
        [("kan niet zelf naar afspraken of winkels", ["leuven-helpt", "mutualiteit"])],
    ),
    (
        "food",
        "Voeding",
        "food",
        7,
        [("heeft niet altijd genoeg te eten", ["ocmw", "caw"])],
    ),
    (
        "safety",
        "Veiligheid",
        "safety",
        8,
        [("voelt zich thuis niet veilig", ["caw"])],
    ),
    (
        "family",
        "Gezin",
        "family",
        9,
        [
            ("zorgt alleen voor kinderen en raakt overbelast", ["caw", "gbo"]),
            ("is mantelzorger en heeft zelf ondersteuning nodig", ["mutualiteit", "leuven-helpt"]),
        ],
    ),
    (
        "work",
        "Werk",
        "work",
        10,
        [("heeft het werk verloren of dreigt het te verliezen", ["ocmw", "gbo"])],
    ),
]


def screening_load(*, LifeDomain, Signal, Route, Organization=None) -> int:
    """Create the missing domains, signals and routes (models passed in, so a migration can use it too).
    Routes get their organisations when these exist. Returns how many rows were added."""
    added = 0
    routes = {}
    for key, name, kind, explanation, slugs, order in ROUTES:
        route, created = Route.objects.get_or_create(
            key=key, defaults={"name": name, "kind": kind, "explanation": explanation, "order": order}
        )
        added += created
        routes[key] = route
        if Organization is not None and not route.organizations.exists():
            route.organizations.set(Organization.objects.filter(slug__in=slugs))
    for key, name, need, order, signals in DOMAINS:
        domain, created = LifeDomain.objects.get_or_create(
            key=key, defaults={"name": name, "need": need, "order": order}
        )
        added += created
        for position, (label, route_keys) in enumerate(signals, start=1):
            signal, created = Signal.objects.get_or_create(domain=domain, label=label, defaults={"order": position})
            if created:
                signal.routes.set([routes[k] for k in route_keys])
                added += 1
    return added
