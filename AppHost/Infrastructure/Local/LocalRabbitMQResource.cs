namespace DxTrack.AppHost.Infrastructure.Local;

/// <summary>
/// RabbitMQ from the operating system's package, a private node (own cookie, node name, data and
/// ports) with the management plugin on its own port. Default user guest/guest, loopback only.
/// </summary>
public sealed class LocalRabbitMQResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string AmqpEndpointName = "tcp";
    public const string ManagementEndpointName = "management";
    public const string DistributionEndpointName = "dist";

    public EndpointReference Amqp => new(this, AmqpEndpointName);

    public EndpointReference Management => new(this, ManagementEndpointName);

    public EndpointReference Distribution => new(this, DistributionEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://guest:guest@127.0.0.1:{Amqp.Property(EndpointProperty.TargetPort)}");
}
