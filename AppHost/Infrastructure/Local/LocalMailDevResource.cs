namespace DxTrack.AppHost.Infrastructure.Local;

/// <summary>maildev from npm: an SMTP sink (connection string <c>smtp://host:port</c>) with a web UI.</summary>
public sealed class LocalMailDevResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";
    public const string WebEndpointName = "http";

    public EndpointReference Smtp => new(this, SmtpEndpointName);

    public EndpointReference Web => new(this, WebEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"smtp://127.0.0.1:{Smtp.Property(EndpointProperty.TargetPort)}");
}
