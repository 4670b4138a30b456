"""Who reads what through the API: one function per resource, each taking the
request and answering the objects its reader may read, from the same rules
the pages use. Every view's queryset starts here, so no endpoint can return
an object its caller could not open as a page.

The reader is `request.user` (a signed-in session) or nobody (anonymous).
API keys (api/authentication.py: `request.auth` is the key) extend
`reader_plans`, `reader_user` and `reader_sees_names`: every other
function reads the plans through
`reader_plans`, so a key's scope narrows every resource at once."""

from django.db.models import Q, QuerySet

from actions.models import Action, Indicator
from indicators.models import Observation
from indicators.rules import readable_indicators
from plans.models import Organisation, Plan, Theme
from progress.models import ProgressUpdate

from .keys_access import key_officer, key_plans
from .models import ApiKey


def published_plans() -> QuerySet:
    """What the public pages show (`Plan.objects.published()`)."""
    return Plan.objects.published()


def is_signed_in(request) -> bool:
    return bool(request.user and request.user.is_authenticated)


def reader_plans(request) -> QuerySet:
    """The plans the reader may read: those a signed-in user may open as pages,
    an API key's (what an officer of its organisation reads, narrowed to its
    plans if it has any: api/keys_access.py), or, for an anonymous caller, the
    published plans the public pages show."""
    if isinstance(getattr(request, "auth", None), ApiKey):
        return key_plans(request.auth)
    if is_signed_in(request):
        return Plan.objects.visible_to(request.user)
    return published_plans()


def reader_user(request):
    """The user whose rules a FilterSet or rule applies for this reader (e.g.
    ActionFilter's `user`): for an API key, a stand-in officer of its
    organisation (never saved); otherwise request.user."""
    if isinstance(getattr(request, "auth", None), ApiKey):
        return key_officer(request.auth)
    return request.user


def reader_sees_names(request) -> bool:
    """Whether people's names (an update's author) are shown: to signed-in
    readers, as the action page shows them; never to anonymous callers."""
    return is_signed_in(request)


def plans(request) -> QuerySet:
    return reader_plans(request)


def organisations(request) -> QuerySet:
    """The organisations a readable plan names: its owner, its partnership,
    or an owner of one of its actions."""
    readable = reader_plans(request).values("pk")
    named = Q(plans__in=readable) | Q(partnership_plans__in=readable) | Q(owned_actions__plan__in=readable)
    return Organisation.objects.filter(pk__in=Organisation.objects.filter(named).values("pk"))


def themes(request) -> QuerySet:
    return Theme.objects.filter(plan__in=reader_plans(request).values("pk"))


def actions(request) -> QuerySet:
    return Action.objects.filter(plan__in=reader_plans(request).values("pk"))


def progress_updates(request) -> QuerySet:
    """Approved updates only, for every reader: what counts and what the
    public pages show. Updates awaiting approval stay on the pages."""
    return ProgressUpdate.objects.filter(
        state=ProgressUpdate.State.APPROVED, action__plan__in=reader_plans(request).values("pk")
    )


def indicators(request) -> QuerySet:
    """A signed-in person's indicators are the indicator pages' (readable_indicators);
    any other reader's (anonymous, or a key: `request.auth` set), those a plan
    it reads works towards."""
    if is_signed_in(request) and getattr(request, "auth", None) is None:
        return readable_indicators(request.user, Indicator.objects.all())
    plans = reader_plans(request).values("pk")
    towards = Indicator.objects.filter(Q(actions__plan__in=plans) | Q(themes__plan__in=plans))
    return Indicator.objects.filter(pk__in=towards.values("pk"))


def observations(request) -> QuerySet:
    """The figures of the indicators the reader may read."""
    return Observation.objects.filter(indicator__in=indicators(request).values("pk"))
