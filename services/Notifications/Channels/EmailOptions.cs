using System.ComponentModel.DataAnnotations;

namespace DxTrack.Notifications.Channels;

/// <summary>Sender details. Section <c>Notifications:Email</c>; the server comes from connection string <c>mail</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Notifications:Email";

    /// <summary>From address, e.g. <c>DxTrack &lt;no-reply@dxtrack.local&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "DxTrack <no-reply@dxtrack.local>";

    /// <summary>Longest wait for the mail server per message.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections to the mail server open at once (each one carries many messages, one after another).</summary>
    [Range(1, 64)]
    public int MaxConnections { get; set; } = 4;

    /// <summary>A kept connection unused this long is closed instead of reused (servers drop idle clients).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
