from io import StringIO

from django.core.management import call_command

from actions.models import Action
from plans.models import Plan
from progress.models import ProgressUpdate


def test_it_generates_a_partnership_of_the_size_asked_for(db):
    out = StringIO()

    call_command("generate_partnership", plans=3, actions=120, updates=500, organisations=4, stdout=out)

    assert (Plan.objects.count(), Action.objects.count(), ProgressUpdate.objects.count()) == (3, 120, 500)
    assert not Action.objects.filter(owner_organisations=None).exists()
    assert "Generated 3 plans" in out.getvalue()
