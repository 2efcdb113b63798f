namespace DxTrack.AppHost.Infrastructure.Local;

/// <summary>A database on a <see cref="LocalPostgresResource"/>; the AppHost creates it once the server is ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public string DatabaseName => databaseName;

    public LocalPostgresResource Parent => parent;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
