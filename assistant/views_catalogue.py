"""Public product pages: /assistent/producten/ (by theme and audience, with search) and one page per product.

Only the published edition is shown; without one both pages answer 404.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from assistant.models import CatalogueProduct
from assistant.search import search_products
from assistant.selectors import catalogue_for, published_edition, published_version
from assistant.themes import theme_name
from leuvenhelpt.pagecache import public_page

# The audience filter speaks Dutch in the address bar (?doelgroep=burgers), the catalogue its own codes.
AUDIENCE_SLUGS = {"burgers": "citizen", "ondernemingen": "business", "verenigingen": "association"}
AUDIENCE_NAMES = {
    "citizen": _("Citizens"),
    "business": _("Businesses"),
    "association": _("Associations"),
}
KIND_NAMES = {"obligation": _("Obligation"), "service": _("Service")}


class ProductFilterForm(forms.Form):
    """The list page's query string: ``q`` (search words), ``doelgroep`` and ``thema``."""

    q = forms.CharField(required=False, strip=True)
    doelgroep = forms.ChoiceField(required=False, choices=[(slug, slug) for slug in AUDIENCE_SLUGS])
    thema = forms.SlugField(required=False, max_length=40)

    def value(self, name: str) -> str:
        """The cleaned value, or empty when it is missing or invalid (a filter that makes no sense is ignored)."""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


@dataclass(frozen=True)
class ProductCard:
    key: str
    name: str
    summary: str
    kind: str
    lang: str = ""  # "nl" when the name is shown in Dutch in another language's page
    summary_lang: str = ""

    @property
    def kind_name(self) -> str:
        return str(KIND_NAMES.get(self.kind, self.kind))


@dataclass
class ThemeGroup:
    key: str
    name: str
    products: list[ProductCard]


def _list_url(*, q: str = "", audience: str = "", theme: str = "") -> str:
    params = {name: value for name, value in (("q", q), ("doelgroep", audience), ("thema", theme)) if value}
    url = reverse("assistant:product_list")
    return f"{url}?{urlencode(params)}" if params else url


def _card(row: CatalogueProduct, language: str) -> ProductCard:
    name_in, summary_in = row.shown_in("name", language), row.shown_in("summary", language)
    return ProductCard(
        key=row.key,
        name=row.name(language),
        summary=row.summary(language),
        kind=row.kind,
        lang=name_in if name_in != language else "",
        summary_lang=summary_in if summary_in != language else "",
    )


def _group_by_theme(rows: list[CatalogueProduct], language: str) -> list[ThemeGroup]:
    """Rows grouped by theme; the groups come in the order of their first row (best match or catalogue order)."""
    groups: dict[str, ThemeGroup] = {}
    for row in rows:
        group = groups.get(row.theme)
        if group is None:
            group = groups[row.theme] = ThemeGroup(row.theme, theme_name(row.theme), [])
        group.products.append(_card(row, language))
    return list(groups.values())


@require_GET
@public_page(vary=published_version)
def product_list(request):
    """Every product of the published edition, by theme; filtered by audience and theme, or searched."""
    ref = published_edition()
    if ref is None:
        raise Http404("no published catalogue")
    form = ProductFilterForm(request.GET)
    query, audience, theme = form.value("q"), form.value("doelgroep"), form.value("thema")
    language = translation.get_language() or "nl"
    # One query: the theme filter is applied here, so that the other themes can still be offered with their counts.
    rows = search_products(
        edition_id=ref.id, query=query, audience=AUDIENCE_SLUGS.get(audience), theme=None, language=language
    )
    first_position: dict[str, int] = {}
    counts: dict[str, int] = {}
    for row in rows:
        first_position[row.theme] = min(first_position.get(row.theme, row.position), row.position)
        counts[row.theme] = counts.get(row.theme, 0) + 1
    themes = [
        {
            "key": key,
            "name": theme_name(key),
            "count": counts[key],
            "url": _list_url(q=query, audience=audience, theme=key),
            "current": key == theme,
        }
        for key in sorted(counts, key=first_position.__getitem__)
    ]
    if theme:
        rows = [row for row in rows if row.theme == theme]
    audiences = [
        {"name": _("Everyone"), "url": _list_url(q=query, theme=theme), "current": not audience},
        *(
            {
                "name": AUDIENCE_NAMES[code],
                "url": _list_url(q=query, audience=slug, theme=theme),
                "current": slug == audience,
            }
            for slug, code in AUDIENCE_SLUGS.items()
        ),
    ]
    groups = _group_by_theme(rows, language)
    context = {
        "query": query,
        "audience": audience,
        "audience_name": AUDIENCE_NAMES[AUDIENCE_SLUGS[audience]] if audience else "",
        "theme": theme,
        "theme_name": theme_name(theme) if theme else "",
        "groups": groups,
        "catalogue_fallback": any(card.lang or card.summary_lang for group in groups for card in group.products),
        "count": len(rows),
        "themes": themes,
        "audiences": audiences,
        "all_themes_url": _list_url(q=query, audience=audience),
        "search_everywhere_url": _list_url(q=query),
        "clear_url": reverse("assistant:product_list"),
        "filtered": bool(query or audience or theme),
    }
    return render(request, "assistant/catalogue/product_list.html", context)


@require_GET
def product_detail(request, key: str):
    """One product of the published edition: what it is, what to do, who is responsible, where to get help."""
    ref = published_edition()
    if ref is None:
        raise Http404("no published catalogue")
    try:
        product = catalogue_for(ref).product(key)
    except KeyError:
        raise Http404("no such product") from None
    context = {
        "product": product,
        "kind_name": KIND_NAMES.get(product.kind, product.kind),
        "audience_names": [AUDIENCE_NAMES[audience] for audience in product.audiences],
        "theme_name": theme_name(product.theme),
        "theme_url": _list_url(theme=product.theme),
        "url_host": urlsplit(product.url).netloc.removeprefix("www.") if product.url else "",
        "help_route": product.effective_help_route,
    }
    return render(request, "assistant/catalogue/product_detail.html", context)
