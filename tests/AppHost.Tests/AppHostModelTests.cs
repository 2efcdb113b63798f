using Aspire.Hosting.ApplicationModel;
using DxTrack.AppHost.Infrastructure.Containers;
using DxTrack.AppHost.Infrastructure.Local;

namespace DxTrack.AppHost.Tests;

/// <summary>
/// What the AppHost declares, in each mode. Nothing is started: these read the application model.
/// </summary>
public sealed class AppHostModelTests
{
    static readonly Dictionary<string, string[]> ConnectionStringsByService = new()
    {
        ["targets"] = ["targetsdb", "messaging", "cache"],
        ["submissions"] = ["submissionsdb", "messaging"],
        ["notifications"] = ["notificationsdb", "messaging", "mail"],
        ["gateway"] = ["gatewaydb"],
    };

    static readonly string[] Databases = ["targetsdb", "submissionsdb", "notificationsdb", "gatewaydb"];

    [Theory]
    [InlineData("containers")]
    [InlineData("local")]
    [InlineData("existing")]
    public async Task Each_service_references_exactly_the_connection_strings_it_needs_and_waits_for_them(string mode)
    {
        await using var model = await AppModel.BuildAsync(mode);

        foreach (var (service, expected) in ConnectionStringsByService)
        {
            var project = model.Get<ProjectResource>(service);
            Assert.Equal(expected.ToHashSet(), AppModel.ConnectionStringsOf(project));
            Assert.Superset(expected.ToHashSet(), AppModel.WaitsFor(project).ToHashSet());
            Assert.True(AppModel.HasHealthCheck(project), $"{service} has no /health check");
        }
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("local")]
    [InlineData("existing")]
    public async Task Targets_starts_after_the_services_that_consume_its_events(string mode)
    {
        await using var model = await AppModel.BuildAsync(mode);

        var targets = model.Get<ProjectResource>("targets");
        Assert.Superset(new HashSet<string> { "submissions", "notifications" }, AppModel.WaitsFor(targets).ToHashSet());
        Assert.DoesNotContain("targets", AppModel.WaitsFor(model.Get<ProjectResource>("submissions")));
        Assert.DoesNotContain("targets", AppModel.WaitsFor(model.Get<ProjectResource>("notifications")));
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("local")]
    [InlineData("existing")]
    public async Task The_gateway_discovers_the_three_services_and_is_the_only_external_endpoint(string mode)
    {
        await using var model = await AppModel.BuildAsync(mode);

        var gateway = model.Get<ProjectResource>("gateway");
        Assert.Equal(new HashSet<string> { "targets", "submissions", "notifications" }, AppModel.ProjectsReferencedBy(gateway));
        Assert.Superset(new HashSet<string> { "gatewaydb", "targets", "submissions", "notifications" }, AppModel.WaitsFor(gateway).ToHashSet());
        Assert.Subset(new HashSet<string> { "postgres", "gatewaydb", "targets", "submissions", "notifications" }, AppModel.WaitsFor(gateway).ToHashSet());
        Assert.Contains(gateway.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http" && e.IsExternal);
        foreach (var service in new[] { "targets", "submissions", "notifications" })
            Assert.DoesNotContain(model.Get<ProjectResource>(service).Annotations.OfType<EndpointAnnotation>(), e => e.IsExternal);
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("local")]
    [InlineData("existing")]
    public async Task Every_service_gets_the_secret_signing_key_and_the_development_issuer(string mode)
    {
        await using var model = await AppModel.BuildAsync(mode);

        var key = model.Get<ParameterResource>("auth-signing-key");
        Assert.True(key.Secret, "auth-signing-key must be a secret parameter");
        foreach (var service in ConnectionStringsByService.Keys)
        {
            var environment = await AppModel.EnvironmentOf(model.Get<ProjectResource>(service));
            Assert.Same(key, environment["Auth__SigningKey"]);
            Assert.Equal("dxtrack-dev", environment["Auth__Issuer"]);
            Assert.Equal("dxtrack", environment["Auth__Audience"]);
        }
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("local")]
    [InlineData("existing")]
    public async Task A_configured_authority_reaches_every_service(string mode)
    {
        await using var model = await AppModel.BuildAsync(mode, "Parameters:auth-authority=https://login.backan.gov.vn/realms/dxtrack");

        var authority = model.Get<ParameterResource>("auth-authority");
        foreach (var service in ConnectionStringsByService.Keys)
        {
            var environment = await AppModel.EnvironmentOf(model.Get<ProjectResource>(service));
            Assert.Same(authority, environment["Auth__Authority"]);
            Assert.Equal("dxtrack", environment["Auth__Audience"]);
        }
    }

    [Fact]
    public async Task Without_an_authority_the_services_are_given_none()
    {
        await using var model = await AppModel.BuildAsync("existing");

        Assert.DoesNotContain(model.Resources, r => r.Name == "auth-authority");
        foreach (var service in ConnectionStringsByService.Keys)
            Assert.False((await AppModel.EnvironmentOf(model.Get<ProjectResource>(service))).ContainsKey("Auth__Authority"));
    }

    [Fact]
    public async Task An_authority_that_is_not_a_url_is_refused_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppModel.BuildAsync("existing", "Parameters:auth-authority=login.backan"));
        Assert.Contains("Parameters:auth-authority", error.ToString());
    }

    [Theory]
    [InlineData("containers", true)]
    [InlineData("local", true)]
    [InlineData("existing", false)]
    public async Task The_development_issuer_and_its_dashboard_command_exist_only_outside_existing_mode(string mode, bool development)
    {
        await using var model = await AppModel.BuildAsync(mode);

        var gateway = model.Get<ProjectResource>("gateway");
        Assert.Equal(development ? "true" : "false", (await AppModel.EnvironmentOf(gateway))["Auth__DevIssuer__Enabled"]);
        Assert.Equal(development, gateway.Annotations.OfType<ResourceCommandAnnotation>().Any(c => c.Name == "dev-tokens"));
    }

    [Fact]
    public async Task Containers_mode_uses_Aspire_container_resources()
    {
        await using var model = await AppModel.BuildAsync("containers");

        var postgres = model.Get<PostgresServerResource>("postgres");
        foreach (var name in Databases)
            Assert.Same(postgres, model.Get<PostgresDatabaseResource>(name).Parent);
        model.Get<RabbitMQServerResource>("messaging");
        model.Get<RedisResource>("cache");
        var mail = model.Get<MailDevResource>("mail");
        Assert.Contains(mail.Annotations.OfType<ContainerImageAnnotation>(), i => i.Image == "maildev/maildev");
        Assert.True(AppModel.HasHealthCheck(mail));
        Assert.Empty(Servers(model.Resources.OfType<ExecutableResource>()));
    }

    [Fact]
    public async Task Local_mode_runs_os_servers_as_executables_on_dynamic_ports_with_health_checks()
    {
        await using var model = await AppModel.BuildAsync("local");

        var postgres = model.Get<LocalPostgresResource>("postgres");
        foreach (var name in Databases)
        {
            var database = model.Get<LocalPostgresDatabaseResource>(name);
            Assert.Same(postgres, database.Parent);
            Assert.True(AppModel.HasHealthCheck(database), $"{name} has no health check");
        }
        Assert.True(postgres.PasswordParameter.Secret);

        IResource[] servers = [postgres, model.Get<LocalRabbitMQResource>("messaging"),
            model.Get<LocalRedisResource>("cache"), model.Get<LocalMailDevResource>("mail")];
        foreach (var server in servers)
        {
            Assert.IsAssignableFrom<ExecutableResource>(server);
            Assert.True(AppModel.HasHealthCheck(server), $"{server.Name} has no health check");
            // Dynamic, unproxied ports: no clash with system-wide servers or with a parallel run.
            foreach (var endpoint in server.Annotations.OfType<EndpointAnnotation>().Where(e => e.Name != "http"))
            {
                Assert.False(endpoint.IsProxied, $"{server.Name}/{endpoint.Name} is proxied");
                Assert.Null(endpoint.TargetPort);
            }
        }
        Assert.Empty(model.Resources.OfType<ContainerResource>());
    }

    [Fact]
    public async Task Existing_mode_only_reads_connection_strings()
    {
        await using var model = await AppModel.BuildAsync("existing");

        foreach (var name in Databases.Concat(["messaging", "cache", "mail"]))
            Assert.IsAssignableFrom<IResourceWithConnectionString>(model.Resources.Single(r => r.Name == name));
        Assert.DoesNotContain(model.Resources, r => r.Name == "postgres");
        Assert.Empty(model.Resources.OfType<ContainerResource>());
        Assert.Empty(Servers(model.Resources.OfType<ExecutableResource>()));
    }

    [Fact]
    public async Task The_gateway_and_mail_ui_ports_are_fixed_by_default_and_configurable()
    {
        await using (var model = await AppModel.BuildAsync("local"))
        {
            Assert.Equal(5080, model.Get<ProjectResource>("gateway").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port);
            Assert.Equal(1080, model.Get<LocalMailDevResource>("mail").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").TargetPort);
        }
        await using (var model = await AppModel.BuildAsync("local", "DxTrack:GatewayPort=0", "DxTrack:MailUiPort=1181"))
        {
            Assert.Null(model.Get<ProjectResource>("gateway").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port);
            Assert.Equal(1181, model.Get<LocalMailDevResource>("mail").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").TargetPort);
        }
    }

    // Aspire adds a "<project>-rebuilder" executable under each project; those are not servers.
    static IEnumerable<ExecutableResource> Servers(IEnumerable<ExecutableResource> executables) =>
        executables.Where(e => e is not IResourceWithParent { Parent: ProjectResource });

    [Fact]
    public async Task An_unknown_mode_is_refused_with_the_allowed_values()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppModel.BuildAsync("kubernetes"));
        Assert.Contains("containers, local, existing", error.ToString());
    }
}
