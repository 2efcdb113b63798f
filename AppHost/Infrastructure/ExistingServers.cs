namespace DxTrack.AppHost.Infrastructure;

/// <summary>
/// <c>existing</c> mode: servers someone else runs. Each resource is a connection string read from
/// <c>ConnectionStrings:{name}</c> (user secrets, environment <c>ConnectionStrings__{name}</c>, …).
/// </summary>
public static class ExistingServers
{
    /// <summary>No server resource: each database is its own connection string.</summary>
    public static DxPostgres AddPostgres(IDistributedApplicationBuilder builder) =>
        new(server: null, addDatabase: name => AddConnectionString(builder, name));

    public static IResourceBuilder<IResourceWithConnectionString> AddConnectionString(
        IDistributedApplicationBuilder builder, string name) => builder.AddConnectionString(name);
}
