using DxTrack.Contracts;

namespace DxTrack.Notifications.Tests.Support;

/// <summary>Valid events by default; tests change only what their rule is about.</summary>
public static class Events
{
    public static string NewAgencyCode() => $"A{Guid.NewGuid():N}"[..12].ToUpperInvariant();

    public static AgencyContact Staff(string code, int n = 1) =>
        new($"Nguyễn Văn {n}", $"canbo{n}@{code.ToLowerInvariant()}.example.vn", Phone(code, n), IsHead: false);

    public static AgencyContact Head(string code) =>
        new("Trần Thị Giám Đốc", $"giamdoc@{code.ToLowerInvariant()}.example.vn", Phone(code, 0), IsHead: true);

    /// <summary>A phone number of the agency's own, so tests sharing a host never count each other's SMS.</summary>
    static string Phone(string code, int n) => $"+849{(uint)HashCode.Combine(code.ToLowerInvariant(), n) % 100_000_000:D8}";

    public static AgencyChanged Agency(string code, long version = 1, params AgencyContact[] contacts) =>
        new(code, $"Sở thử nghiệm {code}", AgencyKind.Department, null, true,
            contacts.Length > 0 ? contacts : [Staff(code), Head(code)], version, DateTimeOffset.UtcNow);

    public static ObligationOpened Obligation(string agencyCode, DateTimeOffset dueAt, string title = "Báo cáo tiến độ nhiệm vụ",
        string subjectCode = "NV-01") =>
        new(Guid.NewGuid(), agencyCode, ObligationSubject.Task, Guid.NewGuid(), subjectCode, title, "2027-Q1", dueAt, null, dueAt.AddDays(-30));

    public static SubmissionReceived Received(ObligationOpened o, int revision = 1) =>
        new(Guid.NewGuid(), o.ObligationId, o.AgencyCode, revision, DateTimeOffset.UtcNow, false);
}
