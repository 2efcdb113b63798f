namespace DxTrack.AppHost.Infrastructure.Local;

/// <summary>
/// PostgreSQL from the operating system's package, run by <c>AppHost/local/postgres.sh</c> on a
/// port chosen at start, listening on loopback only.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    /// <summary>Database name by resource name, in the order they were added.</summary>
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    public ParameterResource PasswordParameter => password;

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.TargetPort)};Username=postgres;Password={PasswordParameter}");
}
