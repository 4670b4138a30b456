"""How the schema describes an API key (drf-spectacular finds this extension
by its target class once the module is imported: see ApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key an admin created for a partner's system: `Authorization: Bearer apt_…` "
            "(or the `X-API-Key` header). It reads what an officer of its organisation may read.",
        }
