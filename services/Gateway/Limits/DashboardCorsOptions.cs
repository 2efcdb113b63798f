namespace DxTrack.Gateway.Limits;

/// <summary>Origins of the dashboard page allowed to call <c>/api/dashboard/**</c> from a browser. Section <c>Gateway:Cors</c>.</summary>
public sealed class DashboardCorsOptions
{
    public const string Section = "Gateway:Cors";

    /// <summary>Exact origins, e.g. <c>https://dx.example.gov.vn</c>. Empty: no browser origin is allowed.</summary>
    public string[] Origins { get; set; } = [];
}
