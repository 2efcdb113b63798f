using DxTrack.Notifications.Channels;
using DxTrack.Notifications.Tests.Support;
using DxTrack.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DxTrack.Notifications.Tests;

/// <summary>The SMTP channel against a real mail server (maildev), through a relay that counts and cuts connections.</summary>
public sealed class SmtpEmailSenderTests
{
    static SmtpEmailSender Sender(int port, int maxConnections) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:mail"] = $"smtp://127.0.0.1:{port}",
        }).Build(),
        Options.Create(new EmailOptions { MaxConnections = maxConnections }),
        TimeProvider.System);

    static OutgoingEmail Mail(int i) => new($"can-bo-{i}@smtp-pool.test", $"Cán bộ {i}", $"Nhắc hạn báo cáo {i}", $"Nội dung {i}");

    [Fact]
    public async Task Many_messages_share_a_few_kept_connections_and_each_arrives_once()
    {
        await using var mail = await MailDevServer.StartAsync();
        await using var relay = new TcpRelay(mail.SmtpPort);
        await using var sender = Sender(relay.Port, maxConnections: 3);

        var ids = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => sender.SendAsync(Mail(i), CancellationToken.None)));

        var received = await Eventually.Until(mail.MailsAsync, m => m.Count >= 30, because: "maildev received the 30 messages");
        Assert.Equal(30, received.Count);
        Assert.Equal(30, ids.Distinct().Count());
        Assert.All(Enumerable.Range(0, 30), i => Assert.Single(received, m => m.Recipients.Contains($"can-bo-{i}@smtp-pool.test")));
        Assert.InRange(relay.Accepted, 1, 3);
    }

    [Fact]
    public async Task A_kept_connection_the_server_dropped_is_replaced_and_the_message_still_goes_once()
    {
        await using var mail = await MailDevServer.StartAsync();
        await using var relay = new TcpRelay(mail.SmtpPort);
        await using var sender = Sender(relay.Port, maxConnections: 1);

        await sender.SendAsync(Mail(1), CancellationToken.None);
        relay.DropAll();
        await sender.SendAsync(Mail(2), CancellationToken.None);

        var received = await Eventually.Until(mail.MailsAsync, m => m.Count >= 2, because: "both messages reached maildev");
        Assert.Equal(2, received.Count);
        Assert.Single(received, m => m.Recipients.Contains("can-bo-2@smtp-pool.test"));
        Assert.Equal(2, relay.Accepted);
    }
}
