using Npgsql;

namespace DxTrack.Faults.Tests;

public sealed partial class FaultDrills
{
    static readonly string[] Databases = ["targetsdb", "submissionsdb", "notificationsdb", "gatewaydb"];

    /// <summary>
    /// Hundreds of malformed, oversized, wrongly typed or forbidden requests across every public endpoint,
    /// through the gateway: each is a 4xx application/problem+json, none a 5xx, and every table of every
    /// database has the same rows afterwards (row counts and a checksum of the rows).
    /// </summary>
    [Fact]
    public async Task Drill8_A_storm_of_bad_requests_gets_only_4xx_problems_and_changes_nothing()
    {
        var a = NewAgency("FSA");
        var b = NewAgency("FSB");
        await system.CreateAgencyAsync(a);
        await system.CreateAgencyAsync(b);
        var obligationA = (await system.OpenObligationsAsync(a, 1, LocalToday.AddDays(20))).Single();
        var obligationB = (await system.OpenObligationsAsync(b, 1, LocalToday.AddDays(20))).Single();
        await system.WaitForReplicasAsync([obligationA, obligationB]);
        using var reporterB = system.Client("reporter", b);
        var submitted = await Reply.SendAsync(reporterB, FaultSystem.Report(obligationB, Guid.NewGuid().ToString()));
        Assert.True(submitted.Code == 201, $"Setting up agency B's report: {submitted}");
        using var secretariat = system.Client("secretariat");
        var plan = await Reply.SendAsync(secretariat, new HttpRequestMessage(HttpMethod.Post, "/api/targets/plans")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { code = "KH-" + a, title = "Kế hoạch thử nghiệm", startYear = LocalToday.Year, endYear = LocalToday.Year }),
        });
        Assert.True(plan.Code == 201, $"Setting up a draft plan: {plan}");
        await WaitUntilAppliedAsync([obligationB]);
        await system.WaitForOutboxesAsync();

        var cases = BadInputCorpus.Build(new BadInputCorpus.Targets(a, b, obligationA, obligationB,
            Guid.Parse(submitted.Text("id")!), Guid.Parse(plan.Text("id")!)));
        var before = await SnapshotAsync();

        var clients = new Dictionary<string, HttpClient>();
        HttpClient ClientFor(BadInputCorpus.Case c)
        {
            var key = $"{c.Role}/{c.Agency}";
            if (!clients.TryGetValue(key, out var client))
                clients[key] = client = c.Role is null
                    ? new HttpClient { BaseAddress = system.Gateway.Url, Timeout = TimeSpan.FromSeconds(60) }
                    : system.Client(c.Role, c.Agency);
            return client;
        }

        var answers = new List<(BadInputCorpus.Case Case, Reply Reply)>();
        foreach (var c in cases) answers.Add((c, await Reply.SendAsync(ClientFor(c), c.ToRequest())));
        foreach (var client in clients.Values) client.Dispose();
        await system.WaitForOutboxesAsync();
        var after = await SnapshotAsync();

        var wrong = answers.Where(x => x.Reply.Code is < 400 or >= 500 || !x.Reply.IsProblem).ToList();
        var changed = before.Keys.Union(after.Keys)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "absent"} → {after.GetValueOrDefault(k) ?? "absent"}").ToList();
        var byStatus = string.Join(" ", answers.GroupBy(x => x.Reply.Code).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));

        DrillReport.Record(8, "Bad input storm through the gateway", wrong.Count == 0 && changed.Count == 0,
            ("requests", answers.Count), ("generated", cases.Count(c => c.Name.StartsWith("wrong kind"))),
            ("hand-written", cases.Count(c => !c.Name.StartsWith("wrong kind"))), ("4xx problem+json", answers.Count - wrong.Count),
            ("5xx", answers.Count(x => x.Reply.Code >= 500)), ("not problem+json", answers.Count(x => !x.Reply.IsProblem)),
            ("statuses", byStatus), ("tables compared", before.Count), ("tables changed", changed.Count));

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {answers.Count} bad requests were not answered 4xx problem+json:\n" +
            string.Join("\n", wrong.Take(25).Select(w => $"  [{w.Case.Name}] {w.Reply}")));
        Assert.True(changed.Count == 0, "Bad requests changed the databases:\n" + string.Join("\n", changed));
    }

    /// <summary>Every table of every database: its row count and an MD5 of its rows in a stable order.</summary>
    async Task<Dictionary<string, string>> SnapshotAsync()
    {
        var result = new Dictionary<string, string>();
        foreach (var database in Databases)
        {
            var tables = await system.ListAsync<string>(database,
                "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
            await using var conn = new NpgsqlConnection(system.Db(database));
            await conn.OpenAsync();
            foreach (var table in tables)
            {
                await using var cmd = new NpgsqlCommand(
                    $"SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM {table} t", conn);
                result[$"{database}.{table}"] = (string)(await cmd.ExecuteScalarAsync())!;
            }
        }
        return result;
    }
}
