using Microsoft.Extensions.DependencyInjection;
namespace DxTrack.AppHost.Infrastructure.Containers;

/// <summary><c>containers</c> mode: Aspire's container resources, data in named volumes.</summary>
public static class ContainerServers
{
    public static DxPostgres AddPostgres(IDistributedApplicationBuilder builder, string name)
    {
        var server = builder.AddPostgres(name).WithDataVolume();
        return new DxPostgres(server, database => server.AddDatabase(database));
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(IDistributedApplicationBuilder builder, string name) =>
        builder.AddRabbitMQ(name).WithManagementPlugin().WithDataVolume();

    public static IResourceBuilder<IResourceWithConnectionString> AddRedis(IDistributedApplicationBuilder builder, string name) =>
        builder.AddRedis(name).WithDataVolume();

    public static IResourceBuilder<IResourceWithConnectionString> AddMailDev(IDistributedApplicationBuilder builder, string name)
    {
        var mail = builder.AddResource(new MailDevResource(name))
            .WithImage("maildev/maildev", "2.2.1")
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: 1025, name: MailDevResource.SmtpEndpointName, scheme: "tcp")
            .WithHttpEndpoint(port: builder.MailUiPort(), targetPort: 1080, name: MailDevResource.WebEndpointName)
            .WithUrlForEndpoint(MailDevResource.WebEndpointName, url => url.DisplayText = "Mail UI");
        var check = $"{name}_smtp";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, ct =>
            ServerProbes.SmtpAsync(mail.Resource.Smtp.Host, mail.Resource.Smtp.Port, ct));
        return mail.WithHealthCheck(check);
    }
}
