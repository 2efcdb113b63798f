namespace DxTrack.Submissions.Replica;

/// <summary>
/// An event refers to data this service has not received yet (events may arrive out of order).
/// Thrown so the bus retries the message until the replica catches up, then parks it in <c>_error</c>.
/// </summary>
public sealed class ReplicaNotReadyException(string message) : Exception(message);
