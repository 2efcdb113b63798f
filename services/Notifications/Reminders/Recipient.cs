namespace DxTrack.Notifications.Reminders;

/// <summary>Who a planned reminder goes to, in which language, and whether as an escalation.</summary>
public sealed record Recipient(string Address, string Name, string Language, bool Escalation = false);
