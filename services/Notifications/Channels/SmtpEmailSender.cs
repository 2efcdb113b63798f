using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DxTrack.Notifications.Channels;

/// <summary>
/// Sends through the SMTP server of connection string <c>mail</c> (<c>smtp://host:port</c>, or
/// <c>smtps://user:pass@host:port</c> for TLS on connect). Connections are kept and reused (a reminder round sends
/// thousands of digests; a new connection each costs the server a handshake), at most
/// <see cref="EmailOptions.MaxConnections"/> at once; one idle longer than <see cref="EmailOptions.IdleTimeout"/> is
/// closed rather than reused, and a send that fails on a reused connection is tried once more on a fresh one, since
/// the server may have dropped it meanwhile.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender, IAsyncDisposable
{
    public const string ConnectionName = "mail";

    readonly IConfiguration _configuration;
    readonly EmailOptions _options;
    readonly TimeProvider _clock;
    readonly ConcurrentBag<Pooled> _idle = [];
    readonly SemaphoreSlim _slots;

    public SmtpEmailSender(IConfiguration configuration, IOptions<EmailOptions> options, TimeProvider clock)
    {
        _configuration = configuration;
        _options = options.Value;
        _clock = clock;
        _slots = new SemaphoreSlim(_options.MaxConnections, _options.MaxConnections);
    }

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var server = ServerUri(_configuration.GetConnectionString(ConnectionName))
                     ?? throw new InvalidOperationException($"No mail server: connection string '{ConnectionName}' is not set.");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.TextBody };
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("dxtrack.local");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        await _slots.WaitAsync(timeout.Token);
        try
        {
            var reused = TakeIdle(server);
            if (reused is not null)
            {
                try
                {
                    await reused.Client.SendAsync(message, timeout.Token);
                    Return(reused);
                    return message.MessageId;
                }
                catch (Exception e) when (e is IOException or SmtpProtocolException or ServiceNotConnectedException)
                {
                    reused.Client.Dispose(); // dropped by the server while idle: try a fresh connection below
                }
            }

            var fresh = new Pooled(server, new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds });
            try
            {
                await ConnectAsync(fresh, timeout.Token);
                await fresh.Client.SendAsync(message, timeout.Token);
            }
            catch
            {
                fresh.Client.Dispose();
                throw;
            }
            Return(fresh);
            return message.MessageId;
        }
        finally
        {
            _slots.Release();
        }
    }

    Pooled? TakeIdle(Uri server)
    {
        while (_idle.TryTake(out var pooled))
        {
            if (pooled.Server == server && pooled.Client.IsConnected && _clock.GetUtcNow() - pooled.LastUsed < _options.IdleTimeout)
                return pooled;
            _ = CloseAsync(pooled);
        }
        return null;
    }

    void Return(Pooled pooled)
    {
        pooled.LastUsed = _clock.GetUtcNow();
        _idle.Add(pooled);
    }

    static async Task ConnectAsync(Pooled pooled, CancellationToken ct)
    {
        var security = pooled.Server.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
        await pooled.Client.ConnectAsync(pooled.Server.Host, pooled.Server.Port, security, ct);
        var user = pooled.Server.UserInfo.Split(':', 2);
        if (user.Length == 2)
            await pooled.Client.AuthenticateAsync(Uri.UnescapeDataString(user[0]), Uri.UnescapeDataString(user[1]), ct);
    }

    static async Task CloseAsync(Pooled pooled)
    {
        try
        {
            if (pooled.Client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await pooled.Client.DisconnectAsync(true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException or ServiceNotConnectedException)
        {
            // Closing a connection the server already dropped: nothing to do.
        }
        finally
        {
            pooled.Client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var pooled)) await CloseAsync(pooled);
        _slots.Dispose();
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

    sealed class Pooled(Uri server, SmtpClient client)
    {
        public Uri Server { get; } = server;
        public SmtpClient Client { get; } = client;
        public DateTimeOffset LastUsed { get; set; }
    }
}
