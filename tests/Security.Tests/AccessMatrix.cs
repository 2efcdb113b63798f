using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Security.Tests;

/// <summary>
/// Every endpoint of every service and the policy that must guard it. Add a line when a service
/// gains an endpoint; <see cref="AuthorizationMatrixTests.Every_api_route_a_service_maps_is_in_the_matrix"/>
/// fails until it is here.
/// </summary>
public static class AccessMatrix
{
    const string Admin = DxPolicies.Admin, Secretariat = DxPolicies.Secretariat,
        Reporter = DxPolicies.Reporter, Reader = DxPolicies.Reader;

    public static readonly AccessRule[] Rules =
    [
        // Targets: the plan. Everyone reads; the secretariat changes. The agency directory is the plan's too,
        // but an agency's contacts are its own: a reporter reads only its own agency (another's contacts are
        // left out of the list, AgencyIsolationTests).
        new("targets", "GET", "/api/targets/agencies", Reader),
        new("targets", "GET", "/api/targets/agencies/{agency}", Reader, AgencyScope.Path),
        new("targets", "POST", "/api/targets/agencies", Secretariat),
        new("targets", "PUT", "/api/targets/agencies/{agency}", Secretariat),
        new("targets", "POST", "/api/targets/agencies/{agency}/deactivate", Secretariat),
        new("targets", "GET", "/api/targets/obligations", Reader, AgencyScope.Query),
        new("targets", "GET", "/api/targets/obligations/{id}", Reader),
        new("targets", "POST", "/api/targets/obligations", Secretariat),
        new("targets", "GET", "/api/targets/plans", Reader),
        new("targets", "GET", "/api/targets/plans/{id}", Reader),
        new("targets", "POST", "/api/targets/plans", Secretariat),
        new("targets", "PUT", "/api/targets/plans/{id}", Secretariat),
        new("targets", "POST", "/api/targets/plans/{id}/consultation", Secretariat),
        new("targets", "POST", "/api/targets/plans/{id}/approve", Secretariat),
        new("targets", "POST", "/api/targets/plans/{id}/revisions", Secretariat),
        new("targets", "GET", "/api/targets/pillars", Reader),
        new("targets", "POST", "/api/targets/plans/{id}/indicators", Secretariat),
        new("targets", "GET", "/api/targets/indicators", Reader),
        new("targets", "GET", "/api/targets/indicators/{id}", Reader),
        new("targets", "GET", "/api/targets/indicators/{id}/values", Reader),
        new("targets", "PUT", "/api/targets/indicators/{id}", Secretariat),
        new("targets", "POST", "/api/targets/plans/{id}/tasks", Secretariat),
        new("targets", "GET", "/api/targets/tasks", Reader),
        new("targets", "GET", "/api/targets/tasks/{id}", Reader),
        new("targets", "PUT", "/api/targets/tasks/{id}", Secretariat),
        new("targets", "PUT", "/api/targets/tasks/{id}/due-date", Secretariat),
        new("targets", "GET", "/api/dashboard/summary", Reader),
        new("targets", "GET", "/api/dashboard/agencies", Reader),
        new("targets", "GET", "/api/dashboard/indicators", Reader),
        new("targets", "GET", "/api/dashboard/overview", Reader),
        new("targets", "GET", "/api/dashboard/overview/export", Reader),
        new("targets", "GET", "/api/dashboard/indicators/{id}", Reader),
        new("targets", "GET", "/api/dashboard/indicators/{id}/export", Reader),
        new("targets", "GET", "/api/dashboard/agencies/{agency}", Reader, AgencyScope.Path),
        new("targets", "GET", "/api/dashboard/agencies/{agency}/export", Reader, AgencyScope.Path),
        new("targets", "GET", "/api/targets/audit", Admin),
        new("targets", "GET", "/api/targets/audit/verify", Admin),

        // Submissions: reporters report for their agency; the secretariat reviews.
        new("submissions", "POST", "/api/submissions", Reporter),
        new("submissions", "POST", "/api/submissions/{id}/revisions", Reporter),
        new("submissions", "GET", "/api/submissions", Reader, AgencyScope.Query),
        new("submissions", "GET", "/api/submissions/{id}", Reader),
        new("submissions", "GET", "/api/submissions/{id}/diff", Reader),
        new("submissions", "POST", "/api/submissions/{id}/accept", Secretariat),
        new("submissions", "POST", "/api/submissions/{id}/return", Secretariat),
        new("submissions", "GET", "/api/submissions/compliance", Reader, AgencyScope.Query),
        new("submissions", "GET", "/api/submissions/audit", Admin),
        new("submissions", "GET", "/api/submissions/audit/verify", Admin),

        // Notifications: an agency sees its own reminders and contacts, the committee every obligation's;
        // operators see deliveries.
        new("notifications", "GET", "/api/notifications/obligations/{id}", Reader),
        new("notifications", "GET", "/api/notifications/reminders", Secretariat),
        new("notifications", "GET", "/api/notifications/deliveries", Secretariat),
        new("notifications", "GET", "/api/notifications/agencies/{agency}/contacts", Reporter, AgencyScope.Path),
        new("notifications", "PUT", "/api/notifications/agencies/{agency}/contacts/preferences", Reporter, AgencyScope.Path),
        new("notifications", "PUT", "/api/notifications/agencies/{agency}/preferences", Admin, AgencyScope.Path),
        new("notifications", "GET", "/api/notifications/audit", Admin),
        new("notifications", "GET", "/api/notifications/audit/verify", Admin),

        // The gateway's own API: operators manage agencies' API keys and read the gateway's audit trail.
        new("gateway", "POST", "/api/gateway/api-keys", Admin),
        new("gateway", "GET", "/api/gateway/api-keys", Admin),
        new("gateway", "GET", "/api/gateway/api-keys/{id}", Admin),
        new("gateway", "DELETE", "/api/gateway/api-keys/{id}", Admin),
        new("gateway", "GET", "/api/gateway/audit", Admin),
        new("gateway", "GET", "/api/gateway/audit/verify", Admin),
    ];
}
