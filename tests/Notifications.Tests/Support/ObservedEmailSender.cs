using DxTrack.Notifications.Channels;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>The service's own SMTP sender, with a hook a test sets to act right after a message was accepted.</summary>
public sealed class ObservedEmailSender(SmtpEmailSender inner) : IEmailSender
{
    public Action<OutgoingEmail>? AfterSend { get; set; }

    public async Task<string> SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var id = await inner.SendAsync(email, ct);
        AfterSend?.Invoke(email);
        return id;
    }
}
