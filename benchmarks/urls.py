"""The project's URLs plus the benchmark views under /bench/."""

from django.urls import include, path

from .views import urlpatterns as bench_urlpatterns

urlpatterns = [*bench_urlpatterns, path("", include("config.urls"))]
