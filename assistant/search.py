"""Searching the products of a catalogue edition, tolerant of Dutch word forms and typing errors.

On PostgreSQL a product matches when the Dutch full-text search finds the query in
its ``search_text`` (the ``dutch`` configuration stems "verhuizen" and "verhuizing"
alike and drops accents), or when the query looks like a word of its name (pg_trgm
word similarity: "identiteitkaart", "uitpass", or "parkeerkaarten" inside
"bewonersparkeerkaart"). Both use the indexes of migration ``0002_search_indexes``.

Elsewhere (SQLite, for ``make run``) the same is approximated in Python, which is
fine for a catalogue of a few hundred products: a query word, lower-cased, without
accents and with a common Dutch ending cut off, must occur in the product's texts or
resemble a word of its name (``difflib``).

Both ways, products with every word of the query come first; only when no product
has them all ("ik ga verhuizen"), the products with some of them are shown.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, Value
from django.db.models.functions import Greatest

from assistant.models import CatalogueProduct

AUDIENCE_FIELDS = {
    "citizen": "for_citizens",
    "business": "for_businesses",
    "association": "for_associations",
}

# A longer query is cut off: nobody types more, and trigram work grows with the length.
MAX_QUERY_LENGTH = 200
# Shorter queries ("de", "id") resemble too many names by their trigrams; full-text search still applies.
MIN_TRIGRAM_LENGTH = 4
PLURAL_APOSTROPHE = re.compile(r"(\w)['’]s\b")


def search_products(
    *,
    edition_id: int,
    query: str,
    audience: str | None = None,
    theme: str | None = None,
    language: str,
) -> list[CatalogueProduct]:
    """The products of an edition that match ``query``, best match first.

    Without a query every product (of the audience and theme, when given) is
    returned in catalogue order. ``audience`` is ``citizen``, ``business`` or
    ``association``; ``language`` (``nl`` or ``en``) is the reader's language, whose
    product names weigh in the ranking.
    """
    products = CatalogueProduct.objects.filter(edition_id=edition_id)
    if audience:
        products = products.filter(**{AUDIENCE_FIELDS[audience]: True})
    if theme:
        products = products.filter(theme=theme)
    # "pasfoto's", "auto’s": the Dutch plural with an apostrophe is searched as the word itself.
    query = PLURAL_APOSTROPHE.sub(r"\1", " ".join(query.split())[:MAX_QUERY_LENGTH])
    if not query:
        return list(products.order_by("position"))
    if connection.vendor == "postgresql":
        return _postgres_search(products, query, language)
    return _fallback_search(products, query, language)


# -- PostgreSQL: full-text search in Dutch plus trigram similarity of the names ------------


class DutchDocument(Func):
    """``to_tsvector('dutch', search_text)``: written exactly as the GIN index, so that it can be used."""

    template = "to_tsvector('dutch'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def _postgres_search(products: QuerySet, query: str, language: str) -> list[CatalogueProduct]:
    """Products with every word of the query; when none has them all, products with any of them."""
    every_word = _postgres_query(products, query, language, search_type="websearch")
    if every_word or len(words(query)) < 2:
        return every_word
    # The words as they are (letters and digits only, so nothing in them is tsquery syntax), joined with "or".
    any_word = " | ".join(re.findall(r"\w+", query))
    return _postgres_query(products, any_word, language, search_type="raw", trigram_text=query)


def _postgres_query(
    products: QuerySet, query: str, language: str, *, search_type: str, trigram_text: str | None = None
) -> list[CatalogueProduct]:
    trigram_text = trigram_text or query
    dutch_query = SearchQuery(query, config="dutch", search_type=search_type)
    document = DutchDocument(F("search_text"))
    matches = Q(document=dutch_query)
    rank = SearchRank(document, dutch_query)
    products = products.alias(document=document)
    if language == "en":
        # The search text is Dutch; English readers also find words of the English name and summary.
        english_query = SearchQuery(query, config="english", search_type=search_type)
        english_document = SearchVector("name_en", "summary_en", config="english")
        products = products.alias(english_document=english_document)
        matches |= Q(english_document=english_query)
        rank = rank + SearchRank(english_document, english_query)
    own, other = ("name_en", "name_nl") if language == "en" else ("name_nl", "name_en")
    if len(trigram_text.replace(" ", "")) >= MIN_TRIGRAM_LENGTH:
        # word_similarity(query, name): how well the query matches some stretch of words in the name.
        # The operator form (query <% name, threshold 0.6) is what the trigram indexes serve.
        matches |= Q(TrigramWordSimilar(F("name_nl"), Value(trigram_text))) | Q(
            TrigramWordSimilar(F("name_en"), Value(trigram_text))
        )
    # A name in the reader's language that resembles the query counts most; the other language a little less.
    similarity = Greatest(
        TrigramWordSimilarity(trigram_text, own), TrigramWordSimilarity(trigram_text, other) * Value(0.8)
    )
    return list(products.filter(matches).annotate(score=similarity + rank).order_by("-score", "position"))


# -- Elsewhere: the same idea in Python ------------------------------------------------------

# Words that say nothing about what someone looks for ("hoe vraag ik een ...").
# fmt: off
STOP_WORDS = frozenset({
    "de", "het", "een", "en", "of", "van", "voor", "in", "op", "met", "aan", "te", "om", "ik", "u", "uw", "je",
    "jij", "mijn", "ons", "onze", "is", "zijn", "bij", "naar", "hoe", "wat", "wie", "waar", "wanneer", "welke",
    "mag", "moet", "kan", "ben", "heb", "er", "dat", "die", "dit", "als", "ook", "niet",
    "the", "a", "an", "and", "or", "for", "on", "with", "to", "my", "i", "how", "what", "where", "do", "can", "are",
})
# fmt: on
# Common Dutch endings, longest first: "parkeerkaarten" → "parkeerkaart", "verhuizing" → "verhuiz".
SUFFIXES = ("ingen", "ing", "en", "es", "s", "e")
FUZZY_CUTOFF = 0.8


def normalise(text: str) -> str:
    """Lower case without accents: "Financiële" → "financiele"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", normalise(text))


def stem(word: str) -> str:
    """A word without a common Dutch ending, keeping at least four letters."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _resemblance(word: str, candidates: Iterable[str]) -> float:
    """How closely ``word`` resembles one of ``candidates``, or the start of one (0 to 1)."""
    best = 0.0
    for candidate in candidates:
        for target in {candidate, candidate[: len(word)]}:
            best = max(best, difflib.SequenceMatcher(None, word, target).ratio())
    return best


def _term_scores(product: CatalogueProduct, terms: list[str], language: str) -> list[float]:
    """How well each query word matches the product: in its name, in its texts, or like a word of its name."""
    own_name = " ".join(words(product.name(language)))
    other_name = " ".join(words(product.name("nl" if language == "en" else "en")))
    text = " ".join(words(f"{product.search_text} {product.name_en} {product.summary_en}"))
    name_words = [word for word in f"{own_name} {other_name}".split() if len(word) >= 4]
    text_words = set(text.split())
    scores = []
    for term in terms:
        if len(term) < 4:
            # A short word only counts as a whole word: "ga" is not found in "gaat".
            scores.append(1.0 if term in text_words else 0.0)
        elif term in own_name:
            scores.append(3.0)
        elif term in other_name:
            scores.append(2.0)
        elif term in text:
            scores.append(1.0)
        elif (resemblance := _resemblance(term, name_words)) >= FUZZY_CUTOFF:
            scores.append(2 * resemblance)
        else:
            scores.append(0.0)
    return scores


def _fallback_search(products: QuerySet, query: str, language: str) -> list[CatalogueProduct]:
    """Products with every word of the query; when none has them all, products with any of them."""
    terms = [stem(word) for word in words(query) if word not in STOP_WORDS]
    if not terms:
        return []
    scored = []
    for product in products:
        scores = _term_scores(product, terms, language)
        found = sum(1 for score in scores if score)
        if found:
            scored.append((found, sum(scores), product))
    if any(found == len(terms) for found, _, _ in scored):
        scored = [entry for entry in scored if entry[0] == len(terms)]
    scored.sort(key=lambda entry: (-entry[0], -entry[1], entry[2].position))
    return [product for _, _, product in scored]
