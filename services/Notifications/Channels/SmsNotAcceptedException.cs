namespace DxTrack.Notifications.Channels;

/// <summary>The SMS provider answered, but its answer says it did not take the message (an error code in a 200).</summary>
public sealed class SmsNotAcceptedException(string message) : Exception(message);
