using System.Collections.Concurrent;

namespace DxTrack.Notifications.Channels;

/// <summary>Keeps SMS in memory (and logs that one was recorded) instead of sending them: for development.</summary>
public sealed class RecordingSmsProvider(ILogger<RecordingSmsProvider> logger) : ISmsProvider
{
    readonly ConcurrentQueue<RecordedSms> _messages = new();

    public IReadOnlyCollection<RecordedSms> Messages => _messages;

    public Task<string?> SendAsync(string phone, string text, CancellationToken ct)
    {
        var id = $"rec-{Guid.NewGuid():N}";
        _messages.Enqueue(new RecordedSms(id, phone, text));
        logger.LogInformation("SMS {ProviderMessageId} recorded ({Length} characters), not sent", id, text.Length);
        return Task.FromResult<string?>(id);
    }
}

/// <summary>An SMS the recording provider kept.</summary>
public sealed record RecordedSms(string Id, string Phone, string Text);
