using DxTrack.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DxTrack.Messaging;

/// <summary>The one way a DxTrack service joins the bus.</summary>
public static class MessagingRegistration
{
    /// <summary>Connection string name of the RabbitMQ broker in every mode.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// Call after <see cref="DatabaseRegistration.AddDxDatabase{TDb}"/>.
    /// MassTransit over RabbitMQ with this service's outbox dispatcher and consumer policies.
    /// Queues are named <c>{service}-{consumer}</c>, so two services consuming the same event each
    /// get their own copy, and failed messages land in <c>{queue}_error</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDxMessaging<TDb>(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? consumers = null)
        where TDb : DbContext, IMessagingDbContext
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OutboxOptions>().BindConfiguration("Messaging:Outbox").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration("Messaging").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OutboxSignal>();

        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
                               ?? throw new InvalidOperationException(
                                   $"Connection string '{ConnectionName}' (RabbitMQ, amqp://user:pass@host:port/vhost) is missing.");
        var broker = new Uri(connectionString);

        services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            // MassTransit tags its bus check "ready"; a broker outage must not take a copy out of routing.
            x.ConfigureHealthCheckOptions(o => { o.Tags.Clear(); o.Tags.Add("broker"); });
            consumers?.Invoke(x);

            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var policy = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                // The only redelivery there is (see MessagingOptions): after the last try, {queue}_error.
                endpoint.UseMessageRetry(r => r.Exponential(policy.RetryLimit, policy.RetryMinInterval,
                    policy.RetryMaxInterval, MessagingOptions.RetryIntervalDelta));
            });

            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker, h =>
                {
                    var userInfo = broker.UserInfo.Split(':', 2);
                    if (userInfo.Length == 2)
                    {
                        h.Username(Uri.UnescapeDataString(userInfo[0]));
                        h.Password(Uri.UnescapeDataString(userInfo[1]));
                    }
                    h.PublisherConfirmation = true;
                });
                BrokerReconnect.Apply(cfg);
                // Every endpoint's default; a batch consumer's endpoint raises its own to a batch's worth for each
                // batch it applies at once.
                var policy = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                cfg.PrefetchCount = policy.PrefetchCount;
                // A copy that only answers reads (Messaging:Consume=false) takes nothing from its service's queues.
                if (policy.Consume) cfg.ConfigureEndpoints(context);
            });
        });

        // After the bus: hosted services start in order, and the bus (with this service's queues)
        // must be up before the dispatcher publishes anything.
        services.AddHostedService<OutboxDispatcher<TDb>>();
        services.AddSingleton<OutboxDispatcher<TDb>>(sp =>
            sp.GetServices<IHostedService>().OfType<OutboxDispatcher<TDb>>().Single());

        // Start-up waits for the bus so consumers' queues exist before anything is published.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromMinutes(2);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        return builder;
    }

    /// <summary>
    /// Adds a consumer of <see cref="Batch{T}"/> (an <see cref="Inbox.IdempotentBatchConsumer{TMessage,TDb}"/>) with the
    /// batch policy of <see cref="MessagingOptions"/>: its endpoint prefetches enough for every batch it applies at once.
    /// </summary>
    public static void AddBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>((context, consumer) =>
        {
            var policy = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
            consumer.Options<BatchOptions>(o => o.SetMessageLimit(policy.BatchMessageLimit)
                .SetTimeLimit(policy.BatchTimeLimit).SetConcurrencyLimit(policy.BatchConcurrencyLimit));
        });
}
