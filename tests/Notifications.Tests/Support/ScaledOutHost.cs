using DxTrack.Notifications.Delivery;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>Two instances of the service on one database, broker and mail server, claiming small batches.</summary>
public sealed class ScaledOutHost : NotificationsHost
{
    public WebApplicationFactory<Program> Second { get; private set; } = null!;

    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["Notifications:Scheduler:BatchSize"] = "4";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Second = CreateFactory();
        _ = Second.Server;
    }

    public ReminderDispatcher FirstDispatcher => Factory.Services.GetRequiredService<ReminderDispatcher>();
    public ReminderDispatcher SecondDispatcher => Second.Services.GetRequiredService<ReminderDispatcher>();

    public override async ValueTask DisposeAsync()
    {
        if (Second is not null) await Second.DisposeAsync();
        await base.DisposeAsync();
    }
}
