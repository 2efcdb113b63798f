using System.Net;
using System.Text;
using DxTrack.ServiceDefaults.Security;

namespace DxTrack.Security.Tests;

/// <summary>
/// Every endpoint × every role × own or other agency, against each service directly: the gateway is one
/// line of defence, each service is the other. A rule for a route its service does not map fails, and the
/// last test fails for any mapped route the matrix does not know.
/// </summary>
[Collection(ServiceHosts.Collection)]
public sealed class AuthorizationMatrixTests(ServiceHosts hosts)
{
    const string Anonymous = "anonymous", OtherReporter = "reporter-of-another-agency";

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var rule in AccessMatrix.Rules)
        {
            foreach (var caller in new[] { Anonymous }.Concat(DxRoles.All))
                cases.Add($"{rule.Key} as {caller}");
            if (rule.Scope != AgencyScope.None) cases.Add($"{rule.Key} as {OtherReporter}");
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_endpoint_answers_each_caller_as_its_policy_says(string @case)
    {
        var key = @case[..@case.LastIndexOf(" as ", StringComparison.Ordinal)];
        var caller = @case[(key.Length + 4)..];
        var rule = AccessMatrix.Rules.Single(r => r.Key == key);
        if (!hosts.Routes(rule.Service).Contains($"{rule.Method} {ServiceHosts.Normalize(rule.Path)}"))
            Assert.Fail($"{rule.Service} no longer maps {rule.Key}: remove or correct its line in AccessMatrix.Rules.");

        var role = caller switch { Anonymous => null, OtherReporter => DxRoles.Reporter, _ => caller };
        // Deactivation is final, and the collection's other classes need the own agency active: an allowed
        // caller deactivates an agency nobody has (404), which still proves the policy let it through.
        var agency = caller == OtherReporter ? ServiceHosts.OtherAgency
            : rule.Path.EndsWith("/deactivate", StringComparison.Ordinal) ? "NONE" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()
            : ServiceHosts.OwnAgency;
        var path = rule.Path.Replace("{id}", Guid.NewGuid().ToString()).Replace("{agency}", agency);
        if (rule.Scope == AgencyScope.Query) path += "?agency=" + agency;
        var request = new HttpRequestMessage(new HttpMethod(rule.Method), path);
        if (rule.Method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        var client = hosts.Client(rule.Service, role, role == DxRoles.Reporter ? ServiceHosts.OwnAgency : null);
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        var seen = $"{@case}: got {status} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}";

        if (role is null)
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, seen);
        else if (!AccessRule.RolesOf(rule.Policy).Contains(role))
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, seen);
        else if (caller == OtherReporter)
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, seen);
        else
            Assert.True(status is not (401 or 403) && status < 500, seen);
    }

    [Fact]
    public void Every_api_route_a_service_maps_is_in_the_matrix()
    {
        var known = AccessMatrix.Rules.Select(r => $"{r.Method} {ServiceHosts.Normalize(r.Path)}").ToHashSet();
        var missing = ServiceHosts.Services
            .SelectMany(s => hosts.Routes(s).Where(r => !known.Contains(r)).Select(r => $"{s}: {r}"))
            .ToList();

        Assert.True(missing.Count == 0, "Routes without a line in AccessMatrix:\n" + string.Join("\n", missing));
    }
}
