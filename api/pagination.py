"""Pages of every list. Page numbers for lists that change little (plans,
actions, indicators); a cursor for the two that grow fastest (progress
updates and observations), so that a sync reading page after page neither
skips nor repeats a row when new ones arrive. Ordering always ends with the
primary key, so a page holds the same rows whatever its size."""

from rest_framework.pagination import CursorPagination, PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class PageNumbers(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class Cursor(CursorPagination):
    """Oldest first by id: ids only grow, so new rows come at the end."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("pk",)
