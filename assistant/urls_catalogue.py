from django.urls import path

from assistant import views_catalogue

urlpatterns = [
    path("", views_catalogue.product_list, name="product_list"),
    path("<slug:key>/", views_catalogue.product_detail, name="product_detail"),
]
