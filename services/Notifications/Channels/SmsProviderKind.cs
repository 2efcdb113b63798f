namespace DxTrack.Notifications.Channels;

/// <summary>Which SMS provider adapter is used.</summary>
public enum SmsProviderKind
{
    /// <summary>Stores messages in memory and the log only: development and tests.</summary>
    Recording,
    /// <summary>Posts to an HTTP provider (a brand-name SMS gateway) as configured.</summary>
    Http,
}
