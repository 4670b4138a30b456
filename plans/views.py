from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Plan


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.select_related("organisation").annotate(
        theme_count=Count("themes", distinct=True), action_count=Count("actions", distinct=True)
    )
    return render(request, "plans/home.html", {"plans": plans})
