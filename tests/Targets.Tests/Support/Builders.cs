namespace DxTrack.Targets.Tests.Support;

/// <summary>Valid requests by default; tests change what their rule is about.</summary>
public static class Builders
{
    static int _sequence;

    public static string UniqueCode(string prefix = "AG") => $"{prefix}-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid().ToString("N")[..6]}".ToUpperInvariant();

    public static object Agency(string code, string kind = "Department", string? parentCode = null, string? phone = "0912345678") => new
    {
        code,
        name = $"Sở thử nghiệm {code}",
        kind,
        parentCode,
        contacts = new[] { new { name = "Nguyễn Văn An", email = $"an.{code.ToLowerInvariant()}@backan.example.gov.vn", phone, isHead = true } },
    };

    public static object AdHocObligation(string agencyCode, string period = "2026-Q4", string dueDate = "2026-12-31") => new
    {
        agencyCode,
        title = "Báo cáo tiến độ chuyển đổi số quý IV",
        period,
        dueDate,
    };
}
