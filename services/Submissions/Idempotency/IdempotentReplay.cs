using System.Text;

namespace DxTrack.Submissions.Idempotency;

/// <summary>A retried request's answer: the first answer to its key, as it was sent, marked as a replay.</summary>
public sealed class IdempotentReplay(IdempotencyRecord first) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => first.StatusCode;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = first.StatusCode;
        http.Response.Headers[IdempotencyFilter.ReplayedHeader] = "true";
        if (first.Location is not null) http.Response.Headers.Location = first.Location;
        if (first.ResponseBody is null) return;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(first.ResponseBody), http.RequestAborted);
    }
}
