"""Which topics (``Need``) a help request opened from an assistant result starts with ticked.

"Vraag hulp bij …" on a product with a ``help_route`` opens /hulp/?product=<key>: the person already said what
it is about, so the form ticks the matching topics (they can untick them). A test checks that every product of the
Leuven catalogue with a help route is listed here."""

from requests_app.models import Need

PRODUCT_NEEDS: dict[str, list[str]] = {
    "sociale-huurwoning": [Need.HOUSING],
    "verwarmingstoelage": [Need.FINANCES, Need.HOUSING],
    "parkeerkaart-handicap": [Need.MOBILITY, Need.ADMINISTRATION],
    "leefloon": [Need.FINANCES],
    "inkomensgarantie-ouderen": [Need.FINANCES, Need.ADMINISTRATION],
    "aanvullende-financiele-steun": [Need.FINANCES],
    "budgetbegeleiding-schuldhulp": [Need.FINANCES],
    "verhoogde-tegemoetkoming": [Need.FINANCES, Need.HEALTH],
    "caw-hulp": [Need.FAMILY],
    "leuven-helpt-boodschappen": [Need.FOOD],
    "leuven-helpt-vervoer": [Need.MOBILITY],
    "leuven-helpt-digitaal": [Need.ADMINISTRATION],
    "leuven-helpt-contact": [Need.LONELINESS],
    "thuiszorg": [Need.HEALTH],
    "maaltijden-aan-huis": [Need.FOOD, Need.HEALTH],
    "mantelzorg": [Need.HEALTH, Need.FAMILY],
    "tejo": [Need.FAMILY],
    "crisisopvang-caw": [Need.SAFETY, Need.HOUSING],
}


def needs_for_product(key: str) -> list[str]:
    return [str(need) for need in PRODUCT_NEEDS.get(key, [])]
