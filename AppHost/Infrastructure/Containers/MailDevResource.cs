namespace DxTrack.AppHost.Infrastructure.Containers;

/// <summary>The maildev container: an SMTP sink (connection string <c>smtp://host:port</c>) with a web UI.</summary>
public sealed class MailDevResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";
    public const string WebEndpointName = "http";

    public EndpointReference Smtp => new(this, SmtpEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"smtp://{Smtp.Property(EndpointProperty.HostAndPort)}");
}
