using System.Text.Json.Serialization;
using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Delivery;
using DxTrack.Notifications.Reminders;
using Microsoft.Extensions.Options;

namespace DxTrack.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The Notifications service's own registrations: policy, planning, channels, scheduler.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReminderPolicyOptions>().BindConfiguration(ReminderPolicyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // A malformed mail connection string stops the start; a missing one leaves e-mails failing visibly.
        SmtpEmailSender.ServerUri(builder.Configuration.GetConnectionString(SmtpEmailSender.ConnectionName));

        services.AddSingleton(sp => new ReminderClock(sp.GetRequiredService<IOptions<ReminderPolicyOptions>>().Value));
        services.AddSingleton(sp => new ReminderPlanner(sp.GetRequiredService<ReminderClock>(),
            sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.SecretariatEmail));
        services.AddSingleton<ReminderBook>();
        services.AddSingleton<ReminderTexts>();

        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddSingleton<RecordingSmsProvider>();
        // The scheduler owns retries: a client that retried by itself could send one SMS twice.
#pragma warning disable EXTEXP0001 // the only way to take off the default resilience handler for one client
        services.AddHttpClient(HttpSmsProvider.ClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<HttpSmsProvider>();
        services.AddSingleton<ISmsProvider>(sp => sp.GetRequiredService<IOptions<SmsOptions>>().Value.Provider == SmsProviderKind.Http
            ? sp.GetRequiredService<HttpSmsProvider>()
            : sp.GetRequiredService<RecordingSmsProvider>());

        services.AddSingleton<ReminderSignal>();
        services.AddSingleton<DxTrack.Messaging.ICommitWatch, DueReminderWatch>();
        services.AddSingleton<DispatchContexts>();
        services.AddSingleton<ReminderDispatcher>();
        services.AddHostedService<ReminderScheduler>();
        services.AddHostedService<ConfigurationWarnings>();

        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }
}
