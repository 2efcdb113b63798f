namespace DxTrack.Notifications.Reminders;

/// <summary>A contact with its preferences already resolved, as planning needs it.</summary>
public sealed record ContactAddress(string Name, string? Email, string? Phone, bool IsHead, bool SmsOptOut, string Language);
