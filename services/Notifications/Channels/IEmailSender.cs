namespace DxTrack.Notifications.Channels;

/// <summary>Hands an e-mail to a mail server.</summary>
public interface IEmailSender
{
    /// <summary>Sends the message and returns its Message-Id; throws when the server did not take it.</summary>
    Task<string> SendAsync(OutgoingEmail email, CancellationToken ct);
}
