from django import template

from imports.owner_views import owners_preview as preview_of

register = template.Library()


@register.simple_tag
def owners_preview(record):
    """The owners of an import's preview (see imports.owner_views.owners_preview), or None."""
    return preview_of(record)
