from django.urls import path

from . import views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/figures/new/", views.observation_new, name="indicator-figure-new"),
    path("indicators/<int:pk>/targets/", views.targets_edit, name="indicator-targets"),
]
