import datetime

from django import forms

from core.forms import GovukDateField

from .models import COMMENTARY_MAX_LENGTH


class CommentaryForm(forms.Form):
    board_on = GovukDateField(
        label="Board date",
        help_text="The commentary prints at the top of the board report for this meeting. For example, 10 12 2026",
    )
    text = forms.CharField(
        label="Chair's commentary",
        required=False,
        max_length=COMMENTARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"A few sentences for the board, up to {COMMENTARY_MAX_LENGTH:,} characters. "
        "Leave it empty to take the commentary away.",
        error_messages={
            "max_length": "The commentary can be %(limit_value)s characters at most (it has %(show_value)s)"
        },
    )

    def __init__(self, *args, next_board: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_board:
            self.fields["board_on"].initial = next_board
