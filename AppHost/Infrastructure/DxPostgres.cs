namespace DxTrack.AppHost.Infrastructure;

/// <summary>
/// The PostgreSQL server as the current mode provides it: a container, a local server or, in
/// <c>existing</c> mode, nothing but the databases' connection strings.
/// </summary>
public sealed class DxPostgres(
    IResourceBuilder<IResource>? server,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    /// <summary>The server resource; <c>null</c> in <c>existing</c> mode.</summary>
    public IResourceBuilder<IResource>? Server => server;

    /// <summary>A database named like its resource (and its connection string).</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase([ResourceName] string name) => addDatabase(name);
}
