from .import_urls import urlpatterns as import_urlpatterns
from .page_urls import urlpatterns as page_urlpatterns

urlpatterns = import_urlpatterns + page_urlpatterns
