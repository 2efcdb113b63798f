namespace DxTrack.Notifications.Channels;

/// <summary>Hands a text message to an SMS provider.</summary>
public interface ISmsProvider
{
    /// <summary>Sends the text and returns the provider's message id (if it gives one); throws when it was not accepted.</summary>
    Task<string?> SendAsync(string phone, string text, CancellationToken ct);
}
