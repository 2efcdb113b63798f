using DxTrack.AppHost.Infrastructure.Containers;
using DxTrack.AppHost.Infrastructure.Local;

namespace DxTrack.AppHost.Infrastructure;

/// <summary>The infrastructure DxTrack needs, provided the way <see cref="DxSettings.Mode"/> says.</summary>
public static class DxInfrastructureExtensions
{
    public static DxPostgres AddDxPostgres(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.Mode() switch
        {
            DxMode.Containers => ContainerServers.AddPostgres(builder, name),
            DxMode.Local => LocalServers.AddPostgres(builder, name),
            _ => ExistingServers.AddPostgres(builder),
        };

    public static IResourceBuilder<IResourceWithConnectionString> AddDxRabbitMQ(
        this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.Mode() switch
        {
            DxMode.Containers => ContainerServers.AddRabbitMQ(builder, name),
            DxMode.Local => LocalServers.AddRabbitMQ(builder, name),
            _ => ExistingServers.AddConnectionString(builder, name),
        };

    public static IResourceBuilder<IResourceWithConnectionString> AddDxRedis(
        this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.Mode() switch
        {
            DxMode.Containers => ContainerServers.AddRedis(builder, name),
            DxMode.Local => LocalServers.AddRedis(builder, name),
            _ => ExistingServers.AddConnectionString(builder, name),
        };

    /// <summary>An SMTP sink with a web UI; its connection string is <c>smtp://host:port</c>.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDxMail(
        this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.Mode() switch
        {
            DxMode.Containers => ContainerServers.AddMailDev(builder, name),
            DxMode.Local => LocalServers.AddMailDev(builder, name),
            _ => ExistingServers.AddConnectionString(builder, name),
        };
}
