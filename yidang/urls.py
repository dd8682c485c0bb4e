from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from yidang.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("search/", core_views.global_search, name="search"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("places/", include("yidang.places.urls")),
    path("households/", include("yidang.households.urls")),
    path("imports/", include("yidang.imports.urls")),
    path("archive/", include("yidang.archive.urls")),
    path("shelving/", include("yidang.shelving.urls")),
    path("timeline/", include("yidang.timeline.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("yidang.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
