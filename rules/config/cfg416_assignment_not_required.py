from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import ROLE_CLOUDS
from samlscope.facts.idps import ENTRA
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

_SETTING = ENTRA.settings["assignment_required"]
_ASSIGN = ENTRA.settings["assignment"]


class AssignmentNotRequired(ConfigRule):
    """CFG416 assignment-not-required

    ## What it checks
    For each Entra service principal given (`az ad sp show`, Graph
    `/servicePrincipals/{id}`): whether `appRoleAssignmentRequired` is false.

    ## Why it breaks the login
    Without "Assignment required?", every user of the tenant can start the sign-in, and Entra
    issues a response even for users assigned to no app role. Such a response carries no
    Role attribute (or only the default `msiam_access`), so Alibaba Cloud and AWS refuse it:
    the login fails for those users with an error at the cloud rather than a clear "not
    assigned" at Entra (AADSTS50105). Sources: Microsoft, "Manage users and groups assignment
    to an application"
    (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/assign-user-or-group-access-portal)
    and Microsoft Graph, "servicePrincipal resource type"
    (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal).

    ## Example
    `"appRoleAssignmentRequired": false` on the AWS Single-Account Access service principal.

    ## How to fix
    In Entra admin center > Enterprise applications > the app > Properties, set "Assignment
    required?" to Yes, and assign each user or group an app role under Users and groups.
    """

    code = "CFG416"
    name = "assignment-not-required"
    severity = Severity.WARNING
    fix = f"Set it to Yes ({_SETTING}) and assign app roles ({_ASSIGN})."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for app in cctx.config.apps:
            if app.assignment_required is not False:
                continue
            result = (
                "users assigned to no app role get a response without a Role, which the cloud "
                "refuses"
                if app.cloud in ROLE_CLOUDS
                else "users the SP does not know get a response it refuses"
            )
            yield self.finding(
                f"{app.name or 'The Entra application'} ({app.source}) does not require "
                f"assignment: every user of the tenant can start the sign-in, and {result}, "
                "instead of Entra's clear 'not assigned' (AADSTS50105).",
                evidence={
                    "source": app.source,
                    "app": app.name,
                    "appRoleAssignmentRequired": False,
                },
            )
