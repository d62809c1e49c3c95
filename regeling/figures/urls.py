"""Fixed paths per format and chart: a URL carries no free parameter (tests/security/test_side_doors.py)."""

from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.body, name="body"),
    path("landelijk/", views.national, name="national"),
]
for file_format in ("csv", "xlsx", "json"):
    urlpatterns += [
        path(f"download.{file_format}", views.body_download, {"file_format": file_format}, name=f"body_{file_format}"),
        path(
            f"landelijk/download.{file_format}",
            views.national_download,
            {"file_format": file_format},
            name=f"national_{file_format}",
        ),
    ]
for chart, slug in (("applications", "aanvragen"), ("amounts", "bedragen")):
    urlpatterns += [
        path(f"grafiek/{slug}.svg", views.body_chart, {"chart": chart}, name=f"body_chart_{chart}"),
        path(f"landelijk/grafiek/{slug}.svg", views.national_chart, {"chart": chart}, name=f"national_chart_{chart}"),
    ]
