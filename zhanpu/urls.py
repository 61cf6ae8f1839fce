from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from registry import views as registry_views
from zhanpu import drafts

urlpatterns = [
    path("", registry_views.home, name="home"),
    path("healthz", registry_views.healthz, name="healthz"),
    path("accounts/login/", registry_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/csrf-token/", drafts.csrf_token, name="csrf_token"),  # for static/js/drafts.js
    path("i18n/setlang/", registry_views.choose_language, name="set_language"),
    path("org/", include("registry.urls")),
    path("children/", include("cases.urls")),
    path("visits/", include("visits.urls")),
    path("hotline/", include("hotline.urls")),
    path("audit/", include("audit.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "湛普镇未成年人保护工作平台"
admin.site.site_title = "湛普镇未成年人保护"
admin.site.index_title = "系统配置"

if settings.DEBUG:  # pragma: no cover - local error-page preview only
    from django.views.defaults import permission_denied

    urlpatterns.append(path("__403/", permission_denied, {"exception": None}))
