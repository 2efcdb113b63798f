using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using DxTrack.TestSupport;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>A real SMTP server (maildev) of the test's own, on free ports, with its REST API for reading mail.</summary>
public sealed class MailDevServer : IAsyncDisposable
{
    readonly Process _process;
    readonly HttpClient _http;
    string _listPath = "/email";

    MailDevServer(Process process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
    }

    public int SmtpPort { get; }
    public int WebPort { get; }

    /// <summary>Value for connection string <c>mail</c>.</summary>
    public string ConnectionString => $"smtp://127.0.0.1:{SmtpPort}";

    public static async Task<MailDevServer> StartAsync()
    {
        var executable = FindOnPath("maildev")
                         ?? throw new InvalidOperationException(
                             "maildev is not on PATH. Install it (npm install -g maildev, as ./test.sh does) to run the e-mail tests.");
        var smtp = FreePort();
        var web = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--smtp", smtp.ToString(), "--web", web.ToString(), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("maildev did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MailDevServer(process, smtp, web);
        await Eventually.Until(server.ReadyAsync, TimeSpan.FromSeconds(30), "maildev answers on its web port");
        return server;
    }

    async Task<bool> ReadyAsync()
    {
        if (_process.HasExited) throw new InvalidOperationException($"maildev exited with code {_process.ExitCode}.");
        try
        {
            foreach (var path in new[] { "/email", "/api/email" })
            {
                var response = await _http.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK) continue;
                var body = await response.Content.ReadAsStringAsync();
                if (!body.TrimStart().StartsWith('[')) continue;
                _listPath = path;
                return await SmtpAnswersAsync();
            }
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    async Task<bool> SmtpAnswersAsync()
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Every mail received so far.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailsAsync() =>
        await _http.GetFromJsonAsync<List<ReceivedMail>>(_listPath) ?? [];

    /// <summary>Mails whose envelope went to <paramref name="address"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MailsToAsync(string address) =>
        (await MailsAsync()).Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>A mail as maildev's API returns it.</summary>
public sealed record ReceivedMail(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("to")] IReadOnlyList<MailAddress>? To,
    [property: JsonPropertyName("envelope")] MailEnvelope? Envelope,
    [property: JsonPropertyName("headers")] Dictionary<string, object>? Headers)
{
    public IReadOnlyList<string> Recipients =>
        (Envelope?.To ?? To ?? []).Select(a => a.Address).ToList();
}

public sealed record MailAddress([property: JsonPropertyName("address")] string Address);

public sealed record MailEnvelope([property: JsonPropertyName("to")] IReadOnlyList<MailAddress>? To);
