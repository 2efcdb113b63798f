namespace DxTrack.Messaging.Outbox;

/// <summary>Part of a batch could not be published; the rows stay pending and are retried.</summary>
public sealed class OutboxDispatchException(string message, Exception inner) : Exception(message, inner);
