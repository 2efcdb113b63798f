using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace DxTrack.AppHost.Infrastructure;

/// <summary>
/// The AppHost's own configuration (section <c>DxTrack</c>), read from command-line arguments,
/// environment variables or user secrets. Documented in the README under "Modes and configuration".
/// </summary>
public static class DxSettings
{
    public const string ModeKey = "DxTrack:Mode";
    public const string DataDirectoryKey = "DxTrack:DataDirectory";
    public const string GatewayPortKey = "DxTrack:GatewayPort";
    public const string MailUiPortKey = "DxTrack:MailUiPort";

    public const int DefaultGatewayPort = 5080;
    public const int DefaultMailUiPort = 1080;

    /// <summary>
    /// <c>DxTrack:Mode</c>, else <c>DXTRACK_MODE</c>, else <c>containers</c> when a container runtime
    /// answers and <c>local</c> when none does. The answer is written back to configuration so the
    /// runtime is probed once.
    /// </summary>
    public static DxMode Mode(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ModeKey];
        if (string.IsNullOrWhiteSpace(configured)) configured = builder.Configuration["DXTRACK_MODE"];
        DxMode mode;
        if (string.IsNullOrWhiteSpace(configured))
            mode = ContainerRuntimeAnswers() ? DxMode.Containers : DxMode.Local;
        else if (!Enum.TryParse(configured.Trim(), ignoreCase: true, out mode) || !Enum.IsDefined(mode))
            throw new DistributedApplicationException(
                $"{ModeKey} is '{configured}'; expected one of: containers, local, existing.");
        builder.Configuration[ModeKey] = mode.ToString().ToLowerInvariant();
        return mode;
    }

    /// <summary>
    /// Where local servers keep their data: <c>DxTrack:DataDirectory</c>, else <c>.dxtrack/local</c>
    /// at the repository root (the AppHost project's parent folder; git-ignored).
    /// </summary>
    public static string DataDirectory(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[DataDirectoryKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", ".dxtrack", "local")
            : configured);
    }

    /// <summary>The gateway's public port (<c>DxTrack:GatewayPort</c>, default 5080; 0 = any free port).</summary>
    public static int? GatewayPort(this IDistributedApplicationBuilder builder) =>
        Port(builder.Configuration, GatewayPortKey, DefaultGatewayPort);

    /// <summary>The mail web UI's port (<c>DxTrack:MailUiPort</c>, default 1080; 0 = any free port).</summary>
    public static int? MailUiPort(this IDistributedApplicationBuilder builder) =>
        Port(builder.Configuration, MailUiPortKey, DefaultMailUiPort);

    static int? Port(IConfiguration configuration, string key, int fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (!int.TryParse(value, out var port) || port is < 0 or > 65535)
            throw new DistributedApplicationException($"{key} is '{value}'; expected a port number (0 = any free port).");
        return port == 0 ? null : port;
    }

    // `docker info` only succeeds when an engine answers; a client alone (as on these machines) fails fast.
    static bool ContainerRuntimeAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            });
            if (docker is null) return false;
            docker.StandardInput.Close();
            if (!docker.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }
            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client at all
        }
    }
}
