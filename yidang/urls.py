from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from yidang.accounts import views as accounts_views
from yidang.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("search/", core_views.global_search, name="search"),
    path("login/", accounts_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("yidang.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("places/", include("yidang.places.urls")),
    path("households/", include("yidang.households.urls")),
    path("imports/", include("yidang.imports.urls")),
    path("archive/", include("yidang.archive.urls")),
    path("shelving/", include("yidang.shelving.urls")),
    path("timeline/", include("yidang.timeline.urls")),
    path("access/", include("yidang.access.urls")),
    path("usage/", include("yidang.usage.urls")),
    path("audit/", include("yidang.audit.urls")),
    path("loans/", include("yidang.loans.urls")),
    path("service/", include("yidang.service.urls")),
    path("notifications/", include("yidang.notifications.urls")),
    path("retention/", include("yidang.retention.urls")),
    path("backups/", include("yidang.backups.urls")),
    path("inspections/", include("yidang.inspections.urls")),
    path("transfers/", include("yidang.transfers.urls")),
    path("incidents/", include("yidang.incidents.urls")),
    path("stocktake/", include("yidang.stocktake.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("yidang.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
