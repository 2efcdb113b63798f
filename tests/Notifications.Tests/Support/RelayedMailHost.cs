using DxTrack.TestSupport;
using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>
/// The service sending its mail through a relay the tests can turn into a mail server that is down, with its
/// SMTP sender observed; three attempts per reminder.
/// </summary>
public sealed class RelayedMailHost : NotificationsHost
{
    TcpRelay? _relay;

    public TcpRelay Relay => _relay!;

    public ObservedEmailSender Sender => Factory.Services.GetRequiredService<ObservedEmailSender>();

    public ReminderDispatcher Dispatcher => Factory.Services.GetRequiredService<ReminderDispatcher>();

    protected override void Configure(IDictionary<string, string?> settings)
    {
        _relay ??= new TcpRelay(Mail.SmtpPort);
        settings["ConnectionStrings:mail"] = $"smtp://127.0.0.1:{_relay.Port}";
        settings["Notifications:Policy:MaxAttempts"] = "3";
        settings["Notifications:Policy:RetryDelay"] = "00:01:00";
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IEmailSender>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<ObservedEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<ObservedEmailSender>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_relay is not null) await _relay.DisposeAsync();
    }
}
