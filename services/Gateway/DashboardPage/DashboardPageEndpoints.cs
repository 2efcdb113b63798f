using System.Reflection;

namespace DxTrack.Gateway.DashboardPage;

/// <summary>
/// The Steering Committee's dashboard page at <c>/dashboard/</c>: three files embedded in the gateway, served to anyone
/// (the page holds no data). Its script signs in with a token or an API key and reads <c>/api/dashboard/**</c>
/// like any other client, from the same origin, so neither CORS nor any outside resource is involved.
/// </summary>
public static class DashboardPageEndpoints
{
    const string Path = "/dashboard";

    static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
    };

    // Scripts, styles and data only from the gateway itself; charts are SVG drawn by the page's own script.
    const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapDashboardPage(this WebApplication app)
    {
        var contents = Files.ToDictionary(f => f.Key, f => Read(f.Key));
        app.MapGet(Path + "/{file?}", (string? file, HttpContext http) =>
            {
                // Routing ignores a trailing slash, the page's relative links do not: /dashboard becomes /dashboard/.
                if (string.IsNullOrEmpty(file) && !http.Request.Path.Value!.EndsWith('/')) return Results.Redirect(Path + "/");
                file = string.IsNullOrEmpty(file) ? "index.html" : file;
                if (!contents.TryGetValue(file, out var bytes))
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "The dashboard page has no such file.");
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, Files[file]);
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    static byte[] Read(string file)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream("DashboardPage/" + file)
                           ?? throw new InvalidOperationException($"The dashboard page file {file} is not embedded in the gateway.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
