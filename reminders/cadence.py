"""When a repeating reminder is worth sending again: shared by the late-update
reminders and the approval reminders, so both catch up on a missed day alike."""


def latest_step(waited: int, *, first: int, every: int) -> int | None:
    """The latest occasion reached after waiting `waited` days, when the first
    is on day `first` and the rest every `every` days after it; None before the first."""
    if waited < first:
        return None
    return first + (waited - first) // every * every
