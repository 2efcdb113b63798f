using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;
using System.Text;

namespace DxTrack.AppHost.Infrastructure.Local;

/// <summary>
/// <c>local</c> mode: PostgreSQL, RabbitMQ, Redis and maildev from the operating system, run by the
/// AppHost as executables (their logs in the dashboard, stopped with the AppHost). Every port is chosen
/// at start and not proxied, so nothing clashes with system-wide servers or another run; data lives
/// under <see cref="DxSettings.DataDirectory"/>. Each server has a health check so that
/// <c>WaitFor</c> means ready. <c>scripts/prereqs.sh</c> installs the packages.
/// </summary>
public static class LocalServers
{
    public static DxPostgres AddPostgres(IDistributedApplicationBuilder builder, string name)
    {
        // Set again at every start by the wrapper script, so a changed or regenerated value just works.
        var password = builder.AddParameter($"{name}-password",
            new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
        var dataRoot = builder.DataDirectory();
        var server = new LocalPostgresResource(name, "bash", dataRoot, password.Resource);
        var serverBuilder = builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(Path.Combine(builder.AppHostDirectory, "local", "postgres.sh"),
                Path.Combine(dataRoot, name),
                server.Endpoint.Property(EndpointProperty.TargetPort))
            .WithEnvironment("DXTRACK_PG_PASSWORD", password)
            .WithIconName("Database");
        CreateFolderBeforeStart(builder, server, dataRoot);

        var check = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, async ct =>
            await ServerProbes.PostgresAsync(await ConnectionStringAsync(server, ct), ct));
        serverBuilder.WithHealthCheck(check);

        // Like Aspire's container PostgreSQL: the databases exist once the server is ready.
        serverBuilder.OnResourceReady(async (_, e, ct) =>
        {
            await ServerProbes.CreateDatabasesAsync(await ConnectionStringAsync(server, ct), server.Databases.Values, ct);
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<LocalPostgresDatabaseResource>().Where(d => d.Parent == server))
                await notifications.PublishUpdateAsync(database, s => s with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
        });

        return new DxPostgres(serverBuilder, databaseName =>
        {
            var database = new LocalPostgresDatabaseResource(databaseName, databaseName, server);
            server.Databases[databaseName] = databaseName;
            var databaseCheck = $"{databaseName}_check";
            builder.Services.AddHealthChecks().AddAsyncCheck(databaseCheck, async ct =>
                await ServerProbes.PostgresDatabaseAsync(await ConnectionStringAsync(server, ct), databaseName, ct));
            return builder.AddResource(database)
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "PostgresDatabase",
                    State = KnownResourceStates.NotStarted,
                    Properties = [],
                })
                .WithHealthCheck(databaseCheck);
        });
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(IDistributedApplicationBuilder builder, string name)
    {
        var folder = Path.Combine(builder.DataDirectory(), name);
        var rabbit = new LocalRabbitMQResource(name, "/usr/lib/rabbitmq/bin/rabbitmq-server", folder);
        var rabbitBuilder = builder.AddResource(rabbit)
            .WithEndpoint(name: LocalRabbitMQResource.AmqpEndpointName, scheme: "tcp", isProxied: false)
            .WithEndpoint(name: LocalRabbitMQResource.DistributionEndpointName, scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(name: LocalRabbitMQResource.ManagementEndpointName, isProxied: false)
            .WithUrlForEndpoint(LocalRabbitMQResource.ManagementEndpointName, url => url.DisplayText = "Management UI (guest/guest)")
            .WithIconName("Mail")
            // /usr/lib/rabbitmq/bin/rabbitmq-server (not /usr/sbin/…) runs in the foreground as the
            // calling user; everything it writes is under the folder. The node name is derived from the
            // folder: stable across runs (so mnesia keeps its queues) and unique per data folder.
            .WithEnvironment("HOME", Path.Combine(folder, "home"))
            .WithEnvironment("RABBITMQ_NODENAME", $"dxtrack-{ShortHash(folder)}@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", rabbit.Amqp.Property(EndpointProperty.TargetPort))
            .WithEnvironment("RABBITMQ_DIST_PORT", rabbit.Distribution.Property(EndpointProperty.TargetPort))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(folder, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(folder, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(folder, "enabled_plugins"))
            .WithEnvironment("ERL_CRASH_DUMP", Path.Combine(folder, "log", "erl_crash.dump"))
            .WithEnvironment(context => context.EnvironmentVariables["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] =
                ReferenceExpression.Create(
                    $"-rabbitmq_management listener [{{port,{rabbit.Management.Property(EndpointProperty.TargetPort)}}},{{ip,\"127.0.0.1\"}}] -kernel inet_dist_use_interface {{127,0,0,1}}"));
        CreateFolderBeforeStart(builder, rabbit, folder, () =>
        {
            Directory.CreateDirectory(Path.Combine(folder, "home"));
            Directory.CreateDirectory(Path.Combine(folder, "mnesia"));
            Directory.CreateDirectory(Path.Combine(folder, "log"));
            // The shovel plugins give the management UI its "Move messages": how an operator puts a parked message back.
            File.WriteAllText(Path.Combine(folder, "enabled_plugins"),
                "[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].\n");
        });

        var check = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, ct =>
            ServerProbes.RabbitMQAsync("127.0.0.1", rabbit.Amqp.Port, new Uri(rabbit.Management.Url), ct));
        return rabbitBuilder.WithHealthCheck(check);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddRedis(IDistributedApplicationBuilder builder, string name)
    {
        var folder = Path.Combine(builder.DataDirectory(), name);
        var redis = new LocalRedisResource(name, "redis-server", folder);
        var redisBuilder = builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs("--port", redis.Endpoint.Property(EndpointProperty.TargetPort),
                // The append-only file keeps the cache across restarts; without snapshots a stop never has to write
                // one, and a Redis whose folder is gone (a test's, removed as it stops) still exits when told to.
                "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--save", "")
            .WithIconName("Memory");
        CreateFolderBeforeStart(builder, redis, folder);

        var check = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, ct =>
            ServerProbes.RedisAsync("127.0.0.1", redis.Endpoint.Port, ct));
        return redisBuilder.WithHealthCheck(check);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddMailDev(IDistributedApplicationBuilder builder, string name)
    {
        var folder = Path.Combine(builder.DataDirectory(), name);
        var mail = new LocalMailDevResource(name, "maildev", folder);
        var mailBuilder = builder.AddResource(mail)
            .WithEndpoint(name: LocalMailDevResource.SmtpEndpointName, scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(targetPort: builder.MailUiPort(), name: LocalMailDevResource.WebEndpointName, isProxied: false)
            .WithUrlForEndpoint(LocalMailDevResource.WebEndpointName, url => url.DisplayText = "Mail UI")
            .WithArgs("--smtp", mail.Smtp.Property(EndpointProperty.TargetPort),
                "--web", mail.Web.Property(EndpointProperty.TargetPort),
                "--ip", "127.0.0.1", "--web-ip", "127.0.0.1",
                "--mail-directory", Path.Combine(folder, "messages"))
            .WithIconName("MailInbox");
        CreateFolderBeforeStart(builder, mail, folder);

        var check = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, ct =>
            ServerProbes.SmtpAsync("127.0.0.1", mail.Smtp.Port, ct));
        return mailBuilder.WithHealthCheck(check);
    }

    static async Task<string> ConnectionStringAsync(IResourceWithConnectionString resource, CancellationToken ct) =>
        await resource.ConnectionStringExpression.GetValueAsync(ct)
        ?? throw new InvalidOperationException($"{resource.Name} has no connection string yet.");

    // Folders are made when the server starts, not when the model is built: building the model
    // (as the AppHost tests do) leaves no trace.
    static void CreateFolderBeforeStart(IDistributedApplicationBuilder builder, IResource resource, string folder, Action? more = null) =>
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, (_, _) =>
        {
            Directory.CreateDirectory(folder);
            more?.Invoke();
            return Task.CompletedTask;
        });

    static string ShortHash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];
}
