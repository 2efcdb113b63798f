using System.Net;
using System.Security.Cryptography;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Submissions.Tests;

/// <summary>Instances of the service that start at the same moment, as a scaled-out deployment's do.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Instances_started_together_on_a_database_not_yet_created_all_start_and_apply_the_migrations_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.ReserveAsync("startup");
        await using var broker = await TestVirtualHost.CreateAsync("startup");
        Assert.False(await database.ExistsAsync());
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var instances = Enumerable.Range(0, 3).Select(_ => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:submissionsdb", database.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", broker.AmqpUri);
            web.UseSetting("Auth:SigningKey", signingKey);
        })).ToList();
        try
        {
            // Each starts on a thread of its own, as separate processes would: creating the database, migrating it.
            await Task.WhenAll(instances.Select(instance => Task.Run(() => instance.Server, ct)));

            foreach (var instance in instances)
            {
                using var client = instance.CreateClient();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", ct)).StatusCode);
            }
            await using var scope = instances[0].Services.CreateAsyncScope();
            var migrations = scope.ServiceProvider.GetRequiredService<SubmissionsDb>().Database.GetMigrations().ToList();
            Assert.NotEmpty(migrations);
            Assert.Equal(migrations.Count, await database.ScalarAsync<int>("SELECT count(*) FROM __ef_migrations_history"));
        }
        finally
        {
            foreach (var instance in instances) await instance.DisposeAsync();
        }
    }
}
