using System.Security.Claims;
using System.Text.Json;
using DxTrack.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Messaging.Tests;

public sealed class AuditTests
{
    [Fact]
    public async Task Every_change_to_an_audited_entity_records_who_when_and_the_values_before_and_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync("audit");
        await using var vhost = await TestVirtualHost.CreateAsync("audit");
        await using var host = await MessagingHost.StartAsync(database, vhost, "audit");

        var http = host.Services.GetRequiredService<IHttpContextAccessor>();
        var request = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", "user-42"), new Claim("role", "secretariat"), new Claim("agency", "STTTT")], "test")),
        };
        request.Request.Method = "PUT";
        request.Request.Path = "/api/widgets/1";
        request.Request.Headers["X-Correlation-Id"] = "corr-1";
        http.HttpContext = request;

        var id = Guid.NewGuid();
        await host.WithDbAsync(async db =>
        {
            db.Widgets.Add(new Widget { Id = id, Name = "before" });
            return await db.SaveChangesAsync(ct);
        });
        await host.WithDbAsync(async db =>
        {
            var widget = await db.Widgets.SingleAsync(w => w.Id == id, ct);
            widget.Name = "after";
            return await db.SaveChangesAsync(ct);
        });
        http.HttpContext = null;

        var entries = await host.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Id).ToListAsync(ct));
        Assert.Equal(["Added", "Modified"], entries.Select(e => e.Change));
        var modified = entries[1];
        Assert.Equal(("user-42", "secretariat", "STTTT"), (modified.Actor, modified.Role, modified.AgencyCode));
        Assert.Equal(("Widget", id.ToString()), (modified.EntityType, modified.EntityId));
        Assert.Equal("PUT /api/widgets/1", modified.Operation);
        Assert.Equal("corr-1", modified.CorrelationId);
        Assert.Equal("before", JsonDocument.Parse(modified.Before!).RootElement.GetProperty("name").GetString());
        Assert.Equal("after", JsonDocument.Parse(modified.After!).RootElement.GetProperty("name").GetString());
        Assert.Null(entries[0].Before);
    }
}
