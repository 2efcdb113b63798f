namespace DxTrack.Contracts;

/// <summary>A person at an agency who receives reminders.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Email">E-mail address, or null.</param>
/// <param name="Phone">Mobile number normalised to <c>+84…</c>, or null.</param>
/// <param name="IsHead">The agency's head: escalated reminders go to this contact.</param>
/// <param name="SmsOptOut">The contact asked not to receive SMS.</param>
public sealed record AgencyContact(string Name, string? Email, string? Phone, bool IsHead, bool SmsOptOut = false);
