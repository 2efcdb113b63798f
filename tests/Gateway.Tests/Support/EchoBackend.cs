using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DxTrack.Gateway.Tests.Support;

/// <summary>
/// A stand-in for one service on a real port: it answers every request with what it received, so a test
/// sees exactly what the gateway forwarded. It also plays the parts a real service plays: its OpenAPI
/// document (which names its internal address), a plain answer, a slow answer, a 201 with an absolute
/// Location, and the revealing headers a careless server sends (its own address among them).
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    readonly WebApplication _app;

    EchoBackend(WebApplication app, string name, string address)
    {
        _app = app;
        Name = name;
        Address = address;
    }

    public string Name { get; }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string Address { get; }

    public static async Task<EchoBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "echo-" + name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        string? self = null;
        app.Run(context => Answer(context, name, self!));
        await app.StartAsync();
        self = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("localhost", "127.0.0.1").TrimEnd('/');
        return new EchoBackend(app, name, self);
    }

    static async Task Answer(HttpContext context, string name, string self)
    {
        var path = context.Request.Path.Value ?? "";
        context.Response.Headers["X-Powered-By"] = "ASP.NET";
        context.Response.Headers["Server"] = "Kestrel";
        context.Response.Headers["X-Backend-Address"] = self;

        if (path == "/openapi/v1.json")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                openapi = "3.1.1",
                info = new { title = $"DxTrack.{name} | v1", version = "1.0.0" },
                servers = new[] { new { url = self + "/" } },
                paths = new Dictionary<string, object> { [$"/api/{name}/ping"] = new { get = new { responses = new { } } } },
            }));
            return;
        }
        if (path.EndsWith("/plain", StringComparison.Ordinal))
        {
            // An ordinary answer with nothing of the request in it, so only the headers can give the service away.
            await context.Response.WriteAsJsonAsync(new { agencies = new[] { "STTTT", "SYT" } });
            return;
        }
        if (path.EndsWith("/slow", StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            return;
        }
        if (path.EndsWith("/created", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = self + path + "/42";
        }

        long bodyLength = 0;
        var buffer = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0) bodyLength += read;

        await context.Response.WriteAsJsonAsync(new Echo(
            name, context.Request.Method, path, context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            bodyLength));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What a stand-in service received.</summary>
public sealed record Echo(string Service, string Method, string Path, string Query, Dictionary<string, string> Headers, long BodyLength)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
