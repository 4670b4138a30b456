"""How an import's messages name the people and moments in them, the same
in every message: "This import was confirmed on 3 March 2027 at 10:15 by Ada"."""

from django.utils import dateformat, timezone


def person(user) -> str:
    if user is None:
        return "someone who is no longer a user"
    return user.get_full_name() or user.get_username()


def moment(when) -> str:
    return dateformat.format(timezone.localtime(when), r"j F Y \a\t H:i")
