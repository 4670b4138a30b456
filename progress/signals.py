"""Every write to a progress update, wherever it comes from (a form, the
admin, a deletion), refreshes its action's summary of the latest update.
Bulk writes (imports, generated data) refresh the summary themselves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from actions.models import Action

from .models import ProgressUpdate


@receiver(post_save, sender=ProgressUpdate)
@receiver(post_delete, sender=ProgressUpdate)
def refresh_the_actions_summary(sender, instance: ProgressUpdate, raw: bool = False, **kwargs) -> None:
    if raw:
        return  # fixtures carry the summary themselves
    Action.objects.filter(pk=instance.action_id).refresh_progress_summary()
