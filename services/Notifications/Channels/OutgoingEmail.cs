namespace DxTrack.Notifications.Channels;

/// <summary>An e-mail ready to send.</summary>
public sealed record OutgoingEmail(string To, string ToName, string Subject, string TextBody);
