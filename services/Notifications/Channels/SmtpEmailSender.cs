using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DxTrack.Notifications.Channels;

/// <summary>
/// Sends through the SMTP server of connection string <c>mail</c> (<c>smtp://host:port</c>, or
/// <c>smtps://user:pass@host:port</c> for TLS on connect), one connection per message.
/// </summary>
public sealed class SmtpEmailSender(IConfiguration configuration, IOptions<EmailOptions> options) : IEmailSender
{
    public const string ConnectionName = "mail";

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var server = ServerUri(configuration.GetConnectionString(ConnectionName))
                     ?? throw new InvalidOperationException($"No mail server: connection string '{ConnectionName}' is not set.");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.TextBody };
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("dxtrack.local");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        using var smtp = new SmtpClient { Timeout = (int)options.Value.Timeout.TotalMilliseconds };
        var security = server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
        await smtp.ConnectAsync(server.Host, server.Port, security, timeout.Token);
        var user = server.UserInfo.Split(':', 2);
        if (user.Length == 2)
            await smtp.AuthenticateAsync(Uri.UnescapeDataString(user[0]), Uri.UnescapeDataString(user[1]), timeout.Token);
        await smtp.SendAsync(message, timeout.Token);
        await smtp.DisconnectAsync(true, timeout.Token);
        return message.MessageId;
    }

    /// <summary>Reads <c>smtp://host:port</c> or Aspire's <c>Endpoint=smtp://host:port</c>; null when unset.</summary>
    public static Uri? ServerUri(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return null;
        var value = connectionString.Trim();
        if (value.StartsWith("Endpoint=", StringComparison.OrdinalIgnoreCase)) value = value["Endpoint=".Length..].Split(';')[0];
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps") || uri.Port <= 0)
            throw new InvalidOperationException($"Connection string '{ConnectionName}' must look like smtp://host:port.");
        return uri;
    }
}
