"""The help lines seed_demo restores when a database has none (migration 0002 seeded the same lines once, from
its own frozen copy: a migration's data must not change when these do); city staff keep them up to date in the
admin. Sources: ../shared/leuven-products.md (the CAW line's hours and the crisis shelter's own
number are not verified)."""

WEEKDAYS = [0, 1, 2, 3, 4]
LINES = [
    {
        "name": "Noodnummer 112",
        "name_en": "Emergency number 112",
        "number": "112",
        "purpose": "Levensgevaar, brand of een ongeval: ambulance en brandweer.",
        "purpose_en": "Danger to life, fire or an accident: ambulance and fire brigade.",
        "kind": "danger",
        "order": 10,
    },
    {
        "name": "Politie 101",
        "name_en": "Police 101",
        "number": "101",
        "purpose": "U bent nu in gevaar, bijvoorbeeld geweld thuis of op straat.",
        "purpose_en": "You are in danger now, for example violence at home or in the street.",
        "kind": "danger",
        "order": 20,
    },
    {
        "name": "Zelfmoordlijn",
        "name_en": "Suicide line",
        "number": "1813",
        "purpose": "U denkt aan zelfdoding, of u maakt zich zorgen om iemand. Gratis en anoniem.",
        "purpose_en": "You think about suicide, or you worry about someone. Free and anonymous.",
        "kind": "crisis",
        "order": 30,
    },
    {
        "name": "CAW-lijn",
        "name_en": "CAW line",
        "number": "0800 13 500",
        "purpose": "Een dringende vraag over geweld, relaties, geld of wonen. Gratis.",
        "purpose_en": "An urgent question about violence, relationships, money or housing. Free.",
        "kind": "crisis",
        "hours": [{"days": WEEKDAYS, "opens": "09:00", "closes": "17:00"}],
        "closed_on_holidays": True,
        "order": 40,
    },
    {
        "name": "Crisisopvang CAW Oost-Brabant (nachtopvang)",
        "name_en": "CAW Oost-Brabant crisis shelter (night shelter)",
        "number": "0800 13 500",
        "purpose": "Geen plek om te slapen vannacht, of u moet weg van huis (Waversebaan, Heverlee).",
        "purpose_en": "Nowhere to sleep tonight, or you must leave home (Waversebaan, Heverlee).",
        "kind": "crisis",
        "order": 50,
    },
    {
        "name": "Leuven Helpt (Stad Leuven)",
        "name_en": "Leuven Helpt (City of Leuven)",
        "number": "016 27 27 72",
        "purpose": "Hulp van de stad, een vrijwilliger of een partner. Tijdens de kantooruren.",
        "purpose_en": "Help from the city, a volunteer or a partner. During office hours.",
        "kind": "city",
        "hours": [{"days": WEEKDAYS, "opens": "09:00", "closes": "17:00"}],
        "closed_on_holidays": True,
        "order": 60,
    },
]
